package keystorm.engine.insights;

import keystorm.engine.api.DynamoException;
import keystorm.engine.partition.MeterObserver;

/**
 * The engine's seam for the insights recorder ({@link keystorm.engine.Engine#observe}): each item
 * operation opens an {@link Observation} on its thread, its partitions' metering reaches the
 * recorder as it happens ({@link MeterObserver}), and the operation closes the observation with
 * what it answered. With no observer attached the engine makes one null check per request.
 */
public interface RequestObserver extends MeterObserver {
    /** A request of {@code operation} starts on this thread; the metering until {@link Observation#end} is its. */
    Observation begin(Operation operation);

    /** One request in flight. Not thread-safe: it lives on the request's thread. */
    interface Observation {
        /** The request touched {@code table}, answered {@code items} of it and examined {@code scanned} (-1: not a page). */
        void items(String table, long items, long scanned);

        /** The request failed; a throttling error counts it throttled. */
        void failed(DynamoException error);

        /** The request is over: counts it on every table it touched. */
        void end();
    }
}
