package keystorm.workloads.counter;

import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.OpJson;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * Jepsen's counter: increments {@code UpdateItem ADD #c :d} (deltas 1 to {@value #DELTA_MAX}) of
 * one item {@code {k: "counter", c: 42}} and strongly consistent GetItem reads, each read checked
 * to lie between the sum of the increments acknowledged before it began and of those invoked
 * before it ended. One counter, so every thread contends on one item; an item not yet written
 * reads as 0, the checker's initial value.
 *
 * <p>ADD is not a conditional write, so this workload does not exercise the engine's
 * {@code lost-update} bug (which lives in the condition check): the register workload's
 * compare-and-set does.
 */
public final class CounterWorkload {
    static final String KEY = "k";
    static final String NAME = "counter";
    static final String COUNT = "c";
    static final int DELTA_MAX = 5;

    private CounterWorkload() {
    }

    public static Workload<CounterOp> of(WorkloadOptions options) {
        return new Workload<>("counter", OpJson.Family.COUNTER, false, generator(options.seed()), null,
                new CounterClient(options.table("counter")), Checkers.create("counter", CheckerOptions.defaults()));
    }

    /** Seven adds in ten operations, three reads. */
    static Generator<CounterOp> generator(long seed) {
        return Generators.random(seed, random -> random.nextInt(10) < 7 ? new CounterOp.Add(1 + random.nextInt(DELTA_MAX))
                : new CounterOp.Read(null));
    }

    record CounterClient(String table) implements Client<CounterOp> {
        private static final Map<String, AttributeValue> ITEM = Map.of(KEY, AttributeValue.s(NAME));

        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<CounterOp> invoke(Store store, CounterOp op) {
            try {
                return switch (op) {
                    case CounterOp.Add add -> {
                        store.updateItem(UpdateItemRequest.of(table, ITEM, "ADD #c :d", new ExpressionInput(Map.of("#c", COUNT),
                                Map.of(":d", AttributeValue.n(add.delta())))));
                        yield Completion.ok(op);
                    }
                    case CounterOp.Read read -> {
                        Long value = Attributes.longOrNull(store.getItem(GetItemRequest.consistent(table, ITEM)).item(), COUNT);
                        yield Completion.ok(new CounterOp.Read(value == null ? 0 : value));
                    }
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }
    }
}
