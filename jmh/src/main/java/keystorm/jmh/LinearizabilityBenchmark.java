package keystorm.jmh;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormat;
import keystorm.checker.history.HistoryFormatException;
import keystorm.checker.history.Values;
import keystorm.checker.linear.LinearizabilityChecker;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The linearizability checker over the corpora (parsed beforehand, as Porcupine's own benchmark
 * does) and over a generated register history of 1,000 keys x 1,000 operations, 20 processes,
 * 1% info. Each benchmark checks every history of its set once and asserts every verdict, so a
 * fast wrong answer fails the run. Porcupine's times for the same sets on this machine kind are in
 * shared/corpora/porcupine/TIMINGS.md (etcd: 433 ms, kv: 153 ms).
 *
 * <pre>
 * ./mvnw -q -pl jmh -am package -DskipTests
 * java -jar jmh/target/benchmarks.jar LinearizabilityBenchmark -Dkeystorm.corpora=checker/src/test/resources/corpora
 * </pre>
 *
 * The corpora are read from {@code -Dkeystorm.corpora} (default: the copy in the checker's test
 * resources, relative to the repository root).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 3)
@Measurement(iterations = 5)
public class LinearizabilityBenchmark {
    record Case(String name, History history, String model, JsonNode initial, Validity expected) {
    }

    private List<Case> etcd;
    private List<Case> kv;
    private List<Case> knossos;
    private History generated;

    @Setup(Level.Trial)
    public void load() {
        Path corpora = Path.of(System.getProperty("keystorm.corpora", "checker/src/test/resources/corpora"));
        etcd = new ArrayList<>();
        kv = new ArrayList<>();
        knossos = new ArrayList<>();
        for (Case c : read(corpora, "porcupine")) {
            (c.model().equals("kv") ? kv : etcd).add(c);
        }
        knossos.addAll(read(corpora, "knossos"));
        generated = RegisterHistories.generate(1_000, 1_000, 20, 0.01, 42);
    }

    private static List<Case> read(Path corpora, String corpus) {
        List<Case> cases = new ArrayList<>();
        try {
            List<String> lines = Files.readAllLines(corpora.resolve(corpus).resolve("VERDICTS.tsv"), StandardCharsets.UTF_8);
            for (String line : lines.subList(1, lines.size())) {
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t");
                JsonNode initial = switch (columns[2]) {
                    case "cas-register" -> corpus.equals("knossos") ? Values.parse("0") : null;
                    case "multi-register" -> Values.parse("{\"x\":0,\"y\":0}");
                    default -> null;
                };
                History history = HistoryFormat.ofFlag(columns[1]).read(corpora.resolve(corpus).resolve(columns[0]));
                cases.add(new Case(columns[0], history, columns[2], initial,
                        Validity.valueOf(columns[3].strip().toUpperCase(java.util.Locale.ROOT))));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the corpora at " + corpora.toAbsolutePath()
                    + " (run from the repository root or give -Dkeystorm.corpora=DIR)", e);
        } catch (HistoryFormatException e) {
            throw new IllegalStateException(e);
        }
        return cases;
    }

    private static int checkAll(List<Case> cases) {
        int checked = 0;
        for (Case c : cases) {
            Validity validity = new LinearizabilityChecker(CheckerOptions.defaults().withModel(c.model(), c.initial())
                    .withTimeout(Duration.ofMinutes(1))).check(c.history()).validity();
            if (validity != c.expected()) {
                throw new AssertionError(c.name() + ": expected " + c.expected() + ", got " + validity);
            }
            checked++;
        }
        return checked;
    }

    @Benchmark
    public int porcupineEtcd() {
        return checkAll(etcd);
    }

    @Benchmark
    public int porcupineKv() {
        return checkAll(kv);
    }

    @Benchmark
    public int knossos() {
        return checkAll(knossos);
    }

    @Benchmark
    public Validity generatedRegisters1000x1000() {
        Validity validity = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", Values.parse("0"))
                .withIndependent(true).withTimeout(Duration.ofMinutes(5))).check(generated).validity();
        if (validity != Validity.VALID) {
            throw new AssertionError("the generated history is linearizable by construction, got " + validity);
        }
        return validity;
    }
}
