package keystorm.engine.wal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import keystorm.engine.api.Limits;
import keystorm.engine.time.Scheduler;

/**
 * The write-ahead log of the deterministic simulation: no thread of its own, and nothing that
 * waits for one. Every background step is a task of the {@link Scheduler}, run on its thread at a
 * virtual instant, so one seed replays the same log byte for byte.
 *
 * <ul>
 *   <li>{@link SyncPolicy#ALWAYS}: {@link #append} writes the record and counts it synced at once;
 *       {@link #awaitDurable} never waits.
 *   <li>{@link SyncPolicy#BATCH} and {@link SyncPolicy#NEVER}: records are buffered, and the first
 *       one into an empty buffer schedules one flush task at the last flush plus
 *       {@code batchMillis} (never a periodic task, so that a simulation can run out of events).
 *       BATCH counts the flush synced; NEVER only writes, as its flusher thread would.
 *   <li>A segment that outgrows {@code snapshotBytes} is rolled where it is written, and the snapshot
 *       is a task scheduled at once: it runs after the step that logged the record, once that step
 *       has installed it (a change is logged and installed under its item's lock, and no
 *       scheduler activity runs while a lock is held).
 * </ul>
 *
 * <p>Nothing is fsynced ({@link Segments} with force off): a simulated crash is a process crash,
 * and what was written reaches the operating system. {@link #crash()} still drops the buffer and
 * cuts the segment back to what counts as durable, as a power loss would. A task that fires after
 * {@link #close()} or {@link #crash()} does nothing.
 */
final class SimulatedLog implements WriteAheadLog {
    private static final Logger LOG = Logger.getLogger(SimulatedLog.class.getName());

    private final SyncPolicy policy;
    private final long batchNanos;
    private final long snapshotBytes;
    private final long bufferBytesMax;
    private final Scheduler scheduler;
    private final SnapshotSource snapshots;
    private final Segments segments;
    private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    private long appendedSeq;
    private long syncedSeq;
    private long fsyncs;
    private long lastFlushNanos;
    private boolean flushScheduled;
    private boolean snapshotScheduled;
    private boolean stopping;
    private boolean crashed;
    private IOException failure;

    SimulatedLog(Path dir, int firstSegment, SyncPolicy policy, long batchMillis, long snapshotBytes,
                 long bufferBytesMax, Scheduler scheduler, SnapshotSource snapshots) throws IOException {
        if (!scheduler.simulated()) {
            throw new IllegalArgumentException("the simulated log needs a simulated scheduler");
        }
        this.policy = policy;
        this.batchNanos = TimeUnit.MILLISECONDS.toNanos(batchMillis);
        this.snapshotBytes = snapshotBytes;
        this.bufferBytesMax = bufferBytesMax;
        this.scheduler = scheduler;
        this.snapshots = snapshots;
        this.segments = new Segments(dir, firstSegment, false);
        this.lastFlushNanos = scheduler.clock().nanoTime();
    }

    @Override
    public SyncPolicy policy() {
        return policy;
    }

    @Override
    public synchronized long append(LogRecord record) {
        byte[] frame = Frames.frame(RecordCodec.encode(record));
        Unusable.throwIf(crashed || stopping, failure);
        if (policy == SyncPolicy.ALWAYS) {
            try {
                segments.write(frame);
                segments.sync();
                fsyncs++;
                syncedSeq = ++appendedSeq;
                rollIfFull();
            } catch (IOException e) {
                fail(e);
            }
            return appendedSeq;
        }
        if (buffer.size() + (long) frame.length > bufferBytesMax) {
            throw Limits.overloaded("The write-ahead log holds " + buffer.size() + " bytes not yet written, and "
                    + "this record of " + frame.length + " bytes has no room", "logBufferBytesMax", bufferBytesMax);
        }
        buffer.write(frame, 0, frame.length);
        long seq = ++appendedSeq;
        if (!flushScheduled) {
            flushScheduled = true;
            scheduler.schedule(Math.max(0, lastFlushNanos + batchNanos - scheduler.clock().nanoTime()), this::flush);
        }
        return seq;
    }

    /**
     * Returns at once: under ALWAYS every record is synced when it is appended. Asked for a record
     * not yet synced (the engine never asks under BATCH or NEVER) it throws, as waiting here would
     * wait forever.
     */
    @Override
    public synchronized void awaitDurable(long seq) {
        if (syncedSeq >= seq) {
            return;
        }
        Unusable.throwIf(crashed || stopping, failure);
        throw new IllegalStateException("record " + seq + " is not durable, and in the simulation nothing makes it so "
                + "while its writer waits (policy " + policy + ", synced up to " + syncedSeq + ")");
    }

    /** The flush task: writes what is buffered, counts it synced under BATCH, and rolls a full segment. */
    private synchronized void flush() {
        flushScheduled = false;
        if (stopping || crashed || failure != null) {
            return;
        }
        try {
            writeBuffer(policy != SyncPolicy.NEVER);
            rollIfFull();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "write-ahead log failed in " + segments.dir(), e);
            failure = e;
        }
    }

    private void writeBuffer(boolean sync) throws IOException {
        if (buffer.size() > 0) {
            segments.write(buffer.toByteArray());
            buffer.reset();
        }
        if (sync) {
            if (segments.sync()) {
                fsyncs++;
            }
            syncedSeq = appendedSeq;
        }
        lastFlushNanos = scheduler.clock().nanoTime();
    }

    private void rollIfFull() throws IOException {
        if (segments.bytes() < snapshotBytes || snapshotScheduled) {
            return;
        }
        int from = segments.roll();
        snapshotScheduled = true;
        scheduler.schedule(0, () -> snapshot(from));
    }

    /** The snapshot task. Runs outside the log's monitor: the snapshot source takes the tables' locks. */
    private void snapshot(int from) {
        synchronized (this) {
            if (stopping || crashed) {
                snapshotScheduled = false;
                return;
            }
        }
        try {
            segments.snapshot(from, snapshots);
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "snapshot " + from + " failed in " + segments.dir() + "; the log is kept", e);
        } finally {
            synchronized (this) {
                snapshotScheduled = false;
            }
        }
    }

    @Override
    public synchronized long fsyncs() {
        return fsyncs;
    }

    /** Nothing to wait for: a snapshot is a task the scheduler runs. */
    @Override
    public void awaitSnapshot() {
    }

    @Override
    public synchronized void close() {
        if (stopping || crashed) {
            return;
        }
        stopping = true;
        try {
            if (failure == null) {
                writeBuffer(true);
            }
            segments.close();
        } catch (IOException e) {
            LOG.log(Level.SEVERE, "write-ahead log failed in " + segments.dir() + " while closing", e);
            failure = e;
        }
    }

    @Override
    public synchronized void crash() {
        if (stopping || crashed) {
            return;
        }
        crashed = true;
        buffer.reset();
        try {
            segments.cutToDurable();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void fail(IOException e) {
        LOG.log(Level.SEVERE, "write-ahead log failed in " + segments.dir(), e);
        failure = e;
        Unusable.throwIf(crashed || stopping, failure);
    }
}
