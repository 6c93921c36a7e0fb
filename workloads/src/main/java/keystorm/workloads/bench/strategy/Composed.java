package keystorm.workloads.bench.strategy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import keystorm.workloads.bench.KeyStrategy;

/**
 * Stages applied in order, {@code time:3600+calculated:10}: each stage's key is the next one's
 * logical key ({@code user#491000#7}: the hour bucket, then the suffix). A read asks the cross
 * product of the stages' keys, so its cost is the product of theirs.
 *
 * <p>Each kind appears at most once (two random suffixes would draw the same value from the same
 * cycle, and two buckets nest), {@code natural} never (it adds nothing), and the shard counts
 * multiply to at most {@link KeyStrategy#SHARDS_MAX}, as one suffix's may.
 */
public record Composed(List<KeyStrategy> stages) implements KeyStrategy {
    public Composed {
        stages = List.copyOf(stages);
        if (stages.size() < 2) {
            throw new IllegalArgumentException("a composition has two stages or more: " + stages);
        }
        Set<Class<?>> kinds = new HashSet<>();
        long shards = 1;
        for (KeyStrategy stage : stages) {
            if (stage instanceof Natural || stage instanceof Composed) {
                throw new IllegalArgumentException("'" + stage.spec() + "' in '" + specOf(stages)
                        + "': natural and compositions cannot be stages of a composition");
            }
            if (!kinds.add(stage.getClass())) {
                throw new IllegalArgumentException("'" + stage.spec() + "' in '" + specOf(stages)
                        + "': repeats a kind; compose different kinds");
            }
            if (!(stage instanceof TimeBucket)) {
                shards *= stage.readCost(0).groupReadRequestsMax();
            }
        }
        if (shards > KeyStrategy.SHARDS_MAX) {
            throw new IllegalArgumentException("'" + specOf(stages) + "': the shard counts multiply to " + shards
                    + ", more than " + KeyStrategy.SHARDS_MAX);
        }
    }

    @Override
    public String writeKey(String logicalKey, String itemId, long cycle, long timeMillis) {
        String key = logicalKey;
        for (KeyStrategy stage : stages) {
            key = stage.writeKey(key, itemId, cycle, timeMillis);
        }
        return key;
    }

    @Override
    public List<String> pointReadKeys(String logicalKey, String itemId, long writtenMillis) {
        List<String> keys = List.of(logicalKey);
        for (KeyStrategy stage : stages) {
            List<String> next = new ArrayList<>();
            for (String key : keys) {
                next.addAll(stage.pointReadKeys(key, itemId, writtenMillis));
            }
            keys = next;
        }
        return List.copyOf(keys);
    }

    @Override
    public List<String> groupReadKeys(String logicalKey, long fromMillis, long toMillis) {
        List<String> keys = List.of(logicalKey);
        for (KeyStrategy stage : stages) {
            // Every key of a stage fans out alike: check the product before building it.
            List<String> first = stage.groupReadKeys(keys.getFirst(), fromMillis, toMillis);
            long total = (long) keys.size() * first.size();
            if (total > KeyStrategy.READ_KEYS_MAX) {
                throw new IllegalArgumentException("a read of [" + fromMillis + ", " + toMillis + "] ms under " + spec()
                        + " names " + total + " keys, more than the " + KeyStrategy.READ_KEYS_MAX
                        + " one read may name");
            }
            List<String> next = new ArrayList<>((int) total);
            next.addAll(first);
            for (int i = 1; i < keys.size(); i++) {
                next.addAll(stage.groupReadKeys(keys.get(i), fromMillis, toMillis));
            }
            keys = next;
        }
        return List.copyOf(keys);
    }

    @Override
    public ReadCost readCost(long windowMillis) {
        ReadCost cost = new ReadCost(1, 1);
        for (KeyStrategy stage : stages) {
            cost = cost.then(stage.readCost(windowMillis));
        }
        return cost;
    }

    @Override
    public String spec() {
        return specOf(stages);
    }

    @Override
    public String toString() {
        return spec();
    }

    private static String specOf(List<KeyStrategy> stages) {
        return stages.stream().map(KeyStrategy::spec).collect(Collectors.joining("+"));
    }
}
