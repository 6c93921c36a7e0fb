package keystorm.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Scheduler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Logs that recovery meets when a snapshot races with table changes, written record by record: a
 * snapshot reads the tables after its barrier, so it may already hold a change logged in the segment
 * replayed over it, and writes logged just before a DeleteTable (or, before DeleteTable took every item
 * lock, just after it) may be replayed for a table the replay no longer holds. Recovery must come up
 * with the final state, not refuse to start.
 */
class ReplayOverSnapshotTest {
    static final IndexSchema BY_COLOUR = new IndexSchema("byColour", IndexSchema.Kind.GLOBAL, "colour",
            ScalarAttributeType.S, null, null, Projection.all(), new ProvisionedThroughput(5, 5));
    static final TableSchema PLAIN = new TableSchema("tbl", "pk", ScalarAttributeType.S, null, null,
            BillingMode.PROVISIONED, new ProvisionedThroughput(5, 5));
    static final Item RED = Item.of(Map.of("pk", new AttributeValue.S("a"), "colour", new AttributeValue.S("red")));

    /** A log whose first segment holds {@code before} and is snapshotted as {@code snapshot}, then {@code after}. */
    static void write(Path dir, List<LogRecord> before, List<LogRecord> snapshot, List<LogRecord> after) throws Exception {
        // a segment rolls (and a snapshot is taken) once it holds 8 KB: the padding makes the first one roll,
        // and the records after, a few hundred bytes, stay in the second, which recovery replays over it
        WriteAheadLog log = WriteAheadLog.open(dir, 0, SyncPolicy.ALWAYS, 10, 8 << 10, 64 << 20,
                Scheduler.threads(keystorm.engine.time.Clock.system()),
                (segment, writer) -> {
                    for (LogRecord record : snapshot) {
                        writer.write(record);
                    }
                });
        try {
            long seq = 0;
            for (LogRecord record : before) {
                seq = log.append(record);
            }
            seq = log.append(new LogRecord.CreateTable(new TableSchema("padding", "pk", ScalarAttributeType.S, null,
                    null, BillingMode.PAY_PER_REQUEST, null), 1, 1_000));
            seq = log.append(new LogRecord.Write("padding", Map.of("pk", new AttributeValue.S("p")), Item.of(Map.of(
                    "pk", new AttributeValue.S("p"), "pad", new AttributeValue.S("p".repeat(10_000))))));
            log.awaitDurable(seq);
            // the flush rolls the segment and starts the snapshot on the log's thread: the records after
            // must go to the next segment, so wait until the snapshot is in place (bounded, no sleep)
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (!hasSnapshot(dir)) {
                assertThat(System.nanoTime() - deadline).as("a snapshot within 30 s").isNegative();
                log.awaitSnapshot();
                Thread.onSpinWait();
            }
            for (LogRecord record : after) {
                seq = log.append(record);
            }
            log.awaitDurable(seq);
        } finally {
            log.close();
        }
    }

    static boolean hasSnapshot(Path dir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(dir)) {
            return files.map(f -> f.getFileName().toString()).anyMatch(n -> n.equals(Recovery.snapshotName(1)));
        }
    }

    static long onIndex(Engine engine) {
        return engine.query(QueryRequest.of("tbl", "colour = :c", ExpressionInput.values(Map.of(":c",
                new AttributeValue.S("red")))).withIndexName("byColour")).count();
    }

    @Test
    void anIndexCreatedAfterTheBarrierButInTheSnapshotIsNotCreatedTwice(@TempDir Path dir) throws Exception {
        LogRecord.Write put = new LogRecord.Write("tbl", Map.of("pk", new AttributeValue.S("a")), RED);
        write(dir, List.of(new LogRecord.CreateTable(PLAIN, 1, 1_000), put),
                List.of(new LogRecord.CreateTable(PLAIN.withIndexes(List.of(BY_COLOUR)), 1, 1_000), put),
                List.of(new LogRecord.IndexChange("tbl", BY_COLOUR, null)));
        try (Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS))) {
            assertThat(engine.describeTable("tbl").globalSecondaryIndexes()).hasSize(1);
            assertThat(onIndex(engine)).isEqualTo(1);
            assertThat(engine.describeTable("tbl").globalSecondaryIndexes().getFirst().itemCount()).isEqualTo(1);
        }
    }

    @Test
    void anIndexDeletedAfterTheBarrierAndMissingFromTheSnapshotIsNotDeletedTwice(@TempDir Path dir) throws Exception {
        TableSchema indexed = PLAIN.withIndexes(List.of(BY_COLOUR));
        write(dir, List.of(new LogRecord.CreateTable(indexed, 1, 1_000)),
                List.of(new LogRecord.CreateTable(PLAIN, 1, 1_000)),
                List.of(new LogRecord.IndexChange("tbl", null, "byColour")));
        try (Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS))) {
            assertThat(engine.describeTable("tbl").globalSecondaryIndexes()).isEmpty();
        }
    }

    @Test
    void writesToATableDeletedMeanwhileAreDropped(@TempDir Path dir) throws Exception {
        LogRecord.Write put = new LogRecord.Write("tbl", Map.of("pk", new AttributeValue.S("a")), RED);
        // the snapshot left the table out (its DeleteTable logged); a write logged before it is replayed after
        write(dir, List.of(new LogRecord.CreateTable(PLAIN, 1, 1_000)), List.of(),
                List.of(put, new LogRecord.DeleteTable("tbl"), put));
        try (Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS))) {
            assertThat(engine.listTables(null, null).tableNames()).doesNotContain("tbl");
        }
    }
}
