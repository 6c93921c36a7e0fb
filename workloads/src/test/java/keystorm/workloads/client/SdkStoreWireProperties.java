package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.server.DynamoServer;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * SdkStore over the wire, against {@code keystorm serve} in this process: what it writes is what
 * the engine holds (read directly, past HTTP), and the answers that carry data (condition
 * failures, cancellations, pages, missing items) come back whole.
 */
class SdkStoreWireProperties {
    private static final String TABLE = "wire";
    private static Engine engine;
    private static DynamoServer server;
    private static SdkStore store;
    private static final AtomicLong KEYS = new AtomicLong();

    @BeforeContainer
    static void start() {
        engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        server = DynamoServer.start(engine, "127.0.0.1", 0, false);
        store = new SdkStore(URI.create(server.endpoint()));
        store.createTable(CreateTableRequest.onDemand(TABLE, "k", ScalarAttributeType.S, null, null));
        store.createTable(CreateTableRequest.onDemand(TABLE, "k", ScalarAttributeType.S, null, null)); // already there
    }

    @AfterContainer
    static void stop() {
        store.deleteTable(TABLE);
        store.deleteTable(TABLE); // already gone
        store.close();
        server.close();
        engine.close();
    }

    @Property(tries = 40)
    void anItemPutOverHttpIsTheItemTheEngineHolds(@ForAll("items") Item generated) {
        Map<String, AttributeValue> key = Map.of("k", AttributeValue.s("item-" + KEYS.incrementAndGet()));
        Map<String, AttributeValue> attributes = new LinkedHashMap<>(generated.attributes());
        attributes.putAll(key);
        Item item = Item.of(attributes);
        store.putItem(PutItemRequest.of(TABLE, item));
        assertThat(engine.getItem(GetItemRequest.consistent(TABLE, key)).item()).isEqualTo(item);
        assertThat(store.getItem(GetItemRequest.consistent(TABLE, key)).item()).isEqualTo(item);
    }

    @Example
    void aFailedConditionAndACancelledTransactionBringTheOldItemBack() {
        Map<String, AttributeValue> key = Map.of("k", AttributeValue.s("cond"));
        Item old = Item.of(Map.of("k", AttributeValue.s("cond"), "v", AttributeValue.n(1)));
        store.putItem(PutItemRequest.of(TABLE, old));
        ExpressionInput two = new ExpressionInput(Map.of("#v", "v"), Map.of(":x", AttributeValue.n(2)));
        PutItemRequest conditional = new PutItemRequest(TABLE, Item.of(Map.of("k", AttributeValue.s("cond"))),
                "#v = :x", two, null, ReturnValuesOnConditionCheckFailure.ALL_OLD, null);
        assertThatThrownBy(() -> store.putItem(conditional)).isInstanceOfSatisfying(
                ConditionalCheckFailedException.class, e -> assertThat(e.item()).isEqualTo(old));

        TransactWriteItemsRequest transaction = TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Put.of(TABLE, Item.of(Map.of("k", AttributeValue.s("other")))),
                new TransactWriteItem.ConditionCheck(TABLE, key, "#v = :x", two, ReturnValuesOnConditionCheckFailure.ALL_OLD)));
        assertThatThrownBy(() -> store.transactWriteItems(transaction)).isInstanceOfSatisfying(
                TransactionCanceledException.class, e -> assertThat(e.reasons()).containsExactly(
                        CancellationReason.NONE, CancellationReason.conditionalCheckFailed(old)));
        assertThat(engine.getItem(GetItemRequest.consistent(TABLE, Map.of("k", AttributeValue.s("other")))).item())
                .isNull();
    }

    @Example
    void aTransactionalReadHasNullForAMissingItem() {
        Item present = Item.of(Map.of("k", AttributeValue.s("here"), "v", AttributeValue.n(5)));
        store.transactWriteItems(TransactWriteItemsRequest.of(List.of(TransactWriteItem.Put.of(TABLE, present)))
                .withToken("wire-token-1"));
        List<Item> read = store.transactGetItems(TransactGetItemsRequest.of(List.of(
                TransactGetItem.of(TABLE, Map.of("k", AttributeValue.s("here"))),
                TransactGetItem.of(TABLE, Map.of("k", AttributeValue.s("nowhere")))))).responses();
        assertThat(read).containsExactly(present, null);
    }

    @Example
    void aScanPagesToTheEnd() {
        int seen = 0;
        Map<String, AttributeValue> start = null;
        for (int page = 0; page < 10_000; page++) {
            PageResponse response = store.scan(new ScanRequest(TABLE, null, null, null, null, 2, true, start, null,
                    null, null));
            assertThat(response.items().size()).isLessThanOrEqualTo(2);
            seen += response.items().size();
            start = response.lastEvaluatedKey();
            if (start == null) {
                break;
            }
        }
        assertThat(start).isNull();
        assertThat(seen).isEqualTo(engine.scan(ScanRequest.of(TABLE)).count());
    }

    @Provide
    Arbitrary<Item> items() {
        return SdkGenerators.items(true);
    }
}
