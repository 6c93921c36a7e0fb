package keystorm.workloads.append;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.MicroOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.TxnOp;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.UpdateItemRequest;
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
 * Elle's list-append: transactions of appends of unique values to lists and reads of whole lists,
 * each list one item {@code {k: "k3g0", l: [4, 9, ...]}}, checked by Elle for strict
 * serializability.
 *
 * <p>Shapes. DynamoDB has no interactive transactions: TransactWriteItems writes without
 * returning what it read, TransactGetItems reads without writing, and neither can see the other's
 * effects inside one call. A transaction is therefore either all appends (one TransactWriteItems of
 * {@code SET #l = list_append(if_not_exists(#l, :empty), :v)} updates) or all reads (one
 * TransactGetItems); a mixed one cannot be sent, so the generator makes none. Elle still finds
 * the cycles that matter between them: a read-only transaction that sees half a write-only one
 * (torn or dirty), or two reads that disagree on the order of two writes.
 *
 * <p>{@link #single} is for stores without transactions: each operation is one append
 * (UpdateItem) or one strongly consistent read (GetItem), which Elle judges as a one-operation
 * transaction (strict serializability of single operations is linearizability).
 *
 * <p>Values are a counter the generator carries: globally unique and increasing, as Elle's
 * inference needs. So that lists do not grow without bound (every read returns the whole list),
 * keys rotate: a key's name carries a generation ({@code k3g0}, {@code k3g1} ...) that advances
 * every {@value #APPENDS_PER_KEY} appends per key on average.
 */
public final class ListAppendWorkload {
    static final String KEY = "k";
    static final String LIST = "l";
    /** Micro-operations per transaction, at most. */
    static final int OPS_MAX = 4;
    static final int APPENDS_PER_KEY = 128;

    private ListAppendWorkload() {
    }

    /** Write-only and read-only transactions of 1 to 4 micro-operations, through TransactWriteItems / TransactGetItems. */
    public static Workload<TxnOp> of(WorkloadOptions options) {
        return new Workload<>("list-append", OpJson.Family.LIST_APPEND, false, generator(options, OPS_MAX), null,
                new TransactClient(options.table("list-append")), checker(options));
    }

    /** One append or one read per operation, through UpdateItem and a strongly consistent GetItem. */
    public static Workload<TxnOp> single(WorkloadOptions options) {
        return new Workload<>("list-append-single", OpJson.Family.LIST_APPEND, false, generator(options, 1), null,
                new SingleClient(options.table("list-append-single")), checker(options));
    }

    private static keystorm.checker.Checker checker(WorkloadOptions options) {
        return Checkers.create("elle-list-append", options.checking());
    }

    /** Transactions of 1 to {@code opsMax} micro-operations on distinct keys, all appends or all reads. */
    static Generator<TxnOp> generator(WorkloadOptions options, int opsMax) {
        long generationLength = (long) APPENDS_PER_KEY * options.keys();
        return new Unfold<Long, TxnOp>(options.seed(), 1L, (random, next) -> {
            int n = 1 + random.nextInt(opsMax);
            boolean appends = random.nextBoolean();
            long generation = next / generationLength;
            int[] keys = DistinctKeys.draw(options.keyDistribution(), random, n);
            List<MicroOp> ops = new ArrayList<>(keys.length);
            long value = next;
            for (int key : keys) {
                String name = KEY + key + "g" + generation;
                ops.add(appends ? new MicroOp.Append(name, LongNode.valueOf(value++)) : new MicroOp.ReadList(name, null));
            }
            return new Unfold.Drawn<>(new TxnOp(TxnOp.Kind.LIST_APPEND, ops), value);
        });
    }

    static void createTable(Store store, String table) {
        store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
    }

    static Map<String, AttributeValue> key(String key) {
        return Map.of(KEY, AttributeValue.s(key));
    }

    static final String APPEND = "SET #l = list_append(if_not_exists(#l, :empty), :v)";

    static ExpressionInput appendInput(JsonNode value) {
        return new ExpressionInput(Map.of("#l", LIST),
                Map.of(":empty", AttributeValue.l(List.of()), ":v", AttributeValue.l(List.of(AttributeValue.n(value.longValue())))));
    }

    /** The list an item holds; empty when there is no item or no list (never appended to). */
    static List<JsonNode> list(Item item) {
        if (item == null || item.get(LIST) == null) {
            return List.of();
        }
        if (!(item.get(LIST) instanceof AttributeValue.L l)) {
            throw new IllegalStateException("attribute " + LIST + " should be a list, but the store returned " + item.get(LIST));
        }
        List<JsonNode> values = new ArrayList<>(l.values().size());
        for (AttributeValue element : l.values()) {
            values.add(LongNode.valueOf(Attributes.longValue(element, LIST + "[]")));
        }
        return values;
    }

    static boolean allAppends(TxnOp txn) {
        return txn.ops().stream().allMatch(op -> op instanceof MicroOp.Append);
    }

    static boolean allReads(TxnOp txn) {
        return txn.ops().stream().allMatch(op -> op instanceof MicroOp.ReadList);
    }

    /** All appends in one TransactWriteItems, or all reads in one TransactGetItems. */
    record TransactClient(String table) implements Client<TxnOp> {
        @Override
        public void setup(Store store) {
            createTable(store, table);
        }

        @Override
        public Completion<TxnOp> invoke(Store store, TxnOp txn) {
            if (txn.ops().isEmpty() || !(allAppends(txn) || allReads(txn))) {
                // The generator's mistake, not the store's: DynamoDB cannot run this transaction.
                throw new IllegalArgumentException("a DynamoDB transaction is all appends or all reads, not " + txn);
            }
            try {
                if (allAppends(txn)) {
                    List<TransactWriteItem> writes = new ArrayList<>(txn.ops().size());
                    for (MicroOp op : txn.ops()) {
                        MicroOp.Append append = (MicroOp.Append) op;
                        writes.add(TransactWriteItem.Update.of(table, key(append.key()), APPEND, null,
                                appendInput(append.value())));
                    }
                    store.transactWriteItems(TransactWriteItemsRequest.of(writes));
                    return Completion.ok(txn);
                }
                List<TransactGetItem> gets = new ArrayList<>(txn.ops().size());
                for (MicroOp op : txn.ops()) {
                    gets.add(TransactGetItem.of(table, key(op.key())));
                }
                List<Item> items = store.transactGetItems(TransactGetItemsRequest.of(gets)).responses();
                List<MicroOp> seen = new ArrayList<>(txn.ops().size());
                for (int i = 0; i < txn.ops().size(); i++) {
                    seen.add(new MicroOp.ReadList(txn.ops().get(i).key(), list(items.get(i))));
                }
                return Completion.ok(new TxnOp(txn.kind(), seen));
            } catch (RuntimeException e) {
                return Completion.of(txn, e);
            }
        }
    }

    /** One micro-operation per operation: UpdateItem list_append, or a strongly consistent GetItem. */
    record SingleClient(String table) implements Client<TxnOp> {
        @Override
        public void setup(Store store) {
            createTable(store, table);
        }

        @Override
        public Completion<TxnOp> invoke(Store store, TxnOp txn) {
            if (txn.ops().size() != 1 || !(allAppends(txn) || allReads(txn))) {
                throw new IllegalArgumentException("list-append-single does one append or one read at a time, not " + txn);
            }
            MicroOp op = txn.ops().getFirst();
            try {
                if (op instanceof MicroOp.Append append) {
                    store.updateItem(UpdateItemRequest.of(table, key(append.key()), APPEND, appendInput(append.value())));
                    return Completion.ok(txn);
                }
                Item item = store.getItem(GetItemRequest.consistent(table, key(op.key()))).item();
                return Completion.ok(new TxnOp(txn.kind(), List.of(new MicroOp.ReadList(op.key(), list(item)))));
            } catch (RuntimeException e) {
                return Completion.of(txn, e);
            }
        }
    }
}
