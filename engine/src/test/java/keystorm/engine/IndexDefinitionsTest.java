package keystorm.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.GlobalSecondaryIndexDescription;
import keystorm.engine.api.IndexStatus;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.LocalSecondaryIndex;
import keystorm.engine.api.LocalSecondaryIndexDescription;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.TableStatus;
import keystorm.engine.time.ManualClock;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A table's secondary index definitions through the engine: CreateTable, DescribeTable and
 * DeleteTable describe them (with the index keys among the AttributeDefinitions), and they survive a
 * restart from the log.
 */
class IndexDefinitionsTest {
    static final String TABLE = "indexed";

    @TempDir
    Path dir;

    static CreateTableRequest indexedTable(BillingMode billing) {
        boolean provisioned = billing == BillingMode.PROVISIONED;
        return new CreateTableRequest(TABLE,
                List.of(new AttributeDefinition("p", ScalarAttributeType.S), new AttributeDefinition("c", ScalarAttributeType.N),
                        new AttributeDefinition("x", ScalarAttributeType.B), new AttributeDefinition("l", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("p", KeyType.HASH), new KeySchemaElement("c", KeyType.RANGE)), billing,
                provisioned ? new ProvisionedThroughput(10, 10) : null,
                List.of(new GlobalSecondaryIndex("byX", List.of(new KeySchemaElement("x", KeyType.HASH),
                        new KeySchemaElement("c", KeyType.RANGE)), Projection.include(List.of("a", "b")),
                        provisioned ? new ProvisionedThroughput(3, 4) : null)),
                List.of(new LocalSecondaryIndex("byL", List.of(new KeySchemaElement("p", KeyType.HASH),
                        new KeySchemaElement("l", KeyType.RANGE)), Projection.keysOnly())));
    }

    @Test
    void describeAnswersBothIndexesWithTheirKeysProjectionsArnsAndZeroCounts() {
        try (Engine engine = new Engine(new ManualClock())) {
            TableDescription created = engine.createTable(indexedTable(BillingMode.PROVISIONED));
            TableDescription described = engine.describeTable(TABLE);
            assertThat(described).isEqualTo(created);
            assertThat(described.attributeDefinitions()).containsExactly(
                    new AttributeDefinition("p", ScalarAttributeType.S), new AttributeDefinition("c", ScalarAttributeType.N),
                    new AttributeDefinition("x", ScalarAttributeType.B), new AttributeDefinition("l", ScalarAttributeType.S));
            assertThat(described.globalSecondaryIndexes()).containsExactly(new GlobalSecondaryIndexDescription("byX",
                    List.of(new KeySchemaElement("x", KeyType.HASH), new KeySchemaElement("c", KeyType.RANGE)),
                    Projection.include(List.of("a", "b")), IndexStatus.ACTIVE, false, new ProvisionedThroughput(3, 4), 0,
                    0, 0, described.tableArn() + "/index/byX"));
            assertThat(described.localSecondaryIndexes()).containsExactly(new LocalSecondaryIndexDescription("byL",
                    List.of(new KeySchemaElement("p", KeyType.HASH), new KeySchemaElement("l", KeyType.RANGE)),
                    Projection.keysOnly(), 0, 0, described.tableArn() + "/index/byL"));
            assertThat(described.tableArn()).endsWith(":table/" + TABLE);
        }
    }

    @Test
    void anOnDemandTablesGlobalIndexAnswersZeroUnits() {
        try (Engine engine = new Engine(new ManualClock())) {
            engine.createTable(indexedTable(BillingMode.PAY_PER_REQUEST));
            assertThat(engine.describeTable(TABLE).globalSecondaryIndexes().getFirst().provisionedThroughput())
                    .isEqualTo(new ProvisionedThroughput(0, 0));
        }
    }

    @Test
    void aTableWithoutIndexesDescribesNone() {
        try (Engine engine = new Engine(new ManualClock())) {
            TableDescription plain = engine.createTable(CreateTableRequest.onDemand("plain", "p", ScalarAttributeType.S,
                    null, null));
            assertThat(plain.globalSecondaryIndexes()).isEmpty();
            assertThat(plain.localSecondaryIndexes()).isEmpty();
            assertThat(plain.attributeDefinitions()).containsExactly(new AttributeDefinition("p", ScalarAttributeType.S));
        }
    }

    @Test
    void deleteTableAnswersTheIndexesOnceMoreAndForgetsThem() {
        try (Engine engine = new Engine(new ManualClock())) {
            engine.createTable(indexedTable(BillingMode.PAY_PER_REQUEST));
            TableDescription deleted = engine.deleteTable(TABLE);
            assertThat(deleted.tableStatus()).isEqualTo(TableStatus.DELETING);
            assertThat(deleted.globalSecondaryIndexes()).extracting(GlobalSecondaryIndexDescription::indexName)
                    .containsExactly("byX");
            // a table created again under the name has only what its own request says
            TableDescription again = engine.createTable(CreateTableRequest.onDemand(TABLE, "p", ScalarAttributeType.S,
                    null, null));
            assertThat(again.globalSecondaryIndexes()).isEmpty();
            assertThat(again.localSecondaryIndexes()).isEmpty();
        }
    }

    @Test
    void indexDefinitionsSurviveARestartFromTheLog() {
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withThrottling(false);
        TableDescription before;
        try (Engine engine = new Engine(config)) {
            engine.createTable(indexedTable(BillingMode.PROVISIONED));
            engine.createTable(CreateTableRequest.onDemand("plain", "p", ScalarAttributeType.S, null, null));
            before = engine.describeTable(TABLE);
        }
        try (Engine engine = new Engine(config)) {
            assertThat(engine.recovery().snapshot()).isNull();
            assertThat(engine.describeTable(TABLE)).isEqualTo(before);
            assertThat(engine.describeTable("plain").globalSecondaryIndexes()).isEmpty();
        }
    }

    @Test
    void indexDefinitionsSurviveARestartFromASnapshot() {
        // A snapshot after every flush (no log segment is ever below a byte): the first flush, which
        // holds the CreateTable, rolls the log and snapshots it; close waits for the snapshot.
        EngineConfig config = EngineConfig.durable(dir, SyncPolicy.ALWAYS).withThrottling(false).withSnapshotBytes(1);
        TableDescription before;
        try (Engine engine = new Engine(config)) {
            engine.createTable(indexedTable(BillingMode.PAY_PER_REQUEST));
            before = engine.describeTable(TABLE);
        }
        try (Engine engine = new Engine(config)) {
            assertThat(engine.recovery().snapshot()).as("recovered from a snapshot").isNotNull();
            assertThat(engine.recovery().snapshotRecords()).isPositive();
            assertThat(engine.describeTable(TABLE)).isEqualTo(before);
        }
    }
}
