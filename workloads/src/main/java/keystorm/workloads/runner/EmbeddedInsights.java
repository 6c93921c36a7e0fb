package keystorm.workloads.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import keystorm.engine.Engine;
import keystorm.engine.insights.InsightsRecorder;

/**
 * The insights recorder of a run on the embedded engine: one {@link InsightsRecorder} on the
 * engine the store has now, partitions every second, appending to one insights.jsonl. After a
 * crash the store opens a new engine and this attaches a new recorder to it, on the same file
 * (each line carries its own epochMillis, so the two recorders' lines line up, as a restarted
 * server's do); the crashed engine's last partial interval is lost with it.
 */
final class EmbeddedInsights implements AutoCloseable {
    static final Duration PARTITION_INTERVAL = Duration.ofSeconds(1);

    private final Path jsonl;
    private InsightsRecorder recorder;
    private boolean closed;

    EmbeddedInsights(Path jsonl) {
        this.jsonl = jsonl;
    }

    /** Records {@code engine} from now on, in place of the engine before it. */
    synchronized void attach(Engine engine) {
        if (closed) {
            return;
        }
        if (recorder != null) {
            recorder.close();
        }
        try {
            recorder = InsightsRecorder.attach(engine, jsonl, PARTITION_INTERVAL);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the run's insights to " + jsonl, e);
        }
    }

    /** Writes the last intervals and stops; call it before the engine closes, or its last sample is lost. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (recorder != null) {
            recorder.close();
        }
    }
}
