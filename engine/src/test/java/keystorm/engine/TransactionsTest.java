package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

class TransactionsTest {
    final ManualClock clock = new ManualClock();
    final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock));

    TransactionsTest() {
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static Item item(String pk, long v) {
        return Item.of(Map.of("pk", s(pk), "v", n(v)));
    }

    Item get(String pk) {
        return engine.getItem(GetItemRequest.consistent("kvs", key(pk))).item();
    }

    static TransactWriteItem add(String pk, long amount) {
        return TransactWriteItem.Update.of("kvs", key(pk), "ADD v :d", null, ExpressionInput.values(Map.of(":d", n(amount))));
    }

    @Test
    void everyActionKindAppliesTogether() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        engine.putItem(PutItemRequest.of("kvs", item("b", 2)));
        engine.putItem(PutItemRequest.of("kvs", item("c", 3)));
        var response = engine.transactWriteItems(new TransactWriteItemsRequest(List.of(
                TransactWriteItem.Put.of("kvs", item("new", 9)),
                add("a", 10),
                TransactWriteItem.Delete.of("kvs", key("b")),
                TransactWriteItem.ConditionCheck.of("kvs", key("c"), "v = :three",
                        ExpressionInput.values(Map.of(":three", n(3))))), null, ReturnConsumedCapacity.TOTAL));
        assertThat(get("new")).isEqualTo(item("new", 9));
        assertThat(get("a")).isEqualTo(item("a", 11));
        assertThat(get("b")).isNull();
        assertThat(get("c")).isEqualTo(item("c", 3));
        // Four actions on items under 1 KB, each twice a plain write's unit.
        assertThat(response.consumedCapacity()).singleElement()
                .satisfies(c -> assertThat(c.writeCapacityUnits()).isEqualTo(8.0));
    }

    @Test
    void aFailedConditionCancelsEverythingWithOneReasonPerActionInOrder() {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        engine.putItem(PutItemRequest.of("kvs", item("b", 2)));
        TransactWriteItemsRequest request = TransactWriteItemsRequest.of(List.of(
                add("a", 10),
                new TransactWriteItem.Update("kvs", key("b"), "SET v = :x", "v = :wrong",
                        new ExpressionInput(null, Map.of(":x", n(5), ":wrong", n(99))),
                        ReturnValuesOnConditionCheckFailure.ALL_OLD),
                TransactWriteItem.ConditionCheck.of("kvs", key("zz"), "attribute_exists(pk)", null)));
        assertThatThrownBy(() -> engine.transactWriteItems(request))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> {
                    assertThat(e.reasons()).extracting(CancellationReason::code)
                            .containsExactly("None", "ConditionalCheckFailed", "ConditionalCheckFailed");
                    assertThat(e.reasons().get(1).item()).isEqualTo(item("b", 2));
                    assertThat(e.reasons().get(2).item()).isNull();
                    assertThat(e.getMessage()).contains("[None, ConditionalCheckFailed, ConditionalCheckFailed]");
                });
        assertThat(get("a")).isEqualTo(item("a", 1));
        assertThat(get("b")).isEqualTo(item("b", 2));
    }

    @Test
    void requestsDynamoDbRefuses() {
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(add("a", 1), add("a", 2)))),
                ErrorType.ValidationException, "multiple operations on one item");
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of())),
                ErrorType.ValidationException, "greater than or equal to 1");
        List<TransactWriteItem> many = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            many.add(add("k" + i, 1));
        }
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(many)),
                ErrorType.ValidationException, "less than or equal to 100");
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.ConditionCheck.of("kvs", key("a"), null, null)))),
                ErrorType.ValidationException, "conditionExpression");
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Update.of("kvs", key("a"), "SET pk = :x", null,
                                ExpressionInput.values(Map.of(":x", s("b"))))))),
                ErrorType.ValidationException, "part of the key");
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(add("a", 1))).withToken("x".repeat(37))),
                ErrorType.ValidationException, "clientRequestToken");
        assertError(() -> engine.transactGetItems(TransactGetItemsRequest.of(List.of(
                        TransactGetItem.of("kvs", key("a")), TransactGetItem.of("kvs", key("a"))))),
                ErrorType.ValidationException, "multiple operations on one item");
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Put.of("nosuch", item("a", 1))))),
                ErrorType.ResourceNotFoundException, "nosuch");
    }

    @Test
    void transactGetReturnsItemsInOrderAndNullsForMissingOnes() {
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"), "v", n(1), "w", s("x")))));
        var response = engine.transactGetItems(new TransactGetItemsRequest(List.of(
                new TransactGetItem("kvs", key("a"), "w", null),
                TransactGetItem.of("kvs", key("missing"))), ReturnConsumedCapacity.TOTAL));
        assertThat(response.responses()).containsExactly(Item.of(Map.of("w", s("x"))), null);
        // Two strongly consistent reads of under 4 KB, doubled.
        assertThat(response.consumedCapacity()).singleElement()
                .satisfies(c -> assertThat(c.readCapacityUnits()).isEqualTo(4.0));
    }

    @Test
    void aRetriedTokenIsAppliedOnceWithinTenMinutesAndAgainAfter() {
        TransactWriteItemsRequest request = TransactWriteItemsRequest.of(List.of(add("a", 5))).withToken("token-1");
        var first = engine.transactWriteItems(request);
        var retry = engine.transactWriteItems(request);
        assertThat(retry).isEqualTo(first);
        assertThat(get("a")).isEqualTo(item("a", 5));
        clock.advance(9, TimeUnit.MINUTES);
        engine.transactWriteItems(request);
        assertThat(get("a")).isEqualTo(item("a", 5));
        assertError(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(add("a", 6))).withToken("token-1")),
                ErrorType.IdempotentParameterMismatchException, "same client token");
        clock.advance(2, TimeUnit.MINUTES);
        engine.transactWriteItems(request);
        assertThat(get("a")).isEqualTo(item("a", 10));
    }

    @Test
    void aCancelledTransactionLeavesItsTokenFree() {
        TransactWriteItemsRequest failing = TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.ConditionCheck.of("kvs", key("a"), "attribute_exists(pk)", null), add("b", 1)))
                .withToken("t2");
        assertThatThrownBy(() -> engine.transactWriteItems(failing)).isInstanceOf(TransactionCanceledException.class);
        engine.putItem(PutItemRequest.of("kvs", item("a", 0)));
        engine.transactWriteItems(failing);
        assertThat(get("b")).isEqualTo(item("b", 1));
    }

    @Test
    void ignoreRequestTokenBugAppliesARetryTwice() {
        Engine buggy = new Engine(EngineConfig.inMemory().withBugs(java.util.Set.of(Bug.IGNORE_REQUEST_TOKEN)));
        buggy.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        TransactWriteItemsRequest request = TransactWriteItemsRequest.of(List.of(add("a", 5))).withToken("retry");
        buggy.transactWriteItems(request);
        buggy.transactWriteItems(request);
        assertThat(buggy.getItem(GetItemRequest.consistent("kvs", key("a"))).item()).isEqualTo(item("a", 10));
    }

    /**
     * A transaction held in flight (all its items marked): a single write to one of its items
     * fails with TransactionConflictException, another transaction on it is cancelled with
     * TransactionConflict at that item, a TransactGetItems of it is cancelled, a GetItem is
     * answered with the item as it was, and a write to another item goes through.
     */
    @Test
    void whatMeetsATransactionInFlight() throws Exception {
        engine.putItem(PutItemRequest.of("kvs", item("a", 1)));
        CountDownLatch marked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        engine.transactionInFlight = () -> {
            marked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        CompletableFuture<Void> inFlight = CompletableFuture.runAsync(() ->
                engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(add("a", 10), add("b", 10)))));
        assertThat(marked.await(10, TimeUnit.SECONDS)).isTrue();
        engine.transactionInFlight = null;

        assertError(() -> engine.putItem(PutItemRequest.of("kvs", item("a", 7))),
                ErrorType.TransactionConflictException, "Transaction is ongoing");
        assertThatThrownBy(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(add("c", 1), add("b", 1)))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons())
                        .extracting(CancellationReason::code).containsExactly("None", "TransactionConflict"));
        assertThatThrownBy(() -> engine.transactGetItems(TransactGetItemsRequest.of(List.of(TransactGetItem.of("kvs", key("a"))))))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons())
                        .extracting(CancellationReason::code).containsExactly("TransactionConflict"));
        assertThat(get("a")).isEqualTo(item("a", 1));
        engine.putItem(PutItemRequest.of("kvs", item("c", 3)));

        release.countDown();
        inFlight.get(10, TimeUnit.SECONDS);
        assertThat(get("a")).isEqualTo(item("a", 11));
        assertThat(get("b")).isEqualTo(item("b", 10));
        assertThat(get("c")).isEqualTo(item("c", 3));
        engine.putItem(PutItemRequest.of("kvs", item("a", 7)));
        assertThat(get("a")).isEqualTo(item("a", 7));
    }
}
