package keystorm.engine.insights;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The counts of one key-and-access interval (a minute), per table: its partition keys and its
 * requests per operation. Requests add to the window current when they end, and metering adds
 * to its keys as it happens. Every add {@linkplain InsightsRecorder enters} the window first
 * ({@link #inFlight}) and gives up on a {@link #closed} one; the recorder swaps in a fresh window,
 * marks the old one closed and waits until no add is in flight in it before writing it, so that
 * no add lands in a window already written (Dekker's handshake: each side writes its flag, then
 * reads the other's).
 */
final class Window {
    final long startNanos;
    /** Adds in progress in this window. */
    final LongAdder inFlight = new LongAdder();
    /** Set once the recorder has swapped this window out; adds go to the next one. */
    volatile boolean closed;
    private final int keysPerTableMax;
    final ConcurrentHashMap<String, TableWindow> tables = new ConcurrentHashMap<>();

    Window(long startNanos, int keysPerTableMax) {
        this.startNanos = startNanos;
        this.keysPerTableMax = keysPerTableMax;
    }

    /** Waits until no add is in flight (after {@link #closed} was set, none starts). */
    void awaitQuiet() {
        for (int spins = 0; inFlight.sum() != 0; spins++) {
            if (spins < 1000) {
                Thread.onSpinWait();
            } else {
                Thread.yield(); // an adder descheduled mid-add: let it finish
            }
        }
    }

    TableWindow table(String name) {
        TableWindow table = tables.get(name);
        return table != null ? table : tables.computeIfAbsent(name, n -> new TableWindow(keysPerTableMax));
    }

    /** One table's share of a window. */
    static final class TableWindow {
        final KeySummary keys;
        final Counts[] byOperation = new Counts[Operation.values().length];

        TableWindow(int keysMax) {
            keys = new KeySummary(keysMax);
            for (int i = 0; i < byOperation.length; i++) {
                byOperation[i] = new Counts();
            }
        }
    }

    /** Requests and what they consumed and answered (units in milli-units, to add without a lock). */
    static final class Counts {
        final LongAdder requests = new LongAdder();
        final LongAdder readMilli = new LongAdder();
        final LongAdder writeMilli = new LongAdder();
        final LongAdder items = new LongAdder();
        final LongAdder scanned = new LongAdder();
        final LongAdder throttled = new LongAdder();

        void add(long readUnitsMilli, long writeUnitsMilli, long itemCount, long scannedCount, boolean wasThrottled) {
            requests.increment();
            if (readUnitsMilli != 0) {
                readMilli.add(readUnitsMilli);
            }
            if (writeUnitsMilli != 0) {
                writeMilli.add(writeUnitsMilli);
            }
            if (itemCount != 0) {
                items.add(itemCount);
            }
            if (scannedCount != 0) {
                scanned.add(scannedCount);
            }
            if (wasThrottled) {
                throttled.increment();
            }
        }
    }
}
