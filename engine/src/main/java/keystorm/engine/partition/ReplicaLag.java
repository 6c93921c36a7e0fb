package keystorm.engine.partition;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * How long after a write a follower applies it: a distribution of delays, sampled per write and
 * per follower. {@link #NONE} (the default) applies at once.
 */
public sealed interface ReplicaLag {
    ReplicaLag NONE = new Fixed(0);

    long sampleNanos(SplittableRandom random);

    boolean isZero();

    /** Every write lags by the same amount. */
    record Fixed(long nanos) implements ReplicaLag {
        public long sampleNanos(SplittableRandom random) {
            return nanos;
        }

        public boolean isZero() {
            return nanos == 0;
        }
    }

    /** Uniform between {@code minNanos} and {@code maxNanos}. */
    record Uniform(long minNanos, long maxNanos) implements ReplicaLag {
        public Uniform {
            if (minNanos < 0 || maxNanos < minNanos) {
                throw new IllegalArgumentException("lag range " + minNanos + ".." + maxNanos);
            }
        }

        public long sampleNanos(SplittableRandom random) {
            return minNanos == maxNanos ? minNanos : random.nextLong(minNanos, maxNanos + 1);
        }

        public boolean isZero() {
            return maxNanos == 0;
        }
    }

    /** Exponential with the given mean: mostly short, now and then long. */
    record Exponential(long meanNanos) implements ReplicaLag {
        public long sampleNanos(SplittableRandom random) {
            return (long) (-Math.log(1 - random.nextDouble()) * meanNanos);
        }

        public boolean isZero() {
            return meanNanos == 0;
        }
    }

    static ReplicaLag millis(long millis) {
        return new Fixed(TimeUnit.MILLISECONDS.toNanos(millis));
    }
}
