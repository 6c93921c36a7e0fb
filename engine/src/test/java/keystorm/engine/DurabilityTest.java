package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.wal.SyncPolicy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The write-ahead log: a clean stop loses nothing under any policy; a crash (simulated power
 * loss: the unsynced tail is gone) loses no acknowledged write under {@code always}; a torn or
 * corrupt tail is cut, never fatal; transactions come back whole or not at all; snapshots bound
 * the log.
 */
class DurabilityTest {
    static final String TABLE = "durable";

    @TempDir
    Path dir;

    static EngineConfig config(Path dir, SyncPolicy policy) {
        return EngineConfig.durable(dir, policy).withThrottling(false);
    }

    static Engine open(Path dir, SyncPolicy policy, Set<Bug> bugs) {
        return new Engine(config(dir, policy).withBugs(bugs));
    }

    static Item item(String pk, long v) {
        return Item.of(Map.of("pk", s(pk), "v", n(v)));
    }

    static Item get(Engine engine, String pk) {
        return engine.getItem(GetItemRequest.consistent(TABLE, Map.of("pk", s(pk)))).item();
    }

    static void createTable(Engine engine) {
        engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, null, null));
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void aCleanStopLosesNothing(SyncPolicy policy) {
        TableDescription created;
        try (Engine engine = open(dir, policy, Set.of())) {
            createTable(engine);
            created = engine.describeTable(TABLE);
            engine.createTable(CreateTableRequest.onDemand("dropped", "pk", ScalarAttributeType.S, null, null));
            for (int i = 0; i < 500; i++) {
                engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
            }
            engine.updateItem(UpdateItemRequest.of(TABLE, Map.of("pk", s("k1")), "ADD v :d",
                    ExpressionInput.values(Map.of(":d", n(1000)))));
            engine.deleteItem(DeleteItemRequest.of(TABLE, Map.of("pk", s("k2"))));
            engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                    TransactWriteItem.Put.of(TABLE, item("t1", 1)), TransactWriteItem.Put.of(TABLE, item("t2", 2)))));
            engine.deleteTable("dropped");
        }
        try (Engine engine = open(dir, policy, Set.of())) {
            assertThat(engine.listTables(null, null).tableNames()).containsExactly(TABLE);
            assertThat(get(engine, "k0")).isEqualTo(item("k0", 0));
            assertThat(get(engine, "k1")).isEqualTo(item("k1", 1001));
            assertThat(get(engine, "k2")).isNull();
            assertThat(get(engine, "k499")).isEqualTo(item("k499", 499));
            assertThat(get(engine, "t2")).isEqualTo(item("t2", 2));
            assertThat(engine.describeTable(TABLE).itemCount()).isEqualTo(501);
            assertThat(engine.recovery().logRecords()).isGreaterThan(500);
            // the table is the same table: its creation time and id come back from the log
            assertThat(engine.describeTable(TABLE).creationDateTime()).isEqualTo(created.creationDateTime());
            assertThat(engine.describeTable(TABLE).tableId()).isEqualTo(created.tableId()).hasSize(36);
        }
    }

    /**
     * Writers of unique keys, stopped by a crash once {@code acksBeforeCrash} writes have been
     * acknowledged (a count, not a sleep: a slow machine changes when, not whether); answers the
     * keys acknowledged, which writes still in flight at the crash may add to.
     */
    static Set<String> writeUntilCrash(Engine engine, int round, int acksBeforeCrash) throws Exception {
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        java.util.concurrent.CountDownLatch enough = new java.util.concurrent.CountDownLatch(acksBeforeCrash);
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            List<Future<?>> writers = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int thread = t;
                writers.add(pool.submit(() -> {
                    for (int i = 0; ; i++) {
                        String pk = "r" + round + "-t" + thread + "-" + i;
                        try {
                            engine.putItem(PutItemRequest.of(TABLE, item(pk, i)));
                            acknowledged.add(pk);
                            enough.countDown();
                        } catch (DynamoException e) {
                            assertThat(e.type()).isEqualTo(ErrorType.InternalServerError);
                            return null;
                        }
                    }
                }));
            }
            assertThat(enough.await(60, java.util.concurrent.TimeUnit.SECONDS))
                    .as("%d writes acknowledged before the crash", acksBeforeCrash).isTrue();
            engine.faults().crash();
            for (Future<?> writer : writers) {
                writer.get();
            }
        }
        return acknowledged;
    }

    @Test
    void killAndRecoverUnderAlwaysKeepsEveryAcknowledgedWrite() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
        }
        for (int round = 0; round < 5; round++) {
            Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of());
            for (String pk : acknowledged) {
                assertThat(get(engine, pk)).as("acknowledged before crash %d: %s", round, pk).isNotNull();
            }
            acknowledged.addAll(writeUntilCrash(engine, round, 30 + random.nextInt(200)));
        }
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(acknowledged).hasSizeGreaterThan(100);
            List<String> lost = acknowledged.stream().filter(pk -> get(engine, pk) == null).toList();
            assertThat(lost).isEmpty();
            // Group commit: concurrent writers shared fsyncs.
        }
    }

    @Test
    void ackBeforeSyncBugLosesAcknowledgedWritesAtACrash() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of(Bug.ACK_BEFORE_SYNC))) {
            createTable(engine);
        }
        long lost = 0;
        for (int round = 0; round < 10 && lost == 0; round++) {
            Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of(Bug.ACK_BEFORE_SYNC));
            Set<String> acknowledged = writeUntilCrash(engine, round, 200);
            try (Engine recovered = open(dir, SyncPolicy.ALWAYS, Set.of())) {
                lost = acknowledged.stream().filter(pk -> get(recovered, pk) == null).count();
            }
        }
        assertThat(lost).as("acknowledged writes missing after a crash").isPositive();
    }

    @Test
    void concurrentWritersShareFsyncs() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
            long before = engine.fsyncs();
            try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
                List<Future<?>> writers = new ArrayList<>();
                for (int t = 0; t < 8; t++) {
                    int thread = t;
                    writers.add(pool.submit(() -> {
                        for (int i = 0; i < 200; i++) {
                            engine.putItem(PutItemRequest.of(TABLE, item("g" + thread + "-" + i, i)));
                        }
                        return null;
                    }));
                }
                for (Future<?> writer : writers) {
                    writer.get();
                }
            }
            assertThat(engine.fsyncs() - before).isLessThan(1_600);
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("wal-\\d{8}\\.log")).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }

    @Test
    void aTornTailIsCutAtTheLastGoodRecord() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
            for (int i = 0; i < 100; i++) {
                engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
            }
        }
        Path segment = lastSegment(dir);
        long goodSize = Files.size(segment);
        Files.write(segment, new byte[] {0, 0, 0, 40, 1, 2, 3}, StandardOpenOption.APPEND);
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(engine.recovery().notes()).singleElement().asString()
                    .contains("cut").contains("at byte " + goodSize).contains("torn");
            assertThat(get(engine, "k99")).isEqualTo(item("k99", 99));
            engine.putItem(PutItemRequest.of(TABLE, item("after", 1)));
        }
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(engine.recovery().notes()).isEmpty();
            assertThat(get(engine, "after")).isEqualTo(item("after", 1));
        }
    }

    @Test
    void aCorruptRecordIsDetectedByChecksum() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
            for (int i = 0; i < 10; i++) {
                engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
            }
        }
        Path segment = lastSegment(dir);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            long size = channel.size();
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, size - 3);
            one.flip();
            byte flipped = (byte) (one.get() ^ 0x5a);
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {flipped}), size - 3);
        }
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(engine.recovery().notes()).singleElement().asString().contains("checksum mismatch");
            assertThat(get(engine, "k8")).isEqualTo(item("k8", 8));
            assertThat(get(engine, "k9")).isNull();
        }
    }

    @Test
    void aRecordDamagedInTheMiddleIsRefusedNamingTheFileAndOffsetAndNothingIsChanged() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
            for (int i = 0; i < 100; i++) {
                engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
            }
        }
        Path segment = lastSegment(dir);
        byte[] before = Files.readAllBytes(segment);
        long damagedAt = before.length / 2; // a byte of a record near the middle, flipped
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE, StandardOpenOption.READ)) {
            java.nio.ByteBuffer one = java.nio.ByteBuffer.allocate(1);
            channel.read(one, damagedAt);
            one.flip();
            channel.write(java.nio.ByteBuffer.wrap(new byte[] {(byte) (one.get() ^ 0x5a)}), damagedAt);
        }
        byte[] damaged = Files.readAllBytes(segment);
        assertThatThrownBy(() -> open(dir, SyncPolicy.ALWAYS, Set.of()))
                .isInstanceOf(java.io.UncheckedIOException.class)
                .cause().isInstanceOf(keystorm.engine.wal.DamagedLogException.class)
                .hasMessageContaining(segment.toString())
                .hasMessageContaining("damaged in the middle")
                .satisfies(e -> {
                    keystorm.engine.wal.DamagedLogException d = (keystorm.engine.wal.DamagedLogException) e;
                    assertThat(d.file()).isEqualTo(segment);
                    assertThat(d.offset()).isLessThanOrEqualTo(damagedAt).isGreaterThan(damagedAt - 200);
                    assertThat(d.getMessage()).contains("at byte " + d.offset());
                });
        assertThat(Files.readAllBytes(segment)).isEqualTo(damaged); // nothing cut, nothing set aside
        try (Stream<Path> files = Files.list(dir)) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(n -> n.endsWith(".corrupt"));
        }
    }

    @Test
    void aTransactionComesBackWholeOrNotAtAll() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            createTable(engine);
            engine.putItem(PutItemRequest.of(TABLE, item("before", 0)));
            engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                    TransactWriteItem.Put.of(TABLE, item("x", 1)), TransactWriteItem.Put.of(TABLE, item("y", 2)),
                    TransactWriteItem.Put.of(TABLE, item("z", 3)))));
        }
        Path copy = Files.createTempDirectory("keystorm-txn");
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.copy(file, copy.resolve(file.getFileName()));
            }
        }
        try (Engine engine = open(dir, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(List.of(get(engine, "x"), get(engine, "y"), get(engine, "z"))).doesNotContainNull();
        }
        Path segment = lastSegment(copy);
        try (FileChannel channel = FileChannel.open(segment, StandardOpenOption.WRITE)) {
            channel.truncate(channel.size() - 20); // inside the transaction's record
        }
        try (Engine engine = open(copy, SyncPolicy.ALWAYS, Set.of())) {
            assertThat(get(engine, "before")).isNotNull();
            assertThat(java.util.Arrays.asList(get(engine, "x"), get(engine, "y"), get(engine, "z"))).containsOnlyNulls();
        }
    }

    @Test
    void snapshotsBoundTheLog() throws Exception {
        EngineConfig config = config(dir, SyncPolicy.BATCH).withSnapshotBytes(64 * 1024);
        java.time.Instant created;
        try (Engine engine = new Engine(config)) {
            createTable(engine);
            created = engine.describeTable(TABLE).creationDateTime();
            // Ten rounds of 500 writes (~50 KB of log each); between rounds the flusher rolls the
            // segment once it passes 64 KB and the snapshot that follows completes.
            for (int round = 0; round < 10; round++) {
                for (int j = 0; j < 500; j++) {
                    int i = round * 500 + j;
                    engine.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("k" + (i % 1000)), "v", n(i),
                            "pad", s("p".repeat(50))))));
                }
                Thread.sleep(3 * config.batchMillis());
                engine.awaitSnapshot();
            }
        }
        List<String> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertThat(files).anyMatch(f -> f.startsWith("snapshot-"));
        assertThat(files).doesNotContain("wal-00000000.log");
        long logBytes = 0;
        for (String file : files) {
            logBytes += Files.size(dir.resolve(file));
        }
        assertThat(logBytes).as("snapshot plus the log since, against ~500 KB written").isLessThan(300 * 1024);
        try (Engine engine = new Engine(config)) {
            assertThat(engine.recovery().snapshot()).isNotNull();
            assertThat(engine.describeTable(TABLE).itemCount()).isEqualTo(1000);
            assertThat(engine.describeTable(TABLE).creationDateTime()).isEqualTo(created);
            for (int k = 0; k < 1000; k++) {
                Item item = get(engine, "k" + k);
                assertThat(((AttributeValue.N) item.get("v")).value().toBigDecimal().intValueExact())
                        .isEqualTo(4000 + k);
            }
        }
    }

    @Test
    void underNeverACrashDropsWhatWasNotSynced() throws Exception {
        try (Engine engine = open(dir, SyncPolicy.NEVER, Set.of())) {
            createTable(engine);
        }
        Engine engine = open(dir, SyncPolicy.NEVER, Set.of());
        for (int i = 0; i < 100; i++) {
            engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
        }
        engine.faults().crash();
        try (Engine recovered = open(dir, SyncPolicy.NEVER, Set.of())) {
            assertThat(recovered.listTables(null, null).tableNames()).containsExactly(TABLE);
            assertThat(get(recovered, "k0")).isNull();
        }
    }
}
