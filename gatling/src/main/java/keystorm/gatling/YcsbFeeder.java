package keystorm.gatling;

import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import keystorm.workloads.keys.KeyDistribution;

/**
 * YCSB's operations as Gatling feeder records: each draws the operation from the workload's mix
 * and the record from the key distribution (over all records), from one seeded source, so the
 * same seed gives the same sequence of operations (which virtual user gets which is Gatling's).
 * A read asks for every field; an update sets one field (YCSB's default) or, with
 * {@code writeAllFields}, puts the whole item (YCSB's writeallfields=true).
 */
public final class YcsbFeeder implements Iterator<Map<String, Object>> {
    private final String table;
    private final Records records;
    private final KeyDistribution keys;
    private final YcsbWorkload workload;
    private final Items items;
    private final boolean writeAllFields;
    private final SplittableRandom random;
    private long cycle;

    public YcsbFeeder(String table, Records records, KeyDistribution keys, YcsbWorkload workload, Items items,
                      boolean writeAllFields, long seed) {
        if (keys.keys() != records.count()) {
            throw new IllegalArgumentException("the key distribution is over " + keys.keys() + " keys, the table has "
                    + records.count() + " records");
        }
        this.table = table;
        this.records = records;
        this.keys = keys;
        this.workload = workload;
        this.items = items;
        this.writeAllFields = writeAllFields;
        this.random = new SplittableRandom(seed);
    }

    /** The next operation (Gatling may call from several threads: one at a time keeps the sequence seeded). */
    public synchronized Cycle nextCycle() {
        long number = cycle++;
        YcsbWorkload.Kind kind = workload.next(random);
        int record = keys.next(random);
        Request read = kind == YcsbWorkload.Kind.UPDATE ? null : Request.pointRead(table, records.readKeys(record));
        Request write = kind == YcsbWorkload.Kind.READ ? null : write(record);
        return new Cycle(number, kind.name().toLowerCase(java.util.Locale.ROOT), read, write);
    }

    private Request write(int record) {
        return writeAllFields
                ? new Request(Operation.PutItem, DynamoJson.putItem(table, records.home(record), items.all(random)))
                : new Request(Operation.UpdateItem, DynamoJson.updateItem(table, records.home(record), items.one(random)));
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
