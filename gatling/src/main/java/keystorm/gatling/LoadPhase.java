package keystorm.gatling;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import keystorm.workloads.bench.TableMode;

/**
 * The load phase before a simulation's measured one, over plain {@code java.net.http} (not
 * Gatling, so it is not in the report): create the table, wait until it is ACTIVE, write the
 * records with a bounded number in flight. A throttled write is retried with exponential backoff
 * (10 ms doubling to 1 s, at most {@value #ATTEMPTS_MAX} attempts), as the SDKs do; any other
 * error stops the load phase with the target's answer.
 */
public final class LoadPhase implements AutoCloseable {
    static final int ATTEMPTS_MAX = 12;
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    /** DescribeTable polls until ACTIVE: 240 of 250 ms, a minute, DynamoDB's usual creation time and some. */
    private static final int ACTIVE_POLLS_MAX = 240;

    private final URI endpoint;
    private final HttpClient client;

    public LoadPhase(URI endpoint) {
        this.endpoint = endpoint;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** What the load phase did. */
    public record Summary(String table, boolean created, int items, long throttledRetries, long elapsedMillis) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "load phase: table %s %s, %d items written in %d ms (%d throttled writes retried)",
                    table, created ? "created" : "already there", items, elapsedMillis, throttledRetries);
        }
    }

    /** Creates {@code table} (or keeps it when it exists) and sends {@code count} writes, {@code write.apply(r)} the r-th. */
    public Summary run(String table, TableMode mode, int count, IntFunction<Request> write, int inFlightMax) {
        long start = System.nanoTime();
        boolean created = createTable(table, mode);
        awaitActive(table);
        long retries = writeAll(count, write, inFlightMax);
        return new Summary(table, created, count, retries, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
    }

    /** True when created; false when it already existed (ResourceInUseException), whose items are then overwritten. */
    boolean createTable(String table, TableMode mode) {
        HttpResponse<String> response = send(new Request(Operation.CreateTable, DynamoJson.createTable(table, mode)));
        if (response.statusCode() == 200) {
            return true;
        }
        if (response.statusCode() == 400 && DynamoJson.errorType(response.body()).equals("ResourceInUseException")) {
            return false;
        }
        throw new IllegalStateException("CreateTable " + table + " at " + endpoint + " answered " + response.statusCode()
                + ": " + response.body());
    }

    private void awaitActive(String table) {
        for (int poll = 0; poll < ACTIVE_POLLS_MAX; poll++) {
            HttpResponse<String> response = send(new Request(Operation.DescribeTable, DynamoJson.describeTable(table)));
            if (response.statusCode() == 200 && response.body().contains("\"TableStatus\":\"ACTIVE\"")) {
                return;
            }
            if (response.statusCode() != 200 && response.statusCode() != 400) {
                throw new IllegalStateException("DescribeTable " + table + " answered " + response.statusCode() + ": "
                        + response.body());
            }
            try {
                Thread.sleep(250); // DynamoDB has no "tell me when ACTIVE": its SDK waiters poll too
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + table + " to become ACTIVE", e);
            }
        }
        throw new IllegalStateException("table " + table + " was not ACTIVE after " + ACTIVE_POLLS_MAX + " polls");
    }

    private long writeAll(int count, IntFunction<Request> write, int inFlightMax) {
        Semaphore inFlight = new Semaphore(inFlightMax);
        AtomicLong retries = new AtomicLong();
        AtomicReference<String> failure = new AtomicReference<>();
        for (int r = 0; r < count && failure.get() == null; r++) {
            inFlight.acquireUninterruptibly();
            Request request = write.apply(r);
            attempt(request, 1, retries).whenComplete((problem, thrown) -> {
                if (thrown != null) {
                    failure.compareAndSet(null, request.operation() + ": " + thrown);
                } else if (problem != null) {
                    failure.compareAndSet(null, problem);
                }
                inFlight.release();
            });
        }
        inFlight.acquireUninterruptibly(inFlightMax); // every write has completed
        if (failure.get() != null) {
            throw new IllegalStateException("the load phase failed: " + failure.get());
        }
        return retries.get();
    }

    /** Completes with null when written, with the reason when it failed for good. */
    private CompletableFuture<String> attempt(Request request, int attempt, AtomicLong retries) {
        return client.sendAsync(http(request), HttpResponse.BodyHandlers.ofString()).thenCompose(response -> {
            if (response.statusCode() == 200) {
                return CompletableFuture.completedFuture(null);
            }
            String type = DynamoJson.errorType(response.body());
            if (response.statusCode() == 400 && DynamoJson.isThrottling(type) && attempt < ATTEMPTS_MAX) {
                retries.incrementAndGet();
                long backoffMillis = Math.min(1000, 10L << (attempt - 1));
                Executor later = CompletableFuture.delayedExecutor(backoffMillis, TimeUnit.MILLISECONDS);
                return CompletableFuture.supplyAsync(() -> null, later)
                        .thenCompose(ignored -> attempt(request, attempt + 1, retries));
            }
            return CompletableFuture.completedFuture(request.operation() + " answered " + response.statusCode()
                    + " after " + attempt + " attempts: " + response.body());
        });
    }

    private HttpResponse<String> send(Request request) {
        try {
            return client.send(http(request), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.operation() + " to " + endpoint + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted during " + request.operation(), e);
        }
    }

    private HttpRequest http(Request request) {
        return HttpRequest.newBuilder(endpoint.resolve("/"))
                .timeout(TIMEOUT)
                .header("Content-Type", Wire.CONTENT_TYPE)
                .header("X-Amz-Target", request.operation().target())
                .header("X-Amz-Date", Wire.AMZ_DATE)
                .header("Authorization", Wire.AUTHORIZATION)
                .POST(HttpRequest.BodyPublishers.ofString(request.body()))
                .build();
    }

    @Override
    public void close() {
        client.close();
    }
}
