package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.LocalSecondaryIndex;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.item.AttributeValue;
import org.junit.jupiter.api.Test;

/** What SdkStore sends for an index: CreateTable's index lists, Query's and Scan's IndexName. */
class SdkIndexTranslationTest {
    @Test
    void createTableCarriesBothIndexListsWithTheirProjections() {
        CreateTableRequest request = new CreateTableRequest("t",
                List.of(new AttributeDefinition("k", ScalarAttributeType.S), new AttributeDefinition("s", ScalarAttributeType.N),
                        new AttributeDefinition("g", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("k", KeyType.HASH), new KeySchemaElement("s", KeyType.RANGE)),
                BillingMode.PROVISIONED, new ProvisionedThroughput(5, 6),
                List.of(new GlobalSecondaryIndex("by-g", List.of(new KeySchemaElement("g", KeyType.HASH)),
                        Projection.include(List.of("v")), new ProvisionedThroughput(3, 4))),
                List.of(new LocalSecondaryIndex("by-k-g", List.of(new KeySchemaElement("k", KeyType.HASH),
                        new KeySchemaElement("g", KeyType.RANGE)), Projection.keysOnly())));
        var sdk = SdkRequests.createTable(request);
        assertThat(sdk.globalSecondaryIndexes()).hasSize(1);
        var gsi = sdk.globalSecondaryIndexes().getFirst();
        assertThat(gsi.indexName()).isEqualTo("by-g");
        assertThat(gsi.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString()).containsExactly("g HASH");
        assertThat(gsi.projection().projectionTypeAsString()).isEqualTo("INCLUDE");
        assertThat(gsi.projection().nonKeyAttributes()).containsExactly("v");
        assertThat(gsi.provisionedThroughput().readCapacityUnits()).isEqualTo(3);
        assertThat(gsi.provisionedThroughput().writeCapacityUnits()).isEqualTo(4);
        var lsi = sdk.localSecondaryIndexes().getFirst();
        assertThat(lsi.indexName()).isEqualTo("by-k-g");
        assertThat(lsi.keySchema()).extracting(k -> k.attributeName() + " " + k.keyTypeAsString())
                .containsExactly("k HASH", "g RANGE");
        assertThat(lsi.projection().projectionTypeAsString()).isEqualTo("KEYS_ONLY");
        assertThat(lsi.projection().hasNonKeyAttributes()).isFalse(); // DynamoDB refuses NonKeyAttributes beside KEYS_ONLY
    }

    @Test
    void aTableWithoutIndexesSendsNoIndexLists() {
        var sdk = SdkRequests.createTable(CreateTableRequest.onDemand("t", "k", ScalarAttributeType.S, null, null));
        assertThat(sdk.hasGlobalSecondaryIndexes()).isFalse();
        assertThat(sdk.hasLocalSecondaryIndexes()).isFalse();
    }

    @Test
    void queryAndScanNameTheirIndex() {
        QueryRequest query = QueryRequest.of("t", "#g = :g", new ExpressionInput(Map.of("#g", "g"),
                Map.of(":g", AttributeValue.s("x")))).withIndexName("by-g").withLimit(7);
        var sdk = SdkRequests.query(query);
        assertThat(sdk.tableName()).isEqualTo("t");
        assertThat(sdk.indexName()).isEqualTo("by-g");
        assertThat(sdk.keyConditionExpression()).isEqualTo("#g = :g");
        assertThat(sdk.expressionAttributeNames()).containsEntry("#g", "g");
        assertThat(SdkValues.fromSdk(sdk.expressionAttributeValues())).containsEntry(":g", AttributeValue.s("x"));
        assertThat(sdk.limit()).isEqualTo(7);
        assertThat(sdk.consistentRead()).isFalse();
        assertThat(SdkRequests.query(QueryRequest.of("t", "k = :k", ExpressionInput.NONE)).indexName()).isNull();
        assertThat(SdkRequests.scan(ScanRequest.of("t").withIndexName("by-g")).indexName()).isEqualTo("by-g");
    }
}
