package keystorm.engine.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;

/**
 * The write-ahead log: segments {@code wal-NNNNNNNN.log} in a data directory, written by one
 * flusher thread.
 *
 * <p>Writers {@link #append} a record (it is framed and buffered, and gets a sequence number),
 * then, under policy {@link SyncPolicy#ALWAYS}, {@link #awaitDurable} until the flusher has
 * written and fsynced it. The flusher takes everything buffered at once, so writers that arrive
 * while an fsync runs share the next one (group commit). Under {@link SyncPolicy#BATCH} the
 * flusher writes and fsyncs every {@code batchMillis}; under {@link SyncPolicy#NEVER} it writes
 * and never fsyncs (the segment is forced only when it is closed).
 *
 * <p>When a segment outgrows {@code snapshotBytes}, the flusher starts a new one and asks for a
 * snapshot; once the snapshot is durable, the older segments and snapshots are deleted.
 *
 * <p>The buffer holds at most {@code bufferBytesMax} bytes ({@link Limits#logBufferBytesMax()}):
 * an append that would pass it is refused with a ThrottlingException, so the caller applies
 * nothing, rather than let a flusher that falls behind grow the buffer without bound.
 */
public final class WriteAheadLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(WriteAheadLog.class.getName());

    /** Writes a snapshot that holds at least everything logged before the given segment. */
    public interface SnapshotSource {
        void writeSnapshot(int segment, SnapshotWriter writer) throws IOException;
    }

    /** Where a snapshot's records go. */
    public static final class SnapshotWriter {
        private final OutputStream out;

        SnapshotWriter(OutputStream out) {
            this.out = out;
        }

        public void write(LogRecord record) throws IOException {
            out.write(Frames.frame(RecordCodec.encode(record)));
        }
    }

    private final Path dir;
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
    private FileChannel channel;
    private int segment;
    private long segmentBytes;
    private long durableBytes;
    private final Thread flusher;
    private volatile Thread snapshotter;
    private long fsyncs;

    public WriteAheadLog(Path dir, int firstSegment, SyncPolicy policy, long batchMillis, long snapshotBytes,
                         long bufferBytesMax, SnapshotSource snapshots) throws IOException {
        this.dir = dir;
        this.policy = policy;
        this.batchNanos = TimeUnit.MILLISECONDS.toNanos(batchMillis);
        this.snapshotBytes = snapshotBytes;
        this.bufferBytesMax = bufferBytesMax;
        this.snapshots = snapshots;
        Files.createDirectories(dir);
        openSegment(firstSegment);
        this.flusher = Thread.ofPlatform().daemon().name("keystorm-wal-flusher").start(this::flushLoop);
    }

    public SyncPolicy policy() {
        return policy;
    }

    /**
     * Buffers a record; answers its sequence number, to wait on with {@link #awaitDurable}. Throws
     * a ThrottlingException, having buffered nothing, if the buffer has no room for it.
     */
    public long append(LogRecord record) {
        byte[] frame = Frames.frame(RecordCodec.encode(record));
        lock.lock();
        try {
            checkUsable();
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
    public void awaitDurable(long seq) {
        lock.lock();
        try {
            while (syncedSeq < seq) {
                if (crashed || failure != null) {
                    checkUsable();
                }
                synced.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
    }

    private void checkUsable() {
        if (crashed || stopping) {
            throw new DynamoException(ErrorType.InternalServerError, "Internal server error: the engine is stopping");
        }
        if (failure != null) {
            throw new DynamoException(ErrorType.InternalServerError,
                    "Internal server error: the write-ahead log failed: " + failure.getMessage());
        }
    }

    /** fsyncs done so far (group commit makes this far fewer than the writes). */
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
                    ByteBuffer bytes = ByteBuffer.wrap(batch);
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    segmentBytes += batch.length;
                }
                boolean force = policy != SyncPolicy.NEVER || stop;
                if (force && durableBytes != segmentBytes) {
                    channel.force(false);
                    durableBytes = segmentBytes;
                    lastSync = System.nanoTime();
                    countFsync();
                } else if (policy != SyncPolicy.ALWAYS) {
                    lastSync = System.nanoTime();
                }
                publish(force ? upTo : -1);
                if (segmentBytes >= snapshotBytes && snapshotter == null) {
                    rollAndSnapshot();
                }
                if (stop) {
                    channel.close();
                    return;
                }
            } catch (IOException e) {
                LOG.log(Level.SEVERE, "write-ahead log failed in " + dir, e);
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

    private void openSegment(int number) throws IOException {
        segment = number;
        channel = FileChannel.open(dir.resolve(Recovery.segmentName(number)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        segmentBytes = channel.size();
        durableBytes = segmentBytes;
        syncDirectory();
    }

    /** Closes the full segment (forced), opens the next, and snapshots in the background. */
    private void rollAndSnapshot() throws IOException {
        channel.force(false);
        channel.close();
        openSegment(segment + 1);
        int from = segment;
        snapshotter = Thread.ofPlatform().daemon().name("keystorm-snapshot").start(() -> {
            try {
                snapshot(from);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "snapshot " + from + " failed in " + dir + "; the log is kept", e);
            } finally {
                snapshotter = null;
            }
        });
    }

    private void snapshot(int from) throws IOException {
        Path tmp = dir.resolve(Recovery.snapshotName(from) + ".tmp");
        try (OutputStream out = new java.io.BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            snapshots.writeSnapshot(from, new SnapshotWriter(out));
            out.write(Frames.frame(new byte[0]));
        }
        try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            file.force(true);
        }
        Files.move(tmp, dir.resolve(Recovery.snapshotName(from)), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        for (int old : Recovery.numbered(dir, Recovery.SEGMENT)) {
            if (old < from) {
                Files.deleteIfExists(dir.resolve(Recovery.segmentName(old)));
            }
        }
        for (int old : Recovery.numbered(dir, Recovery.SNAPSHOT)) {
            if (old < from) {
                Files.deleteIfExists(dir.resolve(Recovery.snapshotName(old)));
            }
        }
    }

    private void syncDirectory() {
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened for force; the files themselves are forced.
        }
    }

    /** Waits for a snapshot in progress (tests, clean shutdown). */
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

    /** Flushes and forces everything buffered, then stops. */
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

    /**
     * A simulated crash (power loss): what was buffered or written but not fsynced is gone. The
     * segment is cut back to its last fsynced byte; waiting writers get InternalServerError.
     */
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
            channel.truncate(durableBytes);
            channel.force(true);
            channel.close();
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
