package keystorm.gatling;

import keystorm.workloads.bench.KeyStrategy;

/**
 * The simulations' one way to turn {@code -Dstrategy=...} into a {@link KeyStrategy}: the bench's
 * own {@link KeyStrategy#parse} (natural, suffix:N, calculated:N, time:S, composite:N, joined with
 * +), refusing a strategy whose point read needs more keys than one BatchGetItem reads (the
 * simulations read a spread item with one).
 */
public final class Strategies {
    /** Keys one BatchGetItem reads. */
    static final int BATCH_GET_KEYS_MAX = 100;

    private Strategies() {
    }

    /** @throws IllegalArgumentException naming {@code spec} when it is not a strategy the simulations can read */
    public static KeyStrategy parse(String spec) {
        KeyStrategy strategy = KeyStrategy.parse(spec);
        int keys = strategy.readCost(0).pointReadRequests();
        if (keys > BATCH_GET_KEYS_MAX) {
            throw new IllegalArgumentException("'" + spec + "': a point read needs " + keys + " keys, more than the "
                    + BATCH_GET_KEYS_MAX + " one BatchGetItem reads");
        }
        return strategy;
    }
}
