package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.server.DynamoServer;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The AWS SDK for Java v2 creates a provisioned table with a GSI and an LSI on keystorm serve and
 * reads its description back: every index member the SDK models is there, typed as the SDK
 * expects it.
 */
class SdkIndexDefinitionsTest {

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeDefinition defined(String name, ScalarAttributeType type) {
        return AttributeDefinition.builder().attributeName(name).attributeType(type).build();
    }

    @Test
    void createAndDescribeATableWithAGlobalAndALocalIndex() {
        Engine engine = new Engine(EngineConfig.inMemory());
        try (DynamoServer server = DynamoServer.start(engine, "127.0.0.1", 0, false);
             DynamoDbClient dynamo = Peers.client(server.endpoint())) {
            dynamo.createTable(b -> b.tableName("orders")
                    .attributeDefinitions(defined("customer", ScalarAttributeType.S), defined("order", ScalarAttributeType.S),
                            defined("status", ScalarAttributeType.S), defined("placed", ScalarAttributeType.N))
                    .keySchema(key("customer", KeyType.HASH), key("order", KeyType.RANGE))
                    .billingMode(BillingMode.PROVISIONED)
                    .provisionedThroughput(t -> t.readCapacityUnits(10L).writeCapacityUnits(5L))
                    .globalSecondaryIndexes(g -> g.indexName("byStatus")
                            .keySchema(key("status", KeyType.HASH), key("placed", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.INCLUDE).nonKeyAttributes("total"))
                            .provisionedThroughput(t -> t.readCapacityUnits(3L).writeCapacityUnits(2L)))
                    .localSecondaryIndexes(l -> l.indexName("byPlaced")
                            .keySchema(key("customer", KeyType.HASH), key("placed", KeyType.RANGE))
                            .projection(p -> p.projectionType(ProjectionType.KEYS_ONLY))));
            TableDescription table = dynamo.describeTable(b -> b.tableName("orders")).table();
            assertThat(table.attributeDefinitions()).containsExactlyInAnyOrder(
                    defined("customer", ScalarAttributeType.S), defined("order", ScalarAttributeType.S),
                    defined("status", ScalarAttributeType.S), defined("placed", ScalarAttributeType.N));
            GlobalSecondaryIndexDescription gsi = table.globalSecondaryIndexes().getFirst();
            assertThat(table.globalSecondaryIndexes()).hasSize(1);
            assertThat(gsi.indexName()).isEqualTo("byStatus");
            assertThat(gsi.keySchema()).containsExactly(key("status", KeyType.HASH), key("placed", KeyType.RANGE));
            assertThat(gsi.projection().projectionType()).isEqualTo(ProjectionType.INCLUDE);
            assertThat(gsi.projection().nonKeyAttributes()).containsExactly("total");
            assertThat(gsi.indexStatus()).isEqualTo(IndexStatus.ACTIVE);
            assertThat(gsi.backfilling()).isNull();
            assertThat(gsi.provisionedThroughput().readCapacityUnits()).isEqualTo(3L);
            assertThat(gsi.provisionedThroughput().writeCapacityUnits()).isEqualTo(2L);
            assertThat(gsi.provisionedThroughput().numberOfDecreasesToday()).isZero();
            assertThat(gsi.itemCount()).isZero();
            assertThat(gsi.indexSizeBytes()).isZero();
            assertThat(gsi.indexArn()).isEqualTo(table.tableArn() + "/index/byStatus");
            LocalSecondaryIndexDescription lsi = table.localSecondaryIndexes().getFirst();
            assertThat(table.localSecondaryIndexes()).hasSize(1);
            assertThat(lsi.indexName()).isEqualTo("byPlaced");
            assertThat(lsi.keySchema()).containsExactly(key("customer", KeyType.HASH), key("placed", KeyType.RANGE));
            assertThat(lsi.projection().projectionType()).isEqualTo(ProjectionType.KEYS_ONLY);
            assertThat(lsi.projection().hasNonKeyAttributes()).isFalse();
            assertThat(lsi.indexArn()).isEqualTo(table.tableArn() + "/index/byPlaced");
            assertThat(lsi.itemCount()).isZero();

            assertThatThrownBy(() -> dynamo.createTable(b -> b.tableName("orders2")
                    .attributeDefinitions(defined("customer", ScalarAttributeType.S), defined("status", ScalarAttributeType.S))
                    .keySchema(key("customer", KeyType.HASH)).billingMode(BillingMode.PAY_PER_REQUEST)
                    .globalSecondaryIndexes(g -> g.indexName("byStatus").keySchema(key("status", KeyType.HASH))
                            .projection(p -> p.projectionType(ProjectionType.ALL))
                            .provisionedThroughput(t -> t.readCapacityUnits(1L).writeCapacityUnits(1L)))))
                    .isInstanceOfSatisfying(DynamoDbException.class, e -> {
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("ValidationException");
                        assertThat(e.awsErrorDetails().errorMessage()).isEqualTo("One or more parameter values were "
                                + "invalid: ProvisionedThroughput should not be specified for index: byStatus when "
                                + "BillingMode is PAY_PER_REQUEST");
                    });
        } finally {
            engine.close();
        }
    }
}
