package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Set;
import keystorm.workloads.keys.KeyDistribution;
import org.junit.jupiter.api.Test;

class BenchCyclesTest {
    @Test
    void theLoadPhaseWritesRecordKUnderItsKey() {
        RecordingClient client = new RecordingClient();
        BenchCycles cycles = BenchWorkloadProperties.cycles(BenchWorkload.builtIn("ycsb-a"), 7, client, new RequestTally());
        var load = cycles.loadPhase();
        for (long k = 0; k < 5; k++) {
            load.start(k, 0);
        }
        assertEquals(5, client.requests.size());
        for (int k = 0; k < 5; k++) {
            BenchRequest.Put put = (BenchRequest.Put) client.requests.get(k);
            assertEquals(new BenchKey("user" + k, BenchCycles.RECORD_ITEM), put.key());
            assertEquals(10, put.fields().size());
            assertEquals(100, put.fields().get("field3").length());
        }
    }

    @Test
    void theLoadPhaseTriesAThrottledPutAgainUntilItIsWritten() {
        RecordingClient client = new RecordingClient();
        client.throttleNext.set(15);
        BenchCycles cycles = BenchWorkloadProperties.cycles(BenchWorkload.builtIn("ycsb-a"), 7, client, new RequestTally());
        var load = cycles.loadPhase();
        List<java.util.concurrent.CompletableFuture<BenchOutcome>> done = new java.util.ArrayList<>();
        for (long k = 0; k < 10; k++) {
            done.add(load.start(k, 0).done());
        }
        for (var future : done) {
            assertEquals(BenchOutcome.Kind.OK, future.join().kind());
        }
        assertEquals(25, client.requests.size(), "15 throttled tries and 10 writes");
        assertEquals(10, client.requests.stream().map(r -> ((BenchRequest.Put) r).key()).distinct().count());
    }

    @Test
    void aMergedReadIsFoundIfAnyFoundElseThrottledIfAnyWas() {
        BenchOutcome found = BenchOutcome.ok(0.5, 0, 1);
        BenchOutcome missing = BenchOutcome.ok(0.5, 0, 0);
        assertEquals(BenchOutcome.ok(1.0, 0, 1), BenchCycles.mergeRead(List.of(missing, found)));
        // the item was found: the read succeeded, whatever the other suffixes answered
        BenchOutcome merged = BenchCycles.mergeRead(List.of(BenchOutcome.failed("ValidationException"),
                BenchOutcome.throttled("ThrottlingException"), found, BenchOutcome.indeterminate("timeout")));
        assertEquals(BenchOutcome.Kind.OK, merged.kind());
        assertEquals(1, merged.items());
        // nothing found: the worst outcome
        BenchOutcome notFound = BenchCycles.mergeRead(List.of(missing, BenchOutcome.failed("ValidationException"),
                BenchOutcome.throttled("ThrottlingException"), BenchOutcome.indeterminate("timeout")));
        assertEquals(BenchOutcome.Kind.THROTTLED, notFound.kind());
        assertEquals("ThrottlingException", notFound.errorType());
        assertEquals(BenchOutcome.Kind.INDETERMINATE,
                BenchCycles.mergeRead(List.of(BenchOutcome.failed("x"), BenchOutcome.indeterminate("y"))).kind());
        assertEquals(BenchOutcome.ok(1.0, 0, 0), BenchCycles.mergeRead(List.of(missing, missing)));
    }

    @Test
    void aReadModifyWriteWhoseWriteIsThrottledIsThrottledThoughItsReadFound() {
        BenchOutcome merged = BenchCycles.merge(List.of(BenchOutcome.ok(0.5, 0, 1),
                BenchOutcome.throttled("ThrottlingException")));
        assertEquals(BenchOutcome.Kind.THROTTLED, merged.kind());
    }

    @Test
    void writeHeavyReadsTheItemLastWrittenUnderTheKey() {
        RecordingClient client = new RecordingClient();
        BenchWorkload workload = BenchWorkload.builtIn("write-heavy");
        // one logical key: every insert and read falls on it
        BenchCycles cycles = new BenchCycles(new BenchCycles.Setup("t", workload, ItemShape.ofBytes(10, 1000),
                KeyStrategy.NATURAL, count -> KeyDistribution.parse("uniform", 1), 1, 3, 0, 1, client, new RequestTally(),
                new KeyContributors(0, 10), 0, () -> 5_000L, () -> 0L));
        String lastItem = BenchCycles.RECORD_ITEM;
        for (long cycle = 0; cycle < 200; cycle++) {
            int before = client.requests.size();
            cycles.start(cycle, 0);
            BenchRequest request = client.requests.get(before);
            switch (request) {
                case BenchRequest.Put put -> {
                    assertEquals(new BenchKey("user0", "c" + cycle), put.key());
                    lastItem = put.key().sk();
                }
                case BenchRequest.Get get -> assertEquals(new BenchKey("user0", lastItem), get.key(), "cycle " + cycle);
                default -> throw new AssertionError(request);
            }
        }
    }

    @Test
    void throttledRequestsAreTalliedAndCountAsContributorsWithTheirItemsUnits() {
        RecordingClient client = new RecordingClient(Set.of("user0"));
        RequestTally tally = new RequestTally();
        KeyContributors contributors = new KeyContributors(0, 10);
        BenchCycles cycles = new BenchCycles(new BenchCycles.Setup("t", BenchWorkload.builtIn("ycsb-c"),
                ItemShape.ofBytes(10, 1000), KeyStrategy.NATURAL, count -> KeyDistribution.parse("uniform", 1), 1, 3, 0, 1,
                client, tally, contributors, 1, () -> 0L, () -> 0L));
        cycles.start(0, 0); // warm-up: not counted
        for (long cycle = 1; cycle <= 10; cycle++) {
            var started = cycles.start(cycle, 0);
            assertEquals(BenchOutcome.Kind.THROTTLED, started.done().join().kind());
        }
        RequestTally.Snapshot snapshot = tally.snapshot();
        assertEquals(10, snapshot.requests());
        assertEquals(10, snapshot.throttled());
        assertEquals(1.0, snapshot.throttledShare());
        assertEquals(1.0, snapshot.requestsPerRead());
        var minute = contributors.minutes().getFirst();
        assertEquals(List.of(), minute.accessed());
        // a 1,000-byte item (and its key and names) is one 4 KB block: half a unit eventually consistent
        assertEquals(List.of(new KeyContributors.Contributor("user0", 5.0, 10)), minute.throttled());
    }

    @Test
    void itemUnitsFollowDynamoDbsRounding() {
        ItemShape shape = ItemShape.ofBytes(10, 1000);
        BenchKey key = new BenchKey("user1", "item");
        // 2 + 5 + 2 + 4 + 10 x (6 + 100)
        assertEquals(1073, shape.itemBytes(key));
        assertEquals(2, shape.writeUnits(key));
        assertEquals(0.5, shape.readUnits(key, false));
        assertEquals(1, shape.readUnits(key, true));
        assertTrue(ItemShape.ofBytes(10, 5000).readUnits(key, true) == 2);
    }
}
