package keystorm.engine.insights;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * One request in flight, on its own thread: what it consumed, was refused and answered, per
 * table it touched (most touch one, so the first table has a field of its own).
 */
final class Observed implements RequestObserver.Observation {
    /** One table's part of the request. */
    static final class Part {
        final String table;
        long readMilli;
        long writeMilli;
        long items;
        long scanned;
        boolean throttled;

        Part(String table) {
            this.table = table;
        }
    }

    final Operation operation;
    private final InsightsRecorder recorder;
    private Part first;
    private List<Part> more;
    boolean throttledError;

    Observed(Operation operation, InsightsRecorder recorder) {
        this.operation = operation;
        this.recorder = recorder;
    }

    Part part(String table) {
        if (first == null) {
            first = new Part(table);
            return first;
        }
        if (first.table.equals(table)) {
            return first;
        }
        if (more == null) {
            more = new ArrayList<>(2);
        }
        for (Part part : more) {
            if (part.table.equals(table)) {
                return part;
            }
        }
        Part part = new Part(table);
        more.add(part);
        return part;
    }

    void metered(String table, boolean write, long milli, boolean served) {
        Part part = part(table);
        if (!served) {
            part.throttled = true;
        } else if (write) {
            part.writeMilli += milli;
        } else {
            part.readMilli += milli;
        }
    }

    @Override
    public void items(String table, long items, long scanned) {
        Part part = part(table);
        part.items += items;
        if (scanned > 0) {
            part.scanned += scanned;
        }
    }

    @Override
    public void failed(DynamoException error) {
        ErrorType type = error.type();
        throttledError |= type == ErrorType.ProvisionedThroughputExceededException
                || type == ErrorType.ThrottlingException || type == ErrorType.RequestLimitExceeded;
    }

    @Override
    public void end() {
        recorder.ended(this);
    }

    /** Every table's part, the first first. */
    void forEachPart(java.util.function.Consumer<Part> action) {
        if (first != null) {
            action.accept(first);
        }
        if (more != null) {
            more.forEach(action);
        }
    }
}
