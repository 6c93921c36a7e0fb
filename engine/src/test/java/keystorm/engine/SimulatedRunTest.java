package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.Item;
import keystorm.engine.time.VirtualScheduler;
import keystorm.engine.wal.SyncPolicy;
import keystorm.engine.wal.WriteAheadLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The engine on a simulated scheduler: no background thread, every background step a task run
 * on the test's thread at a virtual instant. The log under {@code always} is durable at once; the
 * ack-before-sync bug loses exactly what its pending flush task would have written; the same run
 * twice leaves the same files, byte for byte; idempotency tokens are swept by a task that stops
 * once no token is held.
 */
class SimulatedRunTest {
    static final String TABLE = "sim";

    @TempDir
    Path dir;

    static EngineConfig config(VirtualScheduler scheduler, Path dir, SyncPolicy policy, Set<Bug> bugs) {
        return EngineConfig.durable(dir, policy).withScheduler(scheduler).withThrottling(false).withBugs(bugs);
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

    static List<String> flushersOf(Path dir) {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.equals(WriteAheadLog.FLUSHER_THREAD + " " + dir)).toList();
    }

    static Map<String, byte[]> files(Path dir) throws IOException {
        Map<String, byte[]> files = new TreeMap<>();
        try (Stream<Path> list = Files.list(dir)) {
            for (Path file : list.toList()) {
                files.put(file.getFileName().toString(), Files.readAllBytes(file));
            }
        }
        return files;
    }

    @Test
    void underAlwaysAWriteIsDurableAtOnceWithNoThreadOfItsOwn(@TempDir Path realDir) {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine engine = new Engine(config(scheduler, dir, SyncPolicy.ALWAYS, Set.of()));
        createTable(engine);
        for (int i = 0; i < 10; i++) {
            engine.putItem(PutItemRequest.of(TABLE, item("k" + i, i)));
        }
        assertThat(flushersOf(dir)).isEmpty();
        assertThat(scheduler.pending()).as("nothing left for later").isZero();
        assertThat(engine.fsyncs()).isEqualTo(11);
        // the check sees a real run's flusher
        try (Engine real = new Engine(EngineConfig.durable(realDir, SyncPolicy.ALWAYS))) {
            assertThat(flushersOf(realDir)).hasSize(1);
        }

        engine.faults().crash();
        try (Engine recovered = new Engine(config(new VirtualScheduler(), dir, SyncPolicy.ALWAYS, Set.of()))) {
            for (int i = 0; i < 10; i++) {
                assertThat(get(recovered, "k" + i)).isEqualTo(item("k" + i, i));
            }
        }
    }

    @Test
    void ackBeforeSyncLosesTheAcknowledgedWriteOnlyIfTheCrashComesBeforeTheFlushTask() throws IOException {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine engine = new Engine(config(scheduler, dir, SyncPolicy.ALWAYS, Set.of(Bug.ACK_BEFORE_SYNC)));
        createTable(engine);
        assertThat(scheduler.pending()).as("one flush task for the buffer").isEqualTo(1);
        assertThat(scheduler.advance(1, TimeUnit.SECONDS)).isEqualTo(1);
        assertThat(scheduler.pending()).as("no periodic task").isZero();

        engine.putItem(PutItemRequest.of(TABLE, item("flushed", 1)));
        assertThat(scheduler.advance(999, TimeUnit.MILLISECONDS)).isZero();
        assertThat(scheduler.advance(1, TimeUnit.MILLISECONDS)).as("the flush, a second after the last").isEqualTo(1);
        engine.putItem(PutItemRequest.of(TABLE, item("lost", 2)));
        assertThat(get(engine, "lost")).as("acknowledged").isEqualTo(item("lost", 2));
        assertThat(scheduler.pending()).isEqualTo(1);

        engine.faults().crash();
        Map<String, byte[]> atCrash = files(dir);
        assertThat(scheduler.advance(1, TimeUnit.SECONDS)).as("the flush task still runs...").isEqualTo(1);
        assertThat(files(dir)).as("...and does nothing after the crash").containsExactlyEntriesOf(atCrash);

        try (Engine recovered = new Engine(config(new VirtualScheduler(), dir, SyncPolicy.ALWAYS, Set.of()))) {
            assertThat(get(recovered, "flushed")).isEqualTo(item("flushed", 1));
            assertThat(get(recovered, "lost")).as("acknowledged, then lost with the buffer").isNull();
        }
    }

    /** One scripted run: writes, transactions and time passing, with segments small enough to roll and snapshot. */
    static void run(Path dir, SyncPolicy policy) {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine engine = new Engine(config(scheduler, dir, policy, Set.of()).withSnapshotBytes(4 * 1024));
        createTable(engine);
        for (int i = 0; i < 300; i++) {
            engine.putItem(PutItemRequest.of(TABLE, item("k" + (i % 50), i)));
            if (i % 7 == 0) {
                engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                        TransactWriteItem.Put.of(TABLE, item("t" + i, i)),
                        TransactWriteItem.Put.of(TABLE, item("u" + i, i)))).withToken("token-" + i));
            }
            scheduler.advance(3, TimeUnit.MILLISECONDS);
        }
        scheduler.advance(1, TimeUnit.SECONDS);
        engine.close();
        scheduler.runAll(1_000);
    }

    @ParameterizedTest
    @EnumSource(SyncPolicy.class)
    void theSameRunTwiceLeavesTheSameFilesByteForByte(SyncPolicy policy, @TempDir Path second) throws IOException {
        run(dir, policy);
        run(second, policy);
        Map<String, byte[]> first = files(dir);
        assertThat(first.keySet()).as("segments rolled and a snapshot taken").anyMatch(f -> f.startsWith("snapshot-"))
                .doesNotContain("wal-00000000.log");
        assertThat(files(second)).containsOnlyKeys(first.keySet());
        for (Map.Entry<String, byte[]> file : first.entrySet()) {
            assertThat(files(second).get(file.getKey())).as(file.getKey()).isEqualTo(file.getValue());
        }
        try (Engine recovered = new Engine(config(new VirtualScheduler(), dir, policy, Set.of()))) {
            assertThat(recovered.recovery().snapshot()).isNotNull();
            assertThat(get(recovered, "k49")).isEqualTo(item("k49", 299));
            assertThat(get(recovered, "u294")).isEqualTo(item("u294", 294));
            assertThat(recovered.describeTable(TABLE).itemCount()).isEqualTo(50 + 2 * 43);
        }
    }

    @Test
    void idempotencyTokensAreSweptByATaskThatStopsWhenNoneIsHeld() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Engine engine = new Engine(EngineConfig.inMemory().withScheduler(scheduler));
        createTable(engine);
        engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Put.of(TABLE, item("a", 1)))).withToken("first"));
        assertThat(scheduler.pending()).as("a sweep armed by the completed token").isEqualTo(1);
        scheduler.advance(5, TimeUnit.MINUTES);
        engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Put.of(TABLE, item("b", 1)))).withToken("second"));
        assertThat(scheduler.pending()).as("one sweep at a time").isEqualTo(1);
        assertThat(engine.tokens().held()).isEqualTo(2);

        assertThat(scheduler.advance(5, TimeUnit.MINUTES)).isZero();
        assertThat(scheduler.advance(1, TimeUnit.MILLISECONDS)).isEqualTo(1);
        assertThat(engine.tokens().held()).as("the first expired").isEqualTo(1);
        assertThat(scheduler.pending()).as("re-armed for the second").isEqualTo(1);

        assertThat(scheduler.advance(5, TimeUnit.MINUTES)).isEqualTo(1);
        assertThat(engine.tokens().held()).isZero();
        assertThat(scheduler.pending()).as("nothing held, nothing armed").isZero();
    }
}
