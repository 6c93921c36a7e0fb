package keystorm.engine.partition;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.capacity.TokenBucket;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.table.KeyHash;
import keystorm.engine.table.Table;
import keystorm.engine.table.TableSchema;
import keystorm.engine.time.Clock;

/**
 * A table's partitions: equal ranges of the partition-key hash. Their number follows DynamoDB's
 * rule of thumb for provisioned tables (one partition per 3,000 read units plus 1,000 write
 * units provisioned, at least one) and is four for a new on-demand table (which then sustains
 * 12,000 reads and 4,000 writes a second); it can also be set outright.
 *
 * <p>On-demand tables have no provisioned buckets; besides the partitions' ceilings, a table
 * bucket holds them to the default table quota of 40,000 units a second ({@link Limits#tableUnitsMax()}).
 */
public final class PartitionMap {
    public static final int ON_DEMAND_PARTITIONS = 4;

    /** What the partitions share with the engine: its clock, its switches and its limits. */
    public interface Environment {
        Clock clock();

        Limits limits();

        ReplicaLag lag();

        /** Extra lag of a lag spike in force now (0 when none). */
        long lagSpikeNanos(long nowNanos);

        boolean noThrottle();
    }

    private final TableSchema schema;
    private final Environment environment;
    private final Partition[] partitions;
    private final KeyCounters keys;
    private final TokenBucket tableRead;
    private final TokenBucket tableWrite;

    public PartitionMap(TableSchema schema, int count, Environment environment, long seed) {
        this.schema = schema;
        this.environment = environment;
        Limits limits = environment.limits();
        this.keys = new KeyCounters(limits.hotKeysTrackedMax());
        int n = count > 0 ? count : defaultCount(schema, limits);
        long now = environment.clock().nanoTime();
        ProvisionedThroughput provisioned = schema.provisionedThroughput();
        boolean onDemand = schema.billingMode() == BillingMode.PAY_PER_REQUEST;
        this.partitions = new Partition[n];
        BigInteger space = BigInteger.ONE.shiftLeft(64);
        for (int i = 0; i < n; i++) {
            long low = space.multiply(BigInteger.valueOf(i)).add(BigInteger.valueOf(n - 1))
                    .divide(BigInteger.valueOf(n)).longValue();
            long high = space.multiply(BigInteger.valueOf(i + 1L)).add(BigInteger.valueOf(n - 1))
                    .divide(BigInteger.valueOf(n)).longValue();
            Throughput throughput = onDemand ? new Throughput(-1, -1, now, limits)
                    : new Throughput(provisioned.readCapacityUnits() / (double) n,
                    provisioned.writeCapacityUnits() / (double) n, now, limits);
            partitions[i] = new Partition(this, i, low, high, i == n - 1, throughput, seed * 31 + i);
        }
        double tableUnits = limits.tableUnitsMax();
        this.tableRead = onDemand ? new TokenBucket(tableUnits, tableUnits, true, now) : null;
        this.tableWrite = onDemand ? new TokenBucket(tableUnits, tableUnits, true, now) : null;
    }

    /**
     * DynamoDB's rule: ceil(RCU / 3000 + WCU / 1000) for provisioned tables, at least one (3000 and
     * 1000 being the partition ceilings of {@code limits}).
     */
    public static int defaultCount(TableSchema schema, Limits limits) {
        if (schema.billingMode() == BillingMode.PAY_PER_REQUEST) {
            return ON_DEMAND_PARTITIONS;
        }
        ProvisionedThroughput p = schema.provisionedThroughput();
        double share = p.readCapacityUnits() / (double) limits.partitionReadUnitsMax()
                + p.writeCapacityUnits() / (double) limits.partitionWriteUnitsMax();
        return Math.max(1, (int) Math.ceil(share - 1e-9));
    }

    public int count() {
        return partitions.length;
    }

    public Partition of(AttributeValue hashKey) {
        return partitions[indexOf(KeyHash.of(hashKey))];
    }

    public Partition get(int index) {
        if (index < 0 || index >= partitions.length) {
            throw new IllegalArgumentException("table " + schema.name() + " has partitions 0 to "
                    + (partitions.length - 1) + ", not " + index);
        }
        return partitions[index];
    }

    int indexOf(long hash) {
        return (int) Math.unsignedMultiplyHigh(hash, partitions.length);
    }

    public KeyCounters keys() {
        return keys;
    }

    public List<Partition.Metrics> metrics() {
        List<Partition.Metrics> out = new ArrayList<>(partitions.length);
        for (Partition partition : partitions) {
            out.add(partition.metrics());
        }
        return out;
    }

    // ---- faults

    public void crashLeader(Table table, int partition, boolean staleFailover) {
        get(partition).crashLeader(table, staleFailover);
    }

    public void restart(Table table, int partition, int replica) {
        get(partition).restart(table, checkReplica(replica));
    }

    public void isolate(Table table, int partition, int replica, boolean isolated) {
        get(partition).isolate(table, checkReplica(replica), isolated);
    }

    public void squeeze(int partition, double factor) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("a capacity squeeze keeps a fraction in (0, 1] of the capacity: " + factor);
        }
        get(partition).scale(factor);
    }

    /** Copies the leaders' items into every follower (after recovery). */
    public void resyncFollowers(Table table) {
        for (Partition partition : partitions) {
            partition.resyncFollowers(table);
        }
    }

    public void healAll(Table table) {
        for (Partition partition : partitions) {
            partition.healAll(table);
        }
    }

    private static int checkReplica(int replica) {
        if (replica < 0 || replica >= Partition.REPLICAS) {
            throw new IllegalArgumentException("replicas are numbered 0 to " + (Partition.REPLICAS - 1) + ": " + replica);
        }
        return replica;
    }

    // ---- for the partitions

    TableSchema schema() {
        return schema;
    }

    String tableName() {
        return schema.name();
    }

    long nanoTime() {
        return environment.clock().nanoTime();
    }

    Limits limits() {
        return environment.limits();
    }

    ReplicaLag lag() {
        return environment.lag();
    }

    long lagSpikeNanos(long now) {
        return environment.lagSpikeNanos(now);
    }

    boolean noThrottle() {
        return environment.noThrottle();
    }

    boolean tryTableRead(double units, long now, Throughput partition) {
        if (tableRead == null || tableRead.tryTake(units, now)) {
            return true;
        }
        partition.giveBackRead(units);
        return false;
    }

    boolean tryTableWrite(double units, long now, Throughput partition) {
        if (tableWrite == null || tableWrite.tryTake(units, now)) {
            return true;
        }
        partition.giveBackWrite(units);
        return false;
    }

    void giveBackTableRead(double units) {
        if (tableRead != null) {
            tableRead.giveBack(units);
        }
    }

    void giveBackTableWrite(double units) {
        if (tableWrite != null) {
            tableWrite.giveBack(units);
        }
    }

    DynamoException throttled() {
        return schema.billingMode() == BillingMode.PAY_PER_REQUEST
                ? new DynamoException(ErrorType.ThrottlingException, "Throughput exceeds the current capacity of your "
                        + "table or index. DynamoDB is automatically scaling your table or index so please try again shortly.")
                : new DynamoException(ErrorType.ProvisionedThroughputExceededException, "The level of configured "
                        + "provisioned throughput for the table was exceeded. Consider increasing your provisioning "
                        + "level with the UpdateTable API.");
    }
}
