package keystorm.jmh;

import java.util.concurrent.TimeUnit;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.checker.elle.ElleChecker;
import keystorm.checker.history.History;
import keystorm.checker.op.TxnOp;
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
import org.openjdk.jmh.annotations.Warmup;

/**
 * Elle's list-append check under strict-serializable, at 10,000 and 100,000 transactions (see
 * {@link ElleScaling} for a million and for peak heap). Asserts the verdict.
 *
 * <pre>
 * java -jar jmh/target/benchmarks.jar ElleBenchmark
 * </pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xmx4g"})
@Warmup(iterations = 2)
@Measurement(iterations = 5)
public class ElleBenchmark {
    @Param({"10000", "100000"})
    int transactions;

    private History history;

    @Setup(Level.Trial)
    public void generate() {
        history = ListAppendHistories.generate(transactions, 4, 20, 42);
    }

    @Benchmark
    public Validity strictSerializable() {
        Validity validity = new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.STRICT_SERIALIZABLE),
                TxnOp.Kind.LIST_APPEND).check(history).validity();
        if (validity != Validity.VALID) {
            throw new AssertionError("generated histories are strict-serializable, got " + validity);
        }
        return validity;
    }
}
