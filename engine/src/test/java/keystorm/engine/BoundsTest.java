package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.Limits;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.time.ManualClock;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every engine-internal bound, shrunk to a few entries: reaching it is a ThrottlingException (or
 * DynamoDB's own error) whose message names the bound, and nothing of the refused request is
 * applied.
 */
class BoundsTest {
    final ManualClock clock = new ManualClock();

    @TempDir
    Path dir;

    Engine engine(Consumer<Limits.Builder> bounds, EngineConfig base) {
        Engine engine = new Engine(base.withClock(clock).withLimits(Limits.DYNAMODB.with(bounds)));
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null), 1);
        return engine;
    }

    static Item item(String pk) {
        return Item.of(Map.of("pk", s(pk), "v", n(1)));
    }

    static Item get(Engine engine, String pk) {
        return engine.getItem(GetItemRequest.consistent("kvs", Map.of("pk", s(pk)))).item();
    }

    static void assertRefused(Executable call, ErrorType type, String bound) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(bound);
        });
    }

    static TransactWriteItemsRequest transaction(String pk, String token) {
        return TransactWriteItemsRequest.of(List.of(TransactWriteItem.Put.of("kvs", item(pk)))).withToken(token);
    }

    @Test
    void aFollowersBacklogIsBoundedAndAFullOneRefusesTheWriteBeforeApplyingIt() {
        Engine engine = engine(b -> b.replicaBacklogMax = 3, EngineConfig.inMemory().withReplicaLag(ReplicaLag.millis(100)));
        for (int i = 0; i < 3; i++) {
            engine.putItem(PutItemRequest.of("kvs", item("k" + i)));
        }
        Partition.Metrics before = engine.partitionMetrics("kvs").getFirst();
        assertThat(before.replicas()).extracting(Partition.ReplicaState::pendingEntries).containsExactly(0, 3, 3);

        assertRefused(() -> engine.putItem(PutItemRequest.of("kvs", item("k3"))), ErrorType.ThrottlingException,
                "Limits.replicaBacklogMax = 3");
        assertRefused(() -> engine.transactWriteItems(transaction("k3", null)), ErrorType.ThrottlingException,
                "Limits.replicaBacklogMax = 3");
        // every part of the batch refused: the batch fails as a whole, as a throttled one does
        assertRefused(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("kvs", List.of(
                new WriteRequest.Put(item("k3")), new WriteRequest.Put(item("k4")))), null)),
                ErrorType.ThrottlingException, "Limits.replicaBacklogMax = 3");
        assertThat(get(engine, "k3")).isNull();
        assertThat(get(engine, "k4")).isNull();
        assertThat(engine.describeTable("kvs").itemCount()).isEqualTo(3);
        Partition.Metrics after = engine.partitionMetrics("kvs").getFirst();
        assertThat(after.replicas()).extracting(Partition.ReplicaState::pendingEntries).containsExactly(0, 3, 3);
        assertThat(after.consumedWriteUnits()).as("refused writes consume nothing")
                .isEqualTo(before.consumedWriteUnits());

        // once the lag has passed, the next write first applies what is due, and goes through
        clock.advance(100, TimeUnit.MILLISECONDS);
        engine.putItem(PutItemRequest.of("kvs", item("k3")));
        assertThat(get(engine, "k3")).isEqualTo(item("k3"));
        assertThat(engine.partitionMetrics("kvs").getFirst().replicas())
                .extracting(Partition.ReplicaState::pendingEntries).containsExactly(0, 1, 1);
    }

    @Test
    void idempotencyTokensAreBoundedAndExpiredOnesMakeRoom() {
        Engine engine = engine(b -> b.idempotencyTokensMax = 2, EngineConfig.inMemory());
        engine.transactWriteItems(transaction("a", "t1"));
        engine.transactWriteItems(transaction("b", "t2"));
        assertRefused(() -> engine.transactWriteItems(transaction("c", "t3")), ErrorType.ThrottlingException,
                "Limits.idempotencyTokensMax = 2");
        assertThat(get(engine, "c")).isNull();
        // a retry of a token held needs no room
        engine.transactWriteItems(transaction("a", "t1"));
        assertThat(engine.tokens().held()).isEqualTo(2);

        clock.advance(10, TimeUnit.MINUTES);
        clock.advance(1, TimeUnit.MILLISECONDS);
        engine.transactWriteItems(transaction("c", "t3"));
        assertThat(get(engine, "c")).isEqualTo(item("c"));
        assertThat(engine.tokens().held()).as("the expired tokens were purged").isEqualTo(1);
    }

    @Test
    void theLogsBufferIsBoundedInBytesAndAFullOneRefusesTheWrite() {
        // an hour between flushes: the buffer is emptied only by close
        Engine engine = engine(b -> b.logBufferBytesMax = 2_000,
                EngineConfig.durable(dir, SyncPolicy.BATCH).withBatchMillis(3_600_000));
        List<String> written = new ArrayList<>();
        DynamoException refused = null;
        for (int i = 0; i < 1_000 && refused == null; i++) {
            String pk = "k" + i;
            try {
                engine.putItem(PutItemRequest.of("kvs", item(pk)));
                written.add(pk);
            } catch (DynamoException e) {
                refused = e;
                assertThat(get(engine, pk)).isNull();
            }
        }
        assertThat(refused).isNotNull();
        assertThat(refused.type()).isEqualTo(ErrorType.ThrottlingException);
        assertThat(refused.getMessage()).contains("Limits.logBufferBytesMax = 2000");
        assertThat(written).isNotEmpty();
        assertThat(engine.describeTable("kvs").itemCount()).isEqualTo(written.size());
        engine.close();
        try (Engine reopened = new Engine(EngineConfig.durable(dir, SyncPolicy.BATCH).withClock(clock))) {
            assertThat(reopened.describeTable("kvs").itemCount()).isEqualTo(written.size());
        }
    }

    @Test
    void tablesAreBoundedByDynamoDbsAccountQuota() {
        assertThat(Limits.DYNAMODB.tablesMax()).isEqualTo(2_500);
        Engine engine = engine(b -> b.tablesMax = 2, EngineConfig.inMemory());
        engine.createTable(CreateTableRequest.onDemand("two", "pk", ScalarAttributeType.S, null, null));
        assertRefused(() -> engine.createTable(CreateTableRequest.onDemand("three", "pk", ScalarAttributeType.S,
                null, null)), ErrorType.LimitExceededException, "Limits.tablesMax = 2");
        assertThat(engine.listTables(null, null).tableNames()).containsExactly("kvs", "two");
        engine.deleteTable("two");
        engine.createTable(CreateTableRequest.onDemand("three", "pk", ScalarAttributeType.S, null, null));
    }
}
