package keystorm.engine.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;
import keystorm.engine.api.Limits;

/**
 * The write-ahead log of real runs, written by one flusher thread.
 *
 * <p>Writers {@link #append} a record (it is framed and buffered, and gets a sequence number),
 * then, under policy {@link SyncPolicy#ALWAYS}, {@link #awaitDurable} until the flusher has
 * written and fsynced it. The flusher takes everything buffered at once, so writers that arrive
 * while an fsync runs share the next one (group commit). Under {@link SyncPolicy#BATCH} the
 * flusher writes and fsyncs every {@code batchMillis}; under {@link SyncPolicy#NEVER} it writes
 * and never fsyncs (the segment is forced only when it is closed).
 *
 * <p>When a segment outgrows {@code snapshotBytes}, the flusher starts a new one and a snapshot
 * thread writes a snapshot; once the snapshot is durable, the older segments and snapshots are
 * deleted.
 *
 * <p>The buffer holds at most {@code bufferBytesMax} bytes ({@link Limits#logBufferBytesMax()}):
 * an append that would pass it is refused with a ThrottlingException, so the caller applies
 * nothing, rather than let a flusher that falls behind grow the buffer without bound.
 *
 * <p>The flusher times its batches with {@link System#nanoTime()}, not the engine's clock: it is a
 * real thread sleeping real time, and a manual clock that never moves would stop it.
 */
final class ThreadedLog implements WriteAheadLog {
    private static final Logger LOG = Logger.getLogger(ThreadedLog.class.getName());

    private final SyncPolicy policy;
    private final long batchNanos;
    private final long snapshotBytes;
    private final long bufferBytesMax;
    private final SnapshotSource snapshots;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition work = lock.newCondition();
    private final Condition synced = lock.newCondition();
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream(64 * 1024);
    private long appendedSeq;
    private long syncedSeq;
    private boolean stopping;
    private boolean crashed;
    private IOException failure;

    // flusher-owned
    private final Segments segments;
    private final Thread flusher;
    private volatile Thread snapshotter;
    private long fsyncs;

    ThreadedLog(Path dir, int firstSegment, SyncPolicy policy, long batchMillis, long snapshotBytes,
                long bufferBytesMax, SnapshotSource snapshots) throws IOException {
        this.policy = policy;
        this.batchNanos = TimeUnit.MILLISECONDS.toNanos(batchMillis);
        this.snapshotBytes = snapshotBytes;
        this.bufferBytesMax = bufferBytesMax;
        this.snapshots = snapshots;
        this.segments = new Segments(dir, firstSegment, true);
        this.flusher = Thread.ofPlatform().daemon().name(FLUSHER_THREAD + " " + dir).start(this::flushLoop);
    }

    @Override
    public SyncPolicy policy() {
        return policy;
    }

    /**
     * Buffers a record; answers its sequence number, to wait on with {@link #awaitDurable}. Throws
     * a ThrottlingException, having buffered nothing, if the buffer has no room for it.
     */
    @Override
    public long append(LogRecord record) {
        byte[] frame = Frames.frame(RecordCodec.encode(record));
        lock.lock();
        try {
            Unusable.throwIf(crashed || stopping, failure);
            if (buffer.size() + (long) frame.length > bufferBytesMax) {
                throw Limits.overloaded("The write-ahead log holds " + buffer.size() + " bytes not yet written, and "
                        + "this record of " + frame.length + " bytes has no room", "logBufferBytesMax", bufferBytesMax);
            }
            buffer.write(frame, 0, frame.length);
            long seq = ++appendedSeq;
            if (policy == SyncPolicy.ALWAYS) {
                work.signal();
            }
            return seq;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the record {@code seq} is on disk. Throws InternalServerError if the log failed or crashed first. */
    @Override
    public void awaitDurable(long seq) {
        lock.lock();
        try {
            while (syncedSeq < seq) {
                if (crashed || failure != null) {
                    Unusable.throwIf(crashed || stopping, failure);
                }
                synced.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    /** fsyncs done so far (group commit makes this far fewer than the writes). */
    @Override
    public long fsyncs() {
        lock.lock();
        try {
            return fsyncs;
        } finally {
            lock.unlock();
        }
    }

    private void flushLoop() {
        long lastSync = System.nanoTime();
        while (true) {
            byte[] batch;
            long upTo;
            boolean stop;
            lock.lock();
            try {
                if (policy == SyncPolicy.ALWAYS) {
                    while (buffer.size() == 0 && !stopping && !crashed) {
                        work.awaitUninterruptibly();
                    }
                } else if (!stopping && !crashed) {
                    long wait = batchNanos - (System.nanoTime() - lastSync);
                    if (wait > 0) {
                        try {
                            work.awaitNanos(wait);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                }
                if (crashed) {
                    return;
                }
                stop = stopping;
                batch = buffer.toByteArray();
                buffer.reset();
                upTo = appendedSeq;
            } finally {
                lock.unlock();
            }
            try {
                if (batch.length > 0) {
                    segments.write(batch);
                }
                boolean force = policy != SyncPolicy.NEVER || stop;
                if (force && segments.sync()) {
                    lastSync = System.nanoTime();
                    countFsync();
                } else if (policy != SyncPolicy.ALWAYS) {
                    lastSync = System.nanoTime();
                }
                publish(force ? upTo : -1);
                if (segments.bytes() >= snapshotBytes && snapshotter == null) {
                    rollAndSnapshot();
                }
                if (stop) {
                    segments.close();
                    return;
                }
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "write-ahead log failed in " + segments.dir(), e);
                lock.lock();
                try {
                    failure = e;
                    synced.signalAll();
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }

    private void countFsync() {
        lock.lock();
        try {
            fsyncs++;
        } finally {
            lock.unlock();
        }
    }

    private void publish(long seq) {
        lock.lock();
        try {
            if (seq > syncedSeq) {
                syncedSeq = seq;
            }
            synced.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Closes the full segment (forced), opens the next, and snapshots in the background. */
    private void rollAndSnapshot() throws IOException {
        int from = segments.roll();
        // Assigned before it starts: assigned after, a snapshot that ended first would leave a dead thread
        // here, and with it never null again no snapshot would ever run again.
        Thread thread = Thread.ofPlatform().daemon().name("keystorm-snapshot").unstarted(() -> {
            try {
                segments.snapshot(from, snapshots);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "snapshot " + from + " failed in " + segments.dir() + "; the log is kept", e);
            } finally {
                snapshotter = null;
            }
        });
        snapshotter = thread;
        thread.start();
    }

    @Override
    public void awaitSnapshot() {
        Thread running = snapshotter;
        if (running != null) {
            try {
                running.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (stopping || crashed) {
                return;
            }
            stopping = true;
            work.signal();
        } finally {
            lock.unlock();
        }
        join(flusher);
        awaitSnapshot();
    }

    @Override
    public void crash() {
        lock.lock();
        try {
            if (stopping || crashed) {
                return;
            }
            crashed = true;
            buffer.reset();
            work.signal();
            synced.signalAll();
        } finally {
            lock.unlock();
        }
        join(flusher);
        awaitSnapshot();
        try {
            segments.cutToDurable();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
