package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchGetItemResponse;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.BatchWriteItemResponse;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.KeysAndAttributes;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BatchOperationsTest {
    private final Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));

    @BeforeEach
    void tables() {
        engine.createTable(CreateTableRequest.onDemand("left", "pk", ScalarAttributeType.S, null, null));
        engine.createTable(CreateTableRequest.onDemand("right", "id", ScalarAttributeType.N, null, null));
    }

    static List<WriteRequest> puts(int count, java.util.function.IntFunction<Item> item) {
        List<WriteRequest> writes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            writes.add(new WriteRequest.Put(item.apply(i)));
        }
        return writes;
    }

    @Test
    void writeThenGetAcrossTables() {
        BatchWriteItemResponse written = engine.batchWriteItem(new BatchWriteItemRequest(Map.of(
                "left", puts(10, i -> Item.of(Map.of("pk", s("k" + i), "v", n(i)))),
                "right", puts(5, i -> Item.of(Map.of("id", n(i))))), ReturnConsumedCapacity.TOTAL));
        assertThat(written.unprocessedItems()).isEmpty();
        assertThat(written.consumedCapacity()).extracting(c -> c.capacityUnits()).containsExactlyInAnyOrder(10.0, 5.0);
        BatchGetItemResponse read = engine.batchGetItem(new BatchGetItemRequest(Map.of(
                "left", KeysAndAttributes.of(List.of(Map.of("pk", s("k1")), Map.of("pk", s("k9")), Map.of("pk", s("nope")))),
                "right", new KeysAndAttributes(List.of(Map.of("id", n(3))), true, "id", null)), null));
        assertThat(read.responses().get("left")).containsExactlyInAnyOrder(
                Item.of(Map.of("pk", s("k1"), "v", n(1))), Item.of(Map.of("pk", s("k9"), "v", n(9))));
        assertThat(read.responses().get("right")).containsExactly(Item.of(Map.of("id", n(3))));
        assertThat(read.unprocessedKeys()).isEmpty();
    }

    @Test
    void deletesInABatch() {
        engine.batchWriteItem(new BatchWriteItemRequest(Map.of("left",
                puts(3, i -> Item.of(Map.of("pk", s("k" + i))))), null));
        engine.batchWriteItem(new BatchWriteItemRequest(Map.of("left",
                List.of(new WriteRequest.Delete(Map.of("pk", s("k1"))))), null));
        assertThat(engine.getItem(GetItemRequest.of("left", Map.of("pk", s("k1")))).item()).isNull();
        assertThat(engine.describeTable("left").itemCount()).isEqualTo(2);
    }

    @Test
    void limitsAndDuplicates() {
        // more than 25 for one table breaks the list's constraint; more than 25 in all, the call's
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("left",
                        puts(26, i -> Item.of(Map.of("pk", s("k" + i))))), null)),
                ErrorType.ValidationException, "Member must have length less than or equal to 25");
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of(
                        "left", puts(13, i -> Item.of(Map.of("pk", s("k" + i)))),
                        "right", puts(13, i -> Item.of(Map.of("id", n(i))))), null)),
                ErrorType.ValidationException, "Too many items requested for the BatchWriteItem call");
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("left", List.of(
                        new WriteRequest.Put(Item.of(Map.of("pk", s("a")))), new WriteRequest.Delete(Map.of("pk", s("a")))
                )), null)),
                ErrorType.ValidationException, "Provided list of item keys contains duplicates");
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            keys.add(Map.of("pk", s("k" + i)));
        }
        assertError(() -> engine.batchGetItem(new BatchGetItemRequest(Map.of("left", KeysAndAttributes.of(keys)), null)),
                ErrorType.ValidationException, "Too many items requested for the BatchGetItem call");
        assertError(() -> engine.batchGetItem(new BatchGetItemRequest(Map.of("left", KeysAndAttributes.of(
                        List.of(Map.of("pk", s("a")), Map.of("pk", s("a"))))), null)),
                ErrorType.ValidationException, "Provided list of item keys contains duplicates");
        assertError(() -> engine.batchGetItem(new BatchGetItemRequest(Map.of("nowhere", KeysAndAttributes.of(
                        List.of(Map.of("pk", s("a"))))), null)),
                ErrorType.ResourceNotFoundException, "nowhere");
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of(), null)),
                ErrorType.ValidationException, "requestItems");
    }

    @Test
    void aBadWriteAnywhereMeansNothingIsWritten() {
        assertError(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of(
                        "left", puts(3, i -> Item.of(Map.of("pk", s("k" + i)))),
                        "right", List.of(new WriteRequest.Put(Item.of(Map.of("id", s("not-a-number")))))), null)),
                ErrorType.ValidationException, "Type mismatch");
        assertThat(engine.describeTable("left").itemCount()).isZero();
    }

    @Test
    void batchGetOverSixteenMegabytesLeavesUnprocessedKeys() {
        String payload = "x".repeat(390 * 1024);
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            engine.batchWriteItem(new BatchWriteItemRequest(Map.of("left",
                    List.of(new WriteRequest.Put(Item.of(Map.of("pk", s("k" + i), "blob", s(payload)))))), null));
            keys.add(Map.of("pk", s("k" + i)));
        }
        BatchGetItemResponse read = engine.batchGetItem(new BatchGetItemRequest(Map.of("left", KeysAndAttributes.of(keys)), null));
        int served = read.responses().get("left").size();
        assertThat(served).isEqualTo(43); // 43 x 390 KB crosses 16 MB
        assertThat(read.unprocessedKeys().get("left").keys()).hasSize(60 - served);
    }
}
