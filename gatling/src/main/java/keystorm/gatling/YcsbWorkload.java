package keystorm.gatling;

import java.util.SplittableRandom;

/**
 * YCSB's core workloads that run on single items (Cooper et al., "Benchmarking Cloud Serving
 * Systems with YCSB", SoCC 2010; the proportions of YCSB's workloads/workload{a,b,c,f}): A update
 * heavy (50% reads, 50% updates), B read mostly (95/5), C read only, F read-modify-write (50% reads,
 * 50% read-then-update of the same record). D and E need the "latest" distribution and scans.
 */
public enum YcsbWorkload {
    A(0.50, 0.50, 0),
    B(0.95, 0.05, 0),
    C(1.00, 0, 0),
    F(0.50, 0, 0.50);

    /** What one YCSB operation does. */
    public enum Kind { READ, UPDATE, READ_MODIFY_WRITE }

    private final double readProportion;
    private final double updateProportion;
    private final double readModifyWriteProportion;

    YcsbWorkload(double read, double update, double readModifyWrite) {
        this.readProportion = read;
        this.updateProportion = update;
        this.readModifyWriteProportion = readModifyWrite;
    }

    public double proportion(Kind kind) {
        return switch (kind) {
            case READ -> readProportion;
            case UPDATE -> updateProportion;
            case READ_MODIFY_WRITE -> readModifyWriteProportion;
        };
    }

    public Kind next(SplittableRandom random) {
        double u = random.nextDouble();
        if (u < readProportion) {
            return Kind.READ;
        }
        return u < readProportion + updateProportion ? Kind.UPDATE : Kind.READ_MODIFY_WRITE;
    }

    /** {@code a}, {@code b}, {@code c} or {@code f}. */
    public static YcsbWorkload parse(String text) {
        return switch (text.strip().toLowerCase(java.util.Locale.ROOT)) {
            case "a" -> A;
            case "b" -> B;
            case "c" -> C;
            case "f" -> F;
            default -> throw new IllegalArgumentException("workload '" + text + "': the YCSB workloads here are a, b, c and f");
        };
    }
}
