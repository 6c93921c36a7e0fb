package keystorm.workloads.set;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.checker.op.SetOp;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import keystorm.workloads.generator.Unfold;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * Jepsen's set-full: adds of unique integers to grow-only sets, and strongly consistent reads of
 * a whole set, checked for lost, stale and unexpected elements.
 *
 * <p>Layout. Element {@code e} goes to set {@code s<e mod shards>}, one item per set
 * {@code {s: "s3", e: {3, 19, ...}}}, by {@code UpdateItem ADD #e :e}: one ADD is atomic and
 * idempotent in its effect on a number set, and a read of a set is one strongly consistent
 * GetItem. The sets are independent (Jepsen's independent keys): a read reads one set, and the
 * checker checks each set alone. Why not one set: every read would return every element, so a
 * run at tens of thousands of adds a second writes a history that grows with the square of its
 * length, and one item holds at most 400 KB (an add past that is refused, a fail that applied
 * nothing). With {@code min(keys, }{@value #SHARDS_MAX}{@code )} sets, each read is that much
 * smaller. The key distribution is not used: sets are even by design.
 *
 * <p>The final phase reads every set a few times, once the run's faults are healed.
 */
public final class SetWorkload {
    static final String KEY = "s";
    static final String ELEMENTS = "e";
    static final int SHARDS_MAX = 16;
    static final int FINAL_READS = 3;

    private SetWorkload() {
    }

    public static Workload<Payload.Keyed> of(WorkloadOptions options) {
        int shards = Math.min(options.keys(), SHARDS_MAX);
        List<Payload.Keyed> finalReads = new ArrayList<>();
        for (int round = 0; round < FINAL_READS; round++) {
            for (int shard = 0; shard < shards; shard++) {
                finalReads.add(new Payload.Keyed(KEY + shard, new SetOp.Read(null)));
            }
        }
        return new Workload<>("set", OpJson.Family.SET, true, generator(options.seed(), shards),
                Generators.of(finalReads), new SetClient(options.table("set")),
                Checkers.create("set", CheckerOptions.defaults().withIndependent(true)));
    }

    /** Nine adds of the next element in ten operations, one read of a set. */
    static Generator<Payload.Keyed> generator(long seed, int shards) {
        return new Unfold<Long, Payload.Keyed>(seed, 0L, (random, next) -> random.nextInt(10) == 0
                ? new Unfold.Drawn<>(new Payload.Keyed(KEY + random.nextInt(shards), new SetOp.Read(null)), next)
                : new Unfold.Drawn<>(new Payload.Keyed(KEY + Math.floorMod(next, shards), new SetOp.Add(next)), next + 1));
    }

    record SetClient(String table) implements Client<Payload.Keyed> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
            try {
                return switch ((SetOp) op.value()) {
                    case SetOp.Add add -> {
                        store.updateItem(UpdateItemRequest.of(table, key(op.key()), "ADD #e :e",
                                new ExpressionInput(Map.of("#e", ELEMENTS),
                                        Map.of(":e", new AttributeValue.NS(Set.of(Num.of(add.element())))))));
                        yield Completion.ok(op);
                    }
                    case SetOp.Read read -> {
                        Set<Long> elements = elements(store.getItem(GetItemRequest.consistent(table, key(op.key()))).item());
                        yield Completion.ok(new Payload.Keyed(op.key(), new SetOp.Read(elements)));
                    }
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }

        private static Map<String, AttributeValue> key(String set) {
            return Map.of(KEY, AttributeValue.s(set));
        }

        private static Set<Long> elements(Item item) {
            if (item == null || item.get(ELEMENTS) == null) {
                return Set.of();
            }
            if (!(item.get(ELEMENTS) instanceof AttributeValue.NS numbers)) {
                throw new IllegalStateException("attribute " + ELEMENTS + " should be a number set, but the store returned "
                        + item.get(ELEMENTS));
            }
            Set<Long> out = new HashSet<>(numbers.values().size());
            numbers.values().forEach(n -> out.add(n.toBigDecimal().longValueExact()));
            return out;
        }
    }
}
