package keystorm.engine.wal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import keystorm.engine.api.Limits;
import keystorm.engine.time.Scheduler;

/**
 * The write-ahead log: segments {@code wal-NNNNNNNN.log} in a data directory, and snapshots that
 * let the older segments go. A writer {@link #append}s a record, which gets a sequence number,
 * and under {@link SyncPolicy#ALWAYS} waits with {@link #awaitDurable} until it is on disk.
 *
 * <p>Two implementations, one per {@link Scheduler}: real runs write from a flusher thread, with
 * group commit and a snapshot thread ({@link ThreadedLog}); the deterministic simulation runs
 * every background step as one of its scheduler's tasks and never blocks ({@link SimulatedLog}).
 * Both keep the buffer within {@link Limits#logBufferBytesMax()}, refusing an append past it with
 * a ThrottlingException.
 */
public interface WriteAheadLog extends AutoCloseable {
    /** The name the flusher thread of a real run starts with (then the data directory). */
    String FLUSHER_THREAD = "keystorm-wal-flusher";

    /** Writes a snapshot that holds at least everything logged before the given segment. */
    interface SnapshotSource {
        void writeSnapshot(int segment, SnapshotWriter writer) throws IOException;
    }

    /** Where a snapshot's records go. */
    final class SnapshotWriter {
        private final OutputStream out;

        SnapshotWriter(OutputStream out) {
            this.out = out;
        }

        public void write(LogRecord record) throws IOException {
            out.write(Frames.frame(RecordCodec.encode(record)));
        }
    }

    /**
     * Opens the log on {@code dir}, writing from segment {@code firstSegment} on: on threads, or on
     * {@code scheduler}'s tasks when it is {@link Scheduler#simulated()}.
     */
    static WriteAheadLog open(Path dir, int firstSegment, SyncPolicy policy, long batchMillis, long snapshotBytes,
                              long bufferBytesMax, Scheduler scheduler, SnapshotSource snapshots) throws IOException {
        return scheduler.simulated()
                ? new SimulatedLog(dir, firstSegment, policy, batchMillis, snapshotBytes, bufferBytesMax, scheduler,
                        snapshots)
                : new ThreadedLog(dir, firstSegment, policy, batchMillis, snapshotBytes, bufferBytesMax, snapshots);
    }

    SyncPolicy policy();

    /**
     * Logs a record; answers its sequence number, to wait on with {@link #awaitDurable}. Throws a
     * ThrottlingException, having logged nothing, if the buffer has no room for it, and
     * InternalServerError once the log has failed, crashed or closed.
     */
    long append(LogRecord record);

    /** Returns once the record {@code seq} is on disk. Throws InternalServerError if the log failed or crashed first. */
    void awaitDurable(long seq);

    /** fsyncs done so far (group commit makes this far fewer than the writes). */
    long fsyncs();

    /** Waits for a snapshot in progress, if any (tests, clean shutdown). */
    void awaitSnapshot();

    /** Writes and forces everything buffered, then stops. */
    @Override
    void close();

    /**
     * A simulated crash (power loss): what was buffered or written but not fsynced is gone. The
     * segment is cut back to its last fsynced byte; waiting writers get InternalServerError.
     */
    void crash();
}
