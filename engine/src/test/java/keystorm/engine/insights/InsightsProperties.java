package keystorm.engine.insights;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Any schedule of writes, splits and clock moves with ticks between: the partitions lines add up
 * to every write unit once (across splits, never negative, a retired partition reported once),
 * and the access lines and the totals count every request once.
 */
class InsightsProperties {
    sealed interface Action {
    }

    record Put(int key) implements Action {
    }

    /** Splits the current partition at this place in hash order (modulo their count), at its middle. */
    record Split(int partition) implements Action {
    }

    record Advance(int millis) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> schedules() {
        Arbitrary<Action> put = Arbitraries.integers().between(0, 49).map(Put::new);
        Arbitrary<Action> split = Arbitraries.integers().between(0, 15).map(Split::new);
        Arbitrary<Action> advance = Arbitraries.integers().between(1, 2_500).map(Advance::new);
        return Arbitraries.frequencyOf(net.jqwik.api.Tuple.of(8, put), net.jqwik.api.Tuple.of(1, split),
                net.jqwik.api.Tuple.of(2, advance)).list().ofMaxSize(120);
    }

    @Property(tries = 80)
    void partitionLinesAddUpToEveryUnitOnce(@ForAll("schedules") List<Action> schedule) throws IOException {
        Path dir = Files.createTempDirectory("insights-properties");
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withThrottling(false).withSplitForHeat(false));
        engine.createTable(CreateTableRequest.onDemand("tbl", "pk", ScalarAttributeType.S, null, null), 2);
        engine.putItem(PutItemRequest.of("tbl", Item.of(Map.of("pk", s("before"))))); // not the recorder's
        InsightsRecorder recorder = InsightsRecorder.attach(engine, InsightsRecorder.Spec.of(dir.resolve("i.jsonl"),
                Duration.ofSeconds(1)).withKeyInterval(Duration.ofSeconds(5)).withScheduled(false));
        PartitionMap partitions = engine.partitions("tbl");
        int puts = 0;
        for (Action action : schedule) {
            switch (action) {
                case Put put -> {
                    engine.putItem(PutItemRequest.of("tbl", Item.of(Map.of("pk", s("k" + put.key()), "v", n(puts)))));
                    puts++;
                }
                case Split split -> {
                    Partition parent = partitions.get(split.partition() % partitions.count());
                    Partition.Metrics m = parent.metrics();
                    long range = m.last() ? -m.lowHash() : m.highHash() - m.lowHash(); // unsigned width
                    if (Long.compareUnsigned(range, 2) >= 0) {
                        partitions.split(parent, m.lowHash() + (range >>> 1));
                    }
                }
                case Advance advance -> {
                    clock.advance(advance.millis(), TimeUnit.MILLISECONDS);
                    recorder.tick();
                }
            }
        }
        recorder.close();
        engine.close();

        List<InsightsLine> lines = InsightsLines.read(dir.resolve("i.jsonl"));
        Files.delete(dir.resolve("i.jsonl"));
        Files.delete(dir);
        Map<Integer, Integer> retiredReports = new HashMap<>();
        double units = 0;
        for (InsightsLine line : lines) {
            if (line instanceof InsightsLine.Partitions p) {
                for (InsightsLine.PartitionUnits row : p.partitions()) {
                    assertThat(row.consumedWriteUnits()).isNotNegative();
                    units += row.consumedWriteUnits();
                    if (row.retired()) {
                        retiredReports.merge(row.id(), 1, Integer::sum);
                    }
                }
            }
        }
        assertThat(units).isEqualTo(puts);
        assertThat(retiredReports.values()).allMatch(count -> count == 1);
        long accessed = lines.stream().filter(InsightsLine.Access.class::isInstance).map(InsightsLine.Access.class::cast)
                .mapToLong(InsightsLine.Access::requests).sum();
        assertThat(accessed).isEqualTo(puts);
        assertThat(recorder.totals().requests()).isEqualTo(puts);
        assertThat(recorder.totals().writeUnits()).isEqualTo(puts);
    }
}
