package keystorm.engine.insights;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.Item;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers and readers on four threads while a fifth moves the clock and closes intervals as fast
 * as it can: no request is lost or counted twice at an interval's edge, in the lines or the totals.
 */
class InsightsConcurrencyTest {
    @Test
    void intervalsClosingUnderLoadLoseNothing(@TempDir Path dir) throws Exception {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withThrottling(false).withSplitForHeat(false));
        engine.createTable(CreateTableRequest.onDemand("tbl", "pk", ScalarAttributeType.S, null, null), 4);
        InsightsRecorder recorder = InsightsRecorder.attach(engine, InsightsRecorder.Spec.of(dir.resolve("i.jsonl"),
                Duration.ofMillis(100)).withKeyInterval(Duration.ofMillis(300)).withKeysPerTableMax(64).withScheduled(false));
        int threads = 4;
        int perThread = 5_000;
        CountDownLatch done = new CountDownLatch(threads);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            workers.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < perThread; i++) {
                    String key = "k" + id + "-" + (i % 500);
                    engine.putItem(PutItemRequest.of("tbl", Item.of(Map.of("pk", s(key), "v", n(i)))));
                    engine.getItem(GetItemRequest.consistent("tbl", Map.of("pk", s(key))));
                }
                done.countDown();
            }));
        }
        AtomicBoolean ticking = new AtomicBoolean(true);
        int ticks = 0;
        while (ticking.get()) {
            clock.advance(50, TimeUnit.MILLISECONDS);
            recorder.tick();
            ticks++;
            if (done.await(0, TimeUnit.MILLISECONDS)) {
                ticking.set(false);
            }
        }
        for (Thread worker : workers) {
            worker.join();
        }
        recorder.close();
        engine.close();

        long requests = 2L * threads * perThread;
        List<InsightsLine> lines = InsightsLines.read(dir.resolve("i.jsonl"));
        List<InsightsLine.Access> access = lines.stream().filter(InsightsLine.Access.class::isInstance)
                .map(InsightsLine.Access.class::cast).toList();
        assertThat(ticks).isGreaterThan(10);
        assertThat(access.stream().mapToLong(InsightsLine.Access::requests).sum()).isEqualTo(requests);
        assertThat(access.stream().mapToDouble(InsightsLine.Access::writeUnits).sum()).isEqualTo(threads * perThread);
        assertThat(access.stream().mapToDouble(InsightsLine.Access::readUnits).sum()).isEqualTo(threads * perThread);
        double partitionWrites = lines.stream().filter(InsightsLine.Partitions.class::isInstance)
                .map(InsightsLine.Partitions.class::cast).flatMap(p -> p.partitions().stream())
                .mapToDouble(InsightsLine.PartitionUnits::consumedWriteUnits).sum();
        assertThat(partitionWrites).isEqualTo(threads * perThread);
        Totals totals = recorder.totals();
        assertThat(totals.requests()).isEqualTo(requests);
        assertThat(totals.writeUnits()).isEqualTo(threads * perThread);
        assertThat(totals.byKind().get(AccessKind.KEY_LOOKUP).requests()).isEqualTo(threads * perThread);
    }
}
