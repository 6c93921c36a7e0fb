package keystorm.engine;

import static keystorm.engine.IndexFixtures.N;
import static keystorm.engine.IndexFixtures.S;
import static keystorm.engine.IndexFixtures.gsi;
import static keystorm.engine.IndexFixtures.lsi;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.table.SecondaryIndex;
import keystorm.engine.table.TableSchema;
import org.junit.jupiter.api.Test;

/**
 * Writers on real threads, moving items between index partitions at once (so that different item
 * locks write the same index partitions), leave every index equal to the table: the entries, their
 * count and their bytes.
 */
class IndexConcurrencyTest {
    private static final TableSchema BASE = IndexFixtures.table("t", "pk", S, "sk", N);
    private static final TableSchema SCHEMA = BASE.withIndexes(List.of(
            gsi("byG", "g", N, "sk", N, Projection.keysOnly()),
            lsi(BASE, "byL", "g", N, Projection.all())));

    @Test
    void concurrentWritersLeaveEveryIndexEqualToTheTable() throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));
        IndexFixtures.create(engine, SCHEMA);
        int threads = 4;
        int writes = 2_000;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            done.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < writes; i++) {
                    int item = (i * 7 + thread) % 16;
                    String expression = (i + thread) % 5 == 0 ? "REMOVE g" : "SET g = :g";
                    engine.updateItem(UpdateItemRequest.of("t", Map.of("pk", s("p" + item % 4), "sk", n(item)),
                            expression, (i + thread) % 5 == 0 ? ExpressionInput.NONE
                                    : ExpressionInput.values(Map.of(":g", n((i * 31 + thread) % 3)))));
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> future : done) {
            future.get();
        }
        pool.shutdown();
        List<Item> table = engine.scan(ScanRequest.of("t")).items();
        for (String name : List.of("byG", "byL")) {
            SecondaryIndex index = engine.live("t").data.index(name);
            Set<Map<String, AttributeValue>> expected = new HashSet<>();
            long bytes = 0;
            for (Item item : table) {
                if (item.get("g") != null) {
                    Item entry = index.project(item);
                    expected.add(entry.attributes());
                    bytes += keystorm.engine.item.ItemSize.bytes(entry);
                }
            }
            PageResponse read = engine.scan(ScanRequest.of("t").withIndexName(name));
            assertThat(read.items().stream().map(Item::attributes).toList())
                    .as(name).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
            assertThat(index.itemCount()).as(name).isEqualTo(expected.size());
            assertThat(index.sizeBytes()).as(name).isEqualTo(bytes);
        }
    }
}
