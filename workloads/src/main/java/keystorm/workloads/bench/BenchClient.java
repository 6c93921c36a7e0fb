package keystorm.workloads.bench;

import java.util.concurrent.CompletableFuture;

/**
 * How the bench reaches a store. {@link #execute} may complete the future before it returns (a
 * synchronous client: the embedded engine, the AWS SDK's blocking client), and then the load
 * generator's sender waits for it; or later (the pipelined Netty client), and then one sender
 * keeps many requests in flight. It never retries and never throws for a request's outcome: a
 * refusal, a throttle or a lost connection is a {@link BenchOutcome}.
 *
 * <p>The bench table has a string partition key {@code pk} and a string sort key {@code sk}
 * ({@link BenchKey}).
 */
public interface BenchClient extends AutoCloseable {
    /** Creates the bench table (deleting one of that name first) and waits until it is ACTIVE. */
    void createTable(String table, TableMode mode);

    void deleteTable(String table);

    CompletableFuture<BenchOutcome> execute(BenchRequest request);

    /** Whether {@link #execute} returns before the request completes (so one sender suffices). */
    boolean pipelined();

    /** A name for reports: {@code embedded}, {@code netty http://127.0.0.1:8000}, {@code sdk http://...}. */
    String describe();

    @Override
    void close();
}
