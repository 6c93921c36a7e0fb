package keystorm.jmh;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.wal.SyncPolicy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PutItem of a 100-byte item through the write-ahead log under each sync policy, in a fresh
 * data directory under the system's temporary directory. Run with {@code -t 1} and {@code -t 8}:
 * with eight writers, {@code always} shares each fsync among the writers waiting on it.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar DurabilityBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 1
 * java -jar jmh/target/benchmarks.jar DurabilityBenchmark -f 1 -wi 2 -i 3 -w 2s -r 3s -t 8
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
public class DurabilityBenchmark {
    @Param({"always", "batch", "never"})
    public String policy;

    private Path dir;
    private Engine engine;
    private AttributeValue payload;

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        dir = Files.createTempDirectory("keystorm-wal-bench");
        engine = new Engine(EngineConfig.durable(dir, SyncPolicy.byCliName(policy)).withThrottling(false));
        engine.createTable(CreateTableRequest.onDemand("wal", "pk", ScalarAttributeType.S, null, null));
        payload = AttributeValue.s("x".repeat(100));
    }

    @Benchmark
    public WriteResponse putItem() {
        int k = ThreadLocalRandom.current().nextInt(100_000);
        return engine.putItem(PutItemRequest.of("wal", Item.of(Map.of("pk", AttributeValue.s("k" + k), "payload", payload))));
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        System.out.println("\nfsyncs: " + engine.fsyncs());
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        }
    }
}
