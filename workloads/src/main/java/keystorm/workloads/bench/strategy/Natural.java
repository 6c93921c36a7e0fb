package keystorm.workloads.bench.strategy;

import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * {@code natural}: the logical key is the partition key. One request per read; every write of a
 * hot logical key lands on one partition, so it gets at most that partition's share (and never
 * more than its ceiling of 1,000 write units a second).
 */
public record Natural() implements KeyStrategy {
    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        return logicalKey;
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        return List.of(logicalKey);
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        TimeBucket.checkWindow(fromMillis, toMillis);
        return List.of(logicalKey);
    }

    @Override
    public ReadCost readCost(long windowMillis) {
        return new ReadCost(1, 1);
    }

    @Override
    public String spec() {
        return "natural";
    }

    @Override
    public String toString() {
        return spec();
    }
}
