package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.capacity.CapacityUnits;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Large BatchWriteItems on a fresh on-demand table (four partitions, each a 1,000 write units
 * ceiling holding one second; 4,000 a second in all, DynamoDB's documented initial throughput of a
 * new on-demand table). DynamoDB accepts such a batch and may leave part of it in
 * UnprocessedItems for the caller to resubmit: ScyllaDB's Alternator suite, written against
 * DynamoDB, says it "often happens" on a new on-demand table, and resubmits once a second until a
 * deadline (test_batch_write_item_large in test/alternator/test_batch.py). The engine must do the
 * same: never refuse the whole batch, and finish it within a few resubmissions, as the buckets
 * predict.
 */
class OnDemandBatchTest {
    final ManualClock clock = new ManualClock();
    final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock));

    /** Resubmits what is unprocessed once a second; answers the rounds it took. */
    int writeAll(List<WriteRequest> writes, String table, int roundsMax) {
        Map<String, List<WriteRequest>> pending = Map.of(table, writes);
        for (int round = 1; round <= roundsMax; round++) {
            BatchWriteItemResponse response = engine.batchWriteItem(new BatchWriteItemRequest(pending, null));
            if (response.unprocessedItems().isEmpty()) {
                return round;
            }
            pending = response.unprocessedItems();
            clock.advance(1, TimeUnit.SECONDS);
        }
        throw new AssertionError("still unprocessed after " + roundsMax + " rounds: " + pending.get(table).size());
    }

    /** Alternator's shape: 25 items of one partition key, each about 49 KB, about 1,225 write units. */
    @Test
    void alternatorsLargeBatchIsAcceptedAndFinishesOnResubmission() {
        engine.createTable(CreateTableRequest.onDemand("large", "p", ScalarAttributeType.S, "c", ScalarAttributeType.N));
        String content = "X".repeat(100 * 500);
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            writes.add(new WriteRequest.Put(Item.of(Map.of("p", s("pk"), "c", n(i), "content", s(content)))));
        }
        double units = CapacityUnits.write(ItemSize.bytes(((WriteRequest.Put) writes.getFirst()).item()));
        assertThat(units).isEqualTo(49.0);
        BatchWriteItemResponse first = engine.batchWriteItem(new BatchWriteItemRequest(Map.of("large", writes), null));
        // One partition key, one partition: its ceiling serves 20 x 49 = 980 units now, the rest a second later.
        assertThat(first.unprocessedItems().get("large")).hasSize(5);
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(writeAll(first.unprocessedItems().get("large"), "large", 1)).isEqualTo(1);
        assertThat(engine.describeTable("large").itemCount()).isEqualTo(25);
        // Query pages stop at 1 MB: 21 items of 49 KB on the first page, as DynamoDB's would.
        assertThat(engine.query(QueryRequest.of("large", "p = :p", ExpressionInput.values(Map.of(":p", s("pk")))))
                .items()).hasSize(21);
    }

    /** The largest batch DynamoDB takes: 25 items of 400 KB on 25 partition keys, 10,000 write units. */
    @Test
    void aTenMegabyteBatchIsAcceptedAndFinishesInTheRoundsTheBucketsPredict() {
        engine.createTable(CreateTableRequest.onDemand("largest", "p", ScalarAttributeType.S, null, null));
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            String pk = "key" + (char) ('a' + i);
            // 400 KB with the names and the key counted: p (1) + pk (4) + content (7) + its value.
            writes.add(new WriteRequest.Put(Item.of(Map.of("p", s(pk), "content", s("Y".repeat(400 * 1024 - 12))))));
        }
        assertThat(ItemSize.bytes(((WriteRequest.Put) writes.getFirst()).item())).isEqualTo(400 * 1024);
        int[] keysPerPartition = new int[PartitionMap.ON_DEMAND_PARTITIONS];
        for (WriteRequest write : writes) {
            keysPerPartition[engine.partitions("largest").of(((WriteRequest.Put) write).item().get("p")).index()]++;
        }
        // Each partition's ceiling holds 1,000 units, two 400-unit items, and refills to 1,000 a second
        // (the 200 left over do not carry past the full bucket): two items per partition per round.
        int servedFirst = 0;
        int rounds = 0;
        for (int keys : keysPerPartition) {
            servedFirst += Math.min(keys, 2);
            rounds = Math.max(rounds, (keys + 1) / 2);
        }
        BatchWriteItemResponse first = engine.batchWriteItem(new BatchWriteItemRequest(Map.of("largest", writes), null));
        // Accepted, part of it left for the caller: not a refusal of the whole batch.
        assertThat(first.unprocessedItems().get("largest")).hasSize(25 - servedFirst);
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(1 + writeAll(first.unprocessedItems().get("largest"), "largest", 10)).isEqualTo(rounds);
        assertThat(engine.describeTable("largest").itemCount()).isEqualTo(25);
    }
}
