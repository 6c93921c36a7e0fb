package keystorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableStatus;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Tables pass through CREATING, UPDATING and DELETING on the engine's clock (EngineConfig.tableStatusDelayNanos). */
class TableLifecycleTest {
    private final ManualClock clock = new ManualClock();
    private final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
            .withTableStatusDelayNanos(TimeUnit.SECONDS.toNanos(2)));

    static CreateTableRequest onDemand(String name) {
        return CreateTableRequest.onDemand(name, "pk", ScalarAttributeType.S, null, null);
    }

    static PutItemRequest put(String table, String key) {
        return PutItemRequest.of(table, Item.of(Map.of("pk", new AttributeValue.S(key))));
    }

    static void assertError(Runnable call, ErrorType type, String text) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void withoutADelayEveryTableIsActiveAndDeletedAtOnce() {
        Engine plain = new Engine(new ManualClock());
        assertThat(plain.createTable(onDemand("tb1")).tableStatus()).isEqualTo(TableStatus.ACTIVE);
        plain.putItem(put("tb1", "a"));
        assertThat(plain.updateTable(UpdateTableRequest.billing("tb1", keystorm.engine.api.BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5))).tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(plain.deleteTable("tb1").tableStatus()).isEqualTo(TableStatus.DELETING);
        assertError(() -> plain.describeTable("tb1"), ErrorType.ResourceNotFoundException, "tb1 not found");
        assertThat(plain.listTables(null, null).tableNames()).isEmpty();
    }

    @Test
    void aNewTableIsCreatingUntilTheDelayHasPassedAndRefusesItemsMeanwhile() {
        assertThat(engine.createTable(onDemand("tb1")).tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(engine.describeTable("tb1").tableStatus()).isEqualTo(TableStatus.CREATING);
        assertThat(engine.listTables(null, null).tableNames()).containsExactly("tb1");
        assertError(() -> engine.putItem(put("tb1", "a")), ErrorType.ResourceNotFoundException, "tb1 not found");
        assertError(() -> engine.getItem(GetItemRequest.of("tb1", Map.of("pk", new AttributeValue.S("a")))),
                ErrorType.ResourceNotFoundException, "tb1");
        assertError(() -> engine.deleteTable("tb1"), ErrorType.ResourceInUseException, "Table is being created: tb1");
        assertError(() -> engine.updateTable(UpdateTableRequest.billing("tb1", keystorm.engine.api.BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5))), ErrorType.ResourceInUseException, "being created");
        assertError(() -> engine.createTable(onDemand("tb1")), ErrorType.ResourceInUseException, "already exists");
        clock.advance(1999, TimeUnit.MILLISECONDS);
        assertThat(engine.describeTable("tb1").tableStatus()).isEqualTo(TableStatus.CREATING);
        clock.advance(1, TimeUnit.MILLISECONDS);
        assertThat(engine.describeTable("tb1").tableStatus()).isEqualTo(TableStatus.ACTIVE);
        engine.putItem(put("tb1", "a"));
    }

    @Test
    void anUpdatingTableServesItemsButRefusesAnotherChange() {
        engine.createTable(onDemand("tb1"));
        clock.advance(2, TimeUnit.SECONDS);
        assertThat(engine.updateTable(UpdateTableRequest.billing("tb1", keystorm.engine.api.BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5))).tableStatus()).isEqualTo(TableStatus.UPDATING);
        engine.putItem(put("tb1", "a"));
        assertError(() -> engine.updateTable(UpdateTableRequest.throughput("tb1", new ProvisionedThroughput(6, 6))),
                ErrorType.ResourceInUseException, "Table is being updated: tb1");
        assertError(() -> engine.deleteTable("tb1"), ErrorType.ResourceInUseException, "being updated");
        clock.advance(2, TimeUnit.SECONDS);
        assertThat(engine.describeTable("tb1").tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(engine.describeTable("tb1").provisionedThroughput()).isEqualTo(new ProvisionedThroughput(5, 5));
    }

    @Test
    void aDeletingTableKeepsItsNameUntilItIsGone() {
        engine.createTable(onDemand("tb1"));
        clock.advance(2, TimeUnit.SECONDS);
        engine.putItem(put("tb1", "a"));
        assertThat(engine.deleteTable("tb1").tableStatus()).isEqualTo(TableStatus.DELETING);
        assertThat(engine.describeTable("tb1").tableStatus()).isEqualTo(TableStatus.DELETING);
        // DeleteTable of a DELETING table is no error (the DeleteTable reference)
        assertThat(engine.deleteTable("tb1").tableStatus()).isEqualTo(TableStatus.DELETING);
        assertError(() -> engine.putItem(put("tb1", "b")), ErrorType.ResourceNotFoundException, "tb1");
        assertError(() -> engine.createTable(onDemand("tb1")), ErrorType.ResourceInUseException, "already exists");
        assertError(() -> engine.updateTable(UpdateTableRequest.billing("tb1", keystorm.engine.api.BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5))), ErrorType.ResourceInUseException, "being deleted");
        assertThat(engine.listTables(null, null).tableNames()).containsExactly("tb1");
        clock.advance(2, TimeUnit.SECONDS);
        assertError(() -> engine.describeTable("tb1"), ErrorType.ResourceNotFoundException, "tb1 not found");
        assertThat(engine.listTables(null, null).tableNames()).isEmpty();
        assertThat(engine.tableNames()).isEmpty();
        assertThat(engine.createTable(onDemand("tb1")).tableStatus()).isEqualTo(TableStatus.CREATING);
        clock.advance(2, TimeUnit.SECONDS);
        assertThat(engine.getItem(GetItemRequest.of("tb1", Map.of("pk", new AttributeValue.S("a")))).item()).isNull();
    }

    @Test
    void tagsNeedATableThatIsNotGone() {
        String arn = engine.createTable(onDemand("tb1")).tableArn();
        engine.tagResource(arn, List.of(new keystorm.engine.api.Tag("k", "v"))); // CREATING: tags are fine
        clock.advance(2, TimeUnit.SECONDS);
        engine.deleteTable("tb1");
        assertThat(engine.listTagsOfResource(arn, null).tags()).hasSize(1);
        clock.advance(2, TimeUnit.SECONDS);
        assertError(() -> engine.listTagsOfResource(arn, null), ErrorType.ResourceNotFoundException, arn);
    }
}
