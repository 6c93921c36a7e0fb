package keystorm.workloads;

import keystorm.checker.CheckerOptions;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.workloads.keys.KeyDistribution;

/**
 * What a workload is built from: the seed its generator draws from, how many keys (or accounts,
 * or elements per phase) it spreads over and how it picks them, the prefix of the tables it makes
 * (one per run, so runs against a shared endpoint never meet), and how many worker threads there
 * are; for the transactional workloads, the consistency model to check (null: the checker's default);
 * {@code readIndex}: the workload reads through a global secondary index of its table instead of the
 * table (only {@code eventual-register} can; the others refuse it); {@code api}: the item API or PartiQL (only
 * {@code register} and {@code bank} speak PartiQL; the others refuse it).
 */
public record WorkloadOptions(long seed, int keys, KeyDistribution keyDistribution, String tablePrefix, int concurrency,
                              ConsistencyModel consistencyModel, boolean readIndex, Api api) {
    /** Through the item API. */
    public WorkloadOptions(long seed, int keys, KeyDistribution keyDistribution, String tablePrefix, int concurrency,
                           ConsistencyModel consistencyModel, boolean readIndex) {
        this(seed, keys, keyDistribution, tablePrefix, concurrency, consistencyModel, readIndex, Api.ITEM);
    }

    /** Checked against each transactional checker's default model (strict-serializable). */
    public WorkloadOptions(long seed, int keys, KeyDistribution keyDistribution, String tablePrefix, int concurrency) {
        this(seed, keys, keyDistribution, tablePrefix, concurrency, null, false);
    }

    /** Reading the table itself. */
    public WorkloadOptions(long seed, int keys, KeyDistribution keyDistribution, String tablePrefix, int concurrency,
                           ConsistencyModel consistencyModel) {
        this(seed, keys, keyDistribution, tablePrefix, concurrency, consistencyModel, false);
    }

    /** These options, reading through an index or not. */
    public WorkloadOptions withReadIndex(boolean readIndex) {
        return new WorkloadOptions(seed, keys, keyDistribution, tablePrefix, concurrency, consistencyModel, readIndex, api);
    }

    /** These options, through this API. */
    public WorkloadOptions withApi(Api api) {
        return new WorkloadOptions(seed, keys, keyDistribution, tablePrefix, concurrency, consistencyModel, readIndex, api);
    }

    /** Why {@code --api partiql} does not run this workload. */
    public static String apiRefused(String workload) {
        return "--api partiql is for --workload " + String.join(" or ", Api.PARTIQL_WORKLOADS)
                + " (the workloads with a PartiQL client), not --workload " + workload;
    }

    public WorkloadOptions {
        java.util.Objects.requireNonNull(api, "api");
        if (keys < 1) {
            throw new IllegalArgumentException("keys must be >= 1, not " + keys);
        }
        if (concurrency < 1) {
            throw new IllegalArgumentException("concurrency must be >= 1, not " + concurrency);
        }
        if (!tablePrefix.matches("[A-Za-z0-9_.-]*")) {
            throw new IllegalArgumentException("a table prefix holds only letters, digits, '_', '-' and '.', not " + tablePrefix);
        }
    }

    public static WorkloadOptions defaults(long seed) {
        return new WorkloadOptions(seed, 100, new KeyDistribution.Uniform(100), "ks-", 8);
    }

    /** Checker options with the consistency model asked for, if any. */
    public CheckerOptions checking() {
        CheckerOptions defaults = CheckerOptions.defaults();
        return consistencyModel == null ? defaults : defaults.withConsistencyModel(consistencyModel);
    }

    public String table(String name) {
        return tablePrefix + name;
    }
}
