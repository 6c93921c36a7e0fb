package keystorm.workloads.set;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import keystorm.checker.CheckerOptions;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.SetOp;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import keystorm.workloads.NamedChecker;
import keystorm.workloads.generator.Unfold;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * Jepsen's set-full: adds of unique integers to a grow-only set, and strongly consistent reads of
 * the whole set, checked for lost, stale and unexpected elements.
 *
 * <p>Layout. The set is kept in number sets, {@code UpdateItem ADD #e :e} on one item per shard
 * {@code {s: "s3", e: {1, 17, ...}}}: one ADD is atomic and idempotent in its effect on a set,
 * and a read of one shard is one GetItem. One item alone would hold at most 400 KB (DynamoDB's
 * item limit: some tens of thousands of elements, a long run's worth), so elements are spread
 * over {@code min(keys, }{@value #SHARDS_MAX}{@code )} shards by {@code element mod shards}; an
 * add past the limit is refused (ValidationException: a fail, applied nothing) rather than lost.
 * A read is a strongly consistent GetItem of each shard in turn: not one snapshot, but for a
 * grow-only set each element's presence is read from the leader within the read's interval, which
 * is all the checker assumes. (One item per element would need a Scan of the whole table for every
 * read; the store seam has no Query.) The key distribution is not used: shards are even by design.
 *
 * <p>The final phase reads everything a few times, once the run's faults are healed.
 */
public final class SetWorkload {
    static final String KEY = "s";
    static final String ELEMENTS = "e";
    static final int SHARDS_MAX = 16;
    static final int FINAL_READS = 3;

    private SetWorkload() {
    }

    public static Workload<SetOp> of(WorkloadOptions options) {
        int shards = Math.min(options.keys(), SHARDS_MAX);
        return new Workload<>("set", OpJson.Family.SET, false, generator(options.seed()),
                Generators.of(Collections.nCopies(FINAL_READS, new SetOp.Read(null))),
                new SetClient(options.table("set"), shards), NamedChecker.of("set", CheckerOptions.defaults()));
    }

    /** Nine adds of the next element in ten operations, one read. */
    static Generator<SetOp> generator(long seed) {
        return new Unfold<Long, SetOp>(seed, 0L, (random, next) -> random.nextInt(10) == 0
                ? new Unfold.Drawn<>(new SetOp.Read(null), next)
                : new Unfold.Drawn<>(new SetOp.Add(next), next + 1));
    }

    record SetClient(String table, int shards) implements Client<SetOp> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<SetOp> invoke(Store store, SetOp op) {
            try {
                return switch (op) {
                    case SetOp.Add add -> {
                        store.updateItem(UpdateItemRequest.of(table, key(Math.floorMod(add.element(), shards)), "ADD #e :e",
                                new ExpressionInput(Map.of("#e", ELEMENTS),
                                        Map.of(":e", new AttributeValue.NS(Set.of(Num.of(add.element())))))));
                        yield Completion.ok(op);
                    }
                    case SetOp.Read read -> {
                        Set<Long> elements = new HashSet<>();
                        for (int shard = 0; shard < shards; shard++) {
                            elements.addAll(elements(store.getItem(GetItemRequest.consistent(table, key(shard))).item()));
                        }
                        yield Completion.ok(new SetOp.Read(elements));
                    }
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }

        private static Map<String, AttributeValue> key(long shard) {
            return Map.of(KEY, AttributeValue.s(KEY + shard));
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
