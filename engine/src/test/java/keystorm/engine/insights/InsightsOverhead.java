package keystorm.engine.insights;

import static keystorm.engine.item.AttributeValue.s;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.Item;

/**
 * Not a test: a loop that measures what an attached recorder adds to an in-memory GetItem and
 * PutItem (one thread, 1,000 keys, throttling off), four rounds each without and with one; read
 * the last rounds. Run it after {@code ./mvnw -q -o -pl engine test-compile}:
 * <pre>
 * java -cp engine/target/classes:engine/target/test-classes:$(cat cp.txt) keystorm.engine.insights.InsightsOverhead 2000000
 * </pre>
 * ({@code cp.txt} from {@code ./mvnw -q -o -pl engine dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class InsightsOverhead {
    private InsightsOverhead() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        for (int round = 0; round < 4; round++) {
            for (boolean on : new boolean[] {false, true}) {
                Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false).withSplitForHeat(false));
                engine.createTable(CreateTableRequest.onDemand("bench", "pk", ScalarAttributeType.S, null, null));
                GetItemRequest[] gets = new GetItemRequest[1000];
                PutItemRequest[] puts = new PutItemRequest[1000];
                for (int k = 0; k < 1000; k++) {
                    gets[k] = GetItemRequest.of("bench", Map.of("pk", s("k" + k)));
                    puts[k] = PutItemRequest.of("bench", Item.of(Map.of("pk", s("k" + k))));
                    engine.putItem(puts[k]);
                }
                Path file = Files.createTempFile("insights", ".jsonl");
                InsightsRecorder recorder = on ? InsightsRecorder.attach(engine, file, Duration.ofSeconds(1)) : null;
                long t0 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    engine.getItem(gets[i % 1000]);
                }
                long t1 = System.nanoTime();
                for (int i = 0; i < n; i++) {
                    engine.putItem(puts[i % 1000]);
                }
                long t2 = System.nanoTime();
                System.out.printf("round %d recorder %-3s GetItem %6.0f ns/op  PutItem %6.0f ns/op%n", round,
                        on ? "on" : "off", (t1 - t0) / (double) n, (t2 - t1) / (double) n);
                if (recorder != null) {
                    recorder.close();
                }
                engine.close();
                Files.delete(file);
            }
        }
    }
}
