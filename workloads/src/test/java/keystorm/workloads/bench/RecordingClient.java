package keystorm.workloads.bench;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A client for the cycle source's own tests: it sends nothing, keeps the requests it is given and
 * answers each at once (a get 0.5 read units and one item, a write one write unit, a scan its
 * limit's half unit); or throttles every request to a partition key named in {@code throttledKeys},
 * and the next {@link #throttleNext} requests.
 */
final class RecordingClient implements BenchClient {
    final List<BenchRequest> requests = new CopyOnWriteArrayList<>();
    private final java.util.Set<String> throttledKeys;
    /** Requests still to throttle, whatever their key. */
    final java.util.concurrent.atomic.AtomicInteger throttleNext = new java.util.concurrent.atomic.AtomicInteger();

    RecordingClient(java.util.Set<String> throttledKeys) {
        this.throttledKeys = throttledKeys;
    }

    RecordingClient() {
        this(java.util.Set.of());
    }

    @Override
    public void createTable(String table, TableMode mode) {
    }

    @Override
    public void deleteTable(String table) {
    }

    @Override
    public CompletableFuture<BenchOutcome> execute(BenchRequest request) {
        requests.add(request);
        if (throttleNext.getAndDecrement() > 0) {
            return CompletableFuture.completedFuture(BenchOutcome.throttled("ThrottlingException"));
        }
        BenchOutcome outcome = switch (request) {
            case BenchRequest.Get g -> throttledKeys.contains(g.key().pk())
                    ? BenchOutcome.throttled("ProvisionedThroughputExceededException") : BenchOutcome.ok(0.5, 0, 1);
            case BenchRequest.Put p -> throttledKeys.contains(p.key().pk())
                    ? BenchOutcome.throttled("ProvisionedThroughputExceededException") : BenchOutcome.ok(0, 1, 0);
            case BenchRequest.Update u -> BenchOutcome.ok(0, 1, 0);
            case BenchRequest.Scan s -> BenchOutcome.ok(s.limit() / 2.0, 0, s.limit());
            case BenchRequest.Query q -> BenchOutcome.ok(0.5, 0, 1);
            case BenchRequest.BatchGet b -> BenchOutcome.ok(0.5 * b.keys().size(), 0, b.keys().size());
        };
        return CompletableFuture.completedFuture(outcome);
    }

    @Override
    public boolean pipelined() {
        return false;
    }

    @Override
    public String describe() {
        return "recording";
    }

    @Override
    public void close() {
    }
}
