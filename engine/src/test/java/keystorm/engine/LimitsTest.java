package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * {@link Limits#DYNAMODB} is DynamoDB's documented quotas, every message built from a limit is
 * DynamoDB's word for word (the server's clients and the differential suites compare them), and a
 * configuration's limits are the ones the engine enforces.
 */
class LimitsTest {
    final Engine engine = new Engine(EngineConfig.inMemory().withClock(new ManualClock()).withThrottling(false));

    LimitsTest() {
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        engine.createTable(CreateTableRequest.onDemand("ranged", "pk", ScalarAttributeType.S, "sk",
                ScalarAttributeType.S));
    }

    static void assertMessage(Executable call, String message) {
        assertThatThrownBy(call::execute).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(ErrorType.ValidationException);
            assertThat(e.getMessage()).isEqualTo(message);
        });
    }

    static List<WriteRequest> puts(int count) {
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            puts.add(new WriteRequest.Put(Item.of(Map.of("pk", s("k" + i)))));
        }
        return puts;
    }

    @Test
    void theDefaultsAreDynamoDbsDocumentedQuotas() {
        Limits limits = Limits.DYNAMODB;
        assertThat(limits.itemBytesMax()).isEqualTo(400 * 1024);
        assertThat(limits.partitionKeyBytesMax()).isEqualTo(2048);
        assertThat(limits.sortKeyBytesMax()).isEqualTo(1024);
        assertThat(limits.transactionItemsMax()).isEqualTo(100);
        assertThat(limits.transactionBytesMax()).isEqualTo(4L * 1024 * 1024);
        assertThat(limits.batchWriteItemsMax()).isEqualTo(25);
        assertThat(limits.batchGetKeysMax()).isEqualTo(100);
        assertThat(limits.batchGetResponseBytesMax()).isEqualTo(16L * 1024 * 1024);
        assertThat(limits.pageBytesMax()).isEqualTo(1024 * 1024);
        assertThat(limits.listTablesLimitMax()).isEqualTo(100);
        assertThat(limits.expressionLengthMax()).isEqualTo(4096);
        assertThat(limits.nestingDepthMax()).isEqualTo(32);
        assertThat(limits.idempotencyWindowNanos()).isEqualTo(600_000_000_000L);
        assertThat(limits.partitionReadUnitsMax()).isEqualTo(3000);
        assertThat(limits.partitionWriteUnitsMax()).isEqualTo(1000);
        assertThat(limits.clientRequestTokenLengthMax()).isEqualTo(36);
        assertThat(Limits.bytesText(4L * 1024 * 1024)).isEqualTo("4 MB");
        assertThat(Limits.bytesText(400 * 1024)).isEqualTo("400 KB");
        assertThat(Limits.bytesText(1000)).isEqualTo("1000 bytes");
        assertThat(limits.with(b -> b.batchWriteItemsMax = 2).batchWriteItemsMax()).isEqualTo(2);
        assertThatThrownBy(() -> limits.with(b -> b.pageBytesMax = 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("pageBytesMax must be at least 1: 0");
    }

    @Test
    void messagesBuiltFromLimitsAreDynamoDbsWordForWord() {
        assertMessage(() -> engine.listTables(null, 101), "1 validation error detected: Value '101' at 'limit' failed "
                + "to satisfy constraint: Member must have value less than or equal to 100 and greater than or equal to 1");
        assertMessage(() -> engine.batchWriteItem(new BatchWriteItemRequest(Map.of("kvs", puts(26)), null)),
                "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must "
                        + "satisfy constraint: [Member must have length less than or equal to 25, Member must have "
                        + "length greater than or equal to 1]");
        String token = "t".repeat(37);
        assertMessage(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Put.of("kvs", Item.of(Map.of("pk", s("a")))))).withToken(token)),
                "1 validation error detected: Value '" + token + "' at 'clientRequestToken' failed to satisfy "
                        + "constraint: Member must have length less than or equal to 36 and greater than or equal to 1");
        List<TransactWriteItem> big = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            big.add(TransactWriteItem.Put.of("kvs", Item.of(Map.of("pk", s("b" + i), "pad", s("p".repeat(400_000))))));
        }
        assertMessage(() -> engine.transactWriteItems(TransactWriteItemsRequest.of(big)),
                "Transaction request size exceeds the 4 MB limit");
        assertMessage(() -> engine.createTable(CreateTableRequest.onDemand("t".repeat(256), "pk",
                        ScalarAttributeType.S, null, null)),
                "1 validation error detected: Value '" + "t".repeat(256) + "' at 'tableName' failed to satisfy "
                        + "constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have length "
                        + "between 3 and 255");
        AttributeValue deep = s("leaf");
        for (int i = 0; i < 33; i++) {
            deep = AttributeValue.l(List.of(deep));
        }
        AttributeValue nested = deep;
        assertMessage(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("d"), "deep", nested)))),
                "Nesting Levels have exceeded supported limits: an attribute value may be nested 32 levels deep");
        assertMessage(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("h".repeat(2049)))))),
                "One or more parameter values were invalid: Size of hashkey has exceeded the maximum size limit of "
                        + "2048 bytes");
        assertMessage(() -> engine.putItem(PutItemRequest.of("ranged", Item.of(Map.of("pk", s("a"),
                        "sk", s("r".repeat(1025)))))),
                "One or more parameter values were invalid: Size of rangekey has exceeded the maximum size limit of "
                        + "1024 bytes");
        assertMessage(() -> engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s("a"),
                        "n".repeat(65_536), n(1))))),
                "One or more parameter values were invalid: Attribute name is longer than 65535 bytes");
        assertMessage(() -> engine.scan(new ScanRequest("kvs", null, null, null, null, null, false, null, 0,
                        1_000_001, null)),
                "1 validation error detected: Value '1000001' at 'totalSegments' failed to satisfy constraint: Member "
                        + "must have value less than or equal to 1000000 and greater than or equal to 1");
    }

    @Test
    void anEngineEnforcesItsConfiguredLimits() {
        Limits small = Limits.DYNAMODB.with(b -> {
            b.batchWriteItemsMax = 2;
            b.listTablesLimitMax = 1;
            b.transactionItemsMax = 1;
        });
        Engine shrunk = new Engine(EngineConfig.inMemory().withClock(new ManualClock()).withLimits(small));
        shrunk.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        shrunk.createTable(CreateTableRequest.onDemand("two", "pk", ScalarAttributeType.S, null, null));
        assertMessage(() -> shrunk.batchWriteItem(new BatchWriteItemRequest(Map.of("kvs", puts(3)), null)),
                "1 validation error detected: Value at 'requestItems' failed to satisfy constraint: Map value must "
                        + "satisfy constraint: [Member must have length less than or equal to 2, Member must have "
                        + "length greater than or equal to 1]");
        assertThat(shrunk.listTables(null, null).tableNames()).containsExactly("kvs");
        assertThat(shrunk.describeTable("kvs").itemCount()).isZero();
        assertThatThrownBy(() -> shrunk.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Put.of("kvs", Item.of(Map.of("pk", s("a")))),
                TransactWriteItem.Put.of("kvs", Item.of(Map.of("pk", s("b"))))))))
                .hasMessageContaining("Member must have length less than or equal to 1 and greater than or equal to 1");
        // the engine built without a limits of its own reads DynamoDB's
        assertThat(engine.config().limits()).isSameAs(Limits.DYNAMODB);
    }
}
