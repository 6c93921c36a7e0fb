package keystorm.gatling;

import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;
import keystorm.workloads.bench.BenchKey;
import keystorm.workloads.keys.KeyDistribution;

/**
 * A write-heavy stream over logical keys, a few of them hot: each operation draws a logical key
 * from the distribution (over the logical keys, so {@code hotspot:0.01:0.9} sends 90% of the
 * traffic to the hottest 1%), then either writes a new item under it (PutItem at the partition
 * key the strategy picks, {@code writeShare} of the operations) or reads one of its loaded items
 * (at the keys the strategy says a point read must ask for). Seeded like {@link YcsbFeeder}.
 */
public final class HotKeyFeeder implements Iterator<Map<String, Object>> {
    private final String table;
    private final Records records;
    private final KeyDistribution logicalKeys;
    private final double writeShare;
    private final Items items;
    private final LongSupplier clockMillis;
    private final SplittableRandom random;
    private long cycle;

    /** {@code clockMillis} stamps each write for time-bucketed strategies (a test passes a fixed clock). */
    public HotKeyFeeder(String table, Records records, KeyDistribution logicalKeys, double writeShare, Items items,
                        long seed, LongSupplier clockMillis) {
        if (logicalKeys.keys() != records.logicalKeys()) {
            throw new IllegalArgumentException("the key distribution is over " + logicalKeys.keys()
                    + " keys, the table has " + records.logicalKeys() + " logical keys");
        }
        if (!(writeShare >= 0 && writeShare <= 1)) {
            throw new IllegalArgumentException("the share of writes must be in [0, 1], not " + writeShare);
        }
        this.table = table;
        this.records = records;
        this.logicalKeys = logicalKeys;
        this.writeShare = writeShare;
        this.items = items;
        this.clockMillis = clockMillis;
        this.random = new SplittableRandom(seed);
    }

    public synchronized Cycle nextCycle() {
        long number = cycle++;
        int logical = logicalKeys.next(random);
        String logicalKey = records.logicalKey(logical);
        if (random.nextDouble() < writeShare) {
            String itemId = "w" + number; // never an item of the load phase ("item<r>")
            String pk = records.strategy().writeKey(logicalKey, itemId, number, clockMillis.getAsLong());
            Request put = new Request(Operation.PutItem,
                    DynamoJson.putItem(table, new BenchKey(pk, itemId), items.all(random)));
            return new Cycle(number, "write", null, put);
        }
        int record = records.record(logical, random.nextInt(records.itemsOf(logical)));
        return new Cycle(number, "read", Request.pointRead(table, records.readKeys(record)), null);
    }

    @Override
    public boolean hasNext() {
        return true;
    }

    @Override
    public Map<String, Object> next() {
        return nextCycle().attributes();
    }
}
