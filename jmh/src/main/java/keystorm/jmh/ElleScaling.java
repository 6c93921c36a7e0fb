package keystorm.jmh;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.checker.elle.ElleChecker;
import keystorm.checker.elle.ElleResult;
import keystorm.checker.history.History;
import keystorm.checker.op.TxnOp;

/**
 * How Elle's check scales: list-append histories of the given sizes (4 operations per
 * transaction, 50 hot keys among 10,000, 20 processes) checked under strict-serializable; prints
 * the check time (generation excluded) and the peak heap over the check. Run each size in its own
 * JVM for a clean heap:
 *
 * <pre>
 * ./mvnw -q -pl jmh -am package -DskipTests
 * for n in 10000 100000 1000000; do java -Xmx8g -cp jmh/target/benchmarks.jar keystorm.jmh.ElleScaling $n; done
 * </pre>
 */
public final class ElleScaling {
    private ElleScaling() {
    }

    public static void main(String[] args) {
        for (String arg : args) {
            int transactions = Integer.parseInt(arg);
            History history = ListAppendHistories.generate(transactions, 4, 20, 42);
            ElleChecker checker = new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.STRICT_SERIALIZABLE),
                    TxnOp.Kind.LIST_APPEND);
            checker.check(ListAppendHistories.generate(Math.min(transactions, 10_000), 4, 20, 7)); // warm up
            System.gc();
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                pool.resetPeakUsage();
            }
            long start = System.nanoTime();
            ElleResult result = checker.check(history);
            long millis = (System.nanoTime() - start) / 1_000_000;
            long peak = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    peak += pool.getPeakUsage().getUsed();
                }
            }
            if (result.validity() != Validity.VALID) {
                throw new AssertionError("generated histories are strict-serializable, got:\n" + result.render());
            }
            System.out.printf("elle-list-append strict-serializable: %,d transactions (%,d events) checked in %,d ms, "
                    + "peak heap %,d MB, verdict %s%n", transactions, history.size(), millis, peak >> 20,
                    result.validity().word());
        }
    }
}
