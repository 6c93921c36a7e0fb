package keystorm.workloads.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.MicroOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.TxnOp;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.workloads.generator.Unfold;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.keys.DistinctKeys;

/**
 * Elle's rw-register: transactions of blind writes of unique values and reads over registers, one
 * item {@code {k: "k3", v: 17}} per register, checked by Elle for strict serializability.
 *
 * <p>As for list-append (see {@code ListAppendWorkload}), DynamoDB cannot read and write in one
 * transaction, so a transaction is all writes (one TransactWriteItems of Puts) or all reads (one
 * TransactGetItems). Values come from a counter the generator carries, unique across the run, so
 * every read names the one write it saw.
 */
public final class RwRegisterWorkload {
    static final int OPS_MAX = 4;

    private RwRegisterWorkload() {
    }

    public static Workload<TxnOp> of(WorkloadOptions options) {
        return new Workload<>("rw-register", OpJson.Family.RW_REGISTER, false, generator(options), null,
                new TransactClient(options.table("rw-register")), Checkers.create("elle-rw-register", options.checking()));
    }

    static Generator<TxnOp> generator(WorkloadOptions options) {
        return new Unfold<Long, TxnOp>(options.seed(), 1L, (random, next) -> {
            int n = 1 + random.nextInt(OPS_MAX);
            boolean writes = random.nextBoolean();
            int[] keys = DistinctKeys.draw(options.keyDistribution(), random, n);
            List<MicroOp> ops = new ArrayList<>(keys.length);
            long value = next;
            for (int key : keys) {
                String name = RegisterWorkload.KEY + key;
                ops.add(writes ? new MicroOp.Write(name, LongNode.valueOf(value++)) : new MicroOp.ReadRegister(name, null));
            }
            return new Unfold.Drawn<>(new TxnOp(TxnOp.Kind.RW_REGISTER, ops), value);
        });
    }

    /** All writes in one TransactWriteItems of Puts, or all reads in one TransactGetItems. */
    record TransactClient(String table) implements Client<TxnOp> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, RegisterWorkload.KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<TxnOp> invoke(Store store, TxnOp txn) {
            boolean writes = txn.ops().stream().allMatch(op -> op instanceof MicroOp.Write);
            boolean reads = txn.ops().stream().allMatch(op -> op instanceof MicroOp.ReadRegister);
            if (txn.ops().isEmpty() || !(writes || reads)) {
                throw new IllegalArgumentException("a DynamoDB transaction is all writes or all reads, not " + txn);
            }
            try {
                if (writes) {
                    List<TransactWriteItem> puts = new ArrayList<>(txn.ops().size());
                    for (MicroOp op : txn.ops()) {
                        MicroOp.Write write = (MicroOp.Write) op;
                        puts.add(TransactWriteItem.Put.of(table, Item.of(Map.of(RegisterWorkload.KEY,
                                AttributeValue.s(write.key()), RegisterWorkload.VALUE, AttributeValue.n(write.value().longValue())))));
                    }
                    store.transactWriteItems(TransactWriteItemsRequest.of(puts));
                    return Completion.ok(txn);
                }
                List<TransactGetItem> gets = new ArrayList<>(txn.ops().size());
                for (MicroOp op : txn.ops()) {
                    gets.add(TransactGetItem.of(table, Map.of(RegisterWorkload.KEY, AttributeValue.s(op.key()))));
                }
                List<Item> items = store.transactGetItems(TransactGetItemsRequest.of(gets)).responses();
                List<MicroOp> seen = new ArrayList<>(txn.ops().size());
                for (int i = 0; i < txn.ops().size(); i++) {
                    Long value = Attributes.longOrNull(items.get(i), RegisterWorkload.VALUE);
                    JsonNode read = value == null ? NullNode.getInstance() : LongNode.valueOf(value);
                    seen.add(new MicroOp.ReadRegister(txn.ops().get(i).key(), read));
                }
                return Completion.ok(new TxnOp(txn.kind(), seen));
            } catch (RuntimeException e) {
                return Completion.of(txn, e);
            }
        }
    }
}
