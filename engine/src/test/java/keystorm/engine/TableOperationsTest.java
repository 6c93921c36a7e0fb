package keystorm.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.ListTablesResponse;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.TableStatus;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

class TableOperationsTest {
    private final Engine engine = new Engine(new ManualClock());

    static CreateTableRequest provisioned(String name) {
        return new CreateTableRequest(name,
                List.of(new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("sk", ScalarAttributeType.N)),
                List.of(new KeySchemaElement("pk", KeyType.HASH), new KeySchemaElement("sk", KeyType.RANGE)),
                BillingMode.PROVISIONED, new ProvisionedThroughput(5, 5));
    }

    @Test
    void createDescribeDelete() {
        TableDescription created = engine.createTable(provisioned("orders"));
        assertThat(created.tableStatus()).isEqualTo(TableStatus.ACTIVE);
        assertThat(created.keySchema()).extracting(KeySchemaElement::attributeName).containsExactly("pk", "sk");
        assertThat(created.provisionedThroughput()).isEqualTo(new ProvisionedThroughput(5, 5));
        assertThat(engine.describeTable("orders").tableName()).isEqualTo("orders");
        assertThat(engine.deleteTable("orders").tableStatus()).isEqualTo(TableStatus.DELETING);
        assertError(() -> engine.describeTable("orders"), ErrorType.ResourceNotFoundException, "orders not found");
    }

    @Test
    void tableNamesAreCaseSensitiveAndUnique() {
        engine.createTable(provisioned("Orders"));
        engine.createTable(provisioned("orders"));
        assertError(() -> engine.createTable(provisioned("orders")), ErrorType.ResourceInUseException,
                "Table already exists: orders");
    }

    @Test
    void createTableValidation() {
        assertError(() -> engine.createTable(provisioned("ab")), ErrorType.ValidationException, "tableName");
        assertError(() -> engine.createTable(provisioned("bad name")), ErrorType.ValidationException, "tableName");
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                        List.of(new KeySchemaElement("pk", KeyType.RANGE)), BillingMode.PAY_PER_REQUEST, null)),
                ErrorType.ValidationException, "not a HASH key type");
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition("pk", ScalarAttributeType.S), new AttributeDefinition("x", ScalarAttributeType.S)),
                        List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PAY_PER_REQUEST, null)),
                ErrorType.ValidationException, "does not exactly match");
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                        List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PROVISIONED, null)),
                ErrorType.ValidationException, "must both be specified");
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                        List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PAY_PER_REQUEST,
                        new ProvisionedThroughput(1, 1))),
                ErrorType.ValidationException, "PAY_PER_REQUEST");
        String longName = "k".repeat(256);
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition(longName, ScalarAttributeType.S)),
                        List.of(new KeySchemaElement(longName, KeyType.HASH)), BillingMode.PAY_PER_REQUEST, null)),
                ErrorType.ValidationException, "Member must have length less than or equal to 255");
        engine.createTable(new CreateTableRequest("tbl255", List.of(new AttributeDefinition("k".repeat(255),
                ScalarAttributeType.S)), List.of(new KeySchemaElement("k".repeat(255), KeyType.HASH)),
                BillingMode.PAY_PER_REQUEST, null));
        assertError(() -> engine.createTable(new CreateTableRequest("tbl",
                        List.of(new AttributeDefinition("xyz", ScalarAttributeType.S), new AttributeDefinition("xyz", ScalarAttributeType.N)),
                        List.of(new KeySchemaElement("xyz", KeyType.HASH)), BillingMode.PAY_PER_REQUEST, null)),
                ErrorType.ValidationException, "duplicate AttributeDefinitions entry for xyz");
    }

    @Test
    void listTablesPages() {
        for (String name : List.of("t-c", "t-a", "t-b", "t-d", "t-e")) {
            engine.createTable(CreateTableRequest.onDemand(name, "pk", ScalarAttributeType.S, null, null));
        }
        ListTablesResponse first = engine.listTables(null, 2);
        assertThat(first.tableNames()).containsExactly("t-a", "t-b");
        assertThat(first.lastEvaluatedTableName()).isEqualTo("t-b");
        ListTablesResponse second = engine.listTables("t-b", 3);
        assertThat(second.tableNames()).containsExactly("t-c", "t-d", "t-e");
        assertThat(second.lastEvaluatedTableName()).isNull();
        assertError(() -> engine.listTables(null, 0), ErrorType.ValidationException, "limit");
        assertError(() -> engine.listTables(null, 101), ErrorType.ValidationException, "limit");
    }

    static void assertError(Runnable call, ErrorType type, String message) {
        assertThatThrownBy(call::run)
                .isInstanceOf(DynamoException.class)
                .satisfies(e -> assertThat(((DynamoException) e).type()).isEqualTo(type))
                .hasMessageContaining(message);
    }
}
