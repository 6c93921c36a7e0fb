package keystorm.workloads.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.linear.LinearizabilityChecker;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.checker.op.RegisterOp;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.Projection;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.workloads.generator.Unfold;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generators;

/**
 * Jepsen's register over many independent keys ({@code jepsen.independent}): GetItem (strongly
 * consistent or not), PutItem, and PutItem conditioned on the current value as compare-and-set,
 * each key one item {@code {k: "k17", v: 3}} of one table. With strong reads every key must be
 * linearizable (Knossos's cas-register starting empty); with eventually consistent reads the
 * history is judged by what eventual consistency forbids.
 *
 * <p>Values are small (0 to 4) so that a compare-and-set often finds what it expects.
 */
public final class RegisterWorkload {
    static final String KEY = "k";
    static final String VALUE = "v";
    private static final int VALUES = 5;
    static final int OPERATIONS_PER_KEY = 100;

    private RegisterWorkload() {
    }

    public static Workload<Payload.Keyed> linearizable(WorkloadOptions options) {
        if (options.readIndex()) {
            throw new IllegalArgumentException(READ_INDEX_REFUSED);
        }
        CheckerOptions checking = CheckerOptions.defaults().withModel("cas-register", null).withIndependent(true);
        String table = options.table("register");
        Client<Payload.Keyed> client = options.api() == keystorm.workloads.Api.PARTIQL
                ? new PartiqlRegisterClient(table) : new RegisterClient(table, true);
        return new Workload<>("register", OpJson.Family.REGISTER, true, generator(options), null, client,
                new LinearizabilityChecker(checking));
    }

    /**
     * Eventually consistent reads (ConsistentRead=false) and blind writes of values unique per key
     * (a counter the generator carries), without compare-and-set: unique values let the checker
     * tell which write a read saw, so it can judge what eventual consistency forbids (a value
     * never written, a value read before it was written) without a linearizability search, and
     * measure how stale the reads were.
     */
    public static Workload<Payload.Keyed> eventual(WorkloadOptions options) {
        if (options.api() != keystorm.workloads.Api.ITEM) {
            throw new IllegalArgumentException(WorkloadOptions.apiRefused("eventual-register"));
        }
        CheckerOptions checking = CheckerOptions.defaults().withIndependent(true);
        String table = options.table("eventual-register");
        Client<Payload.Keyed> client = options.readIndex() ? new IndexedRegisterClient(table) : new RegisterClient(table, false);
        return new Workload<>("eventual-register", OpJson.Family.REGISTER, true, eventualGenerator(options), null,
                client, Checkers.create("eventual-register", checking));
    }

    /**
     * Why {@code register} does not read through an index: its verdict is linearizability of strongly
     * consistent reads, and a global secondary index has none (DynamoDB refuses ConsistentRead on
     * one), so an index read that lags, as DynamoDB allows, would be called a violation; and its
     * values repeat (so that compare-and-set finds what it expects), so a read could not say which
     * write it saw, and staleness could not be measured. {@code eventual-register} writes unique
     * values and judges what eventual consistency forbids: that is the index's promise.
     */
    public static final String READ_INDEX_REFUSED = "--read-index reads through a global secondary index, which "
            + "DynamoDB keeps eventually consistent (ConsistentRead on one is a ValidationException), so register's "
            + "linearizability check cannot judge it; measure index staleness with --workload eventual-register --read-index";

    static keystorm.workloads.generator.Generator<Payload.Keyed> eventualGenerator(WorkloadOptions options) {
        return new Unfold<Long, Payload.Keyed>(options.seed(), 1L, (random, next) -> {
            String key = KEY + options.keyDistribution().next(random);
            if (random.nextBoolean()) {
                return new Unfold.Drawn<>(new Payload.Keyed(key, new RegisterOp.Read(null)), next);
            }
            return new Unfold.Drawn<>(new Payload.Keyed(key, new RegisterOp.Write(LongNode.valueOf(next))), next + 1);
        });
    }

    /**
     * Keys rotate, as with {@code jepsen.independent}: after about {@value #OPERATIONS_PER_KEY}
     * operations per key, every key name moves to a new generation ({@code k3g0}, {@code k3g1} ...),
     * a fresh register. A key's history stays short whatever the run's length, and an
     * indeterminate operation (which the search must consider at every later point) only burdens
     * its own generation: a long run or a fault that leaves many {@code info}s stays checkable.
     */
    static keystorm.workloads.generator.Generator<Payload.Keyed> generator(WorkloadOptions options) {
        long generationLength = (long) OPERATIONS_PER_KEY * options.keys();
        return new Unfold<Long, Payload.Keyed>(options.seed(), 0L, (random, count) -> {
            String key = KEY + options.keyDistribution().next(random) + "g" + count / generationLength;
            RegisterOp op = switch (random.nextInt(3)) {
                case 0 -> new RegisterOp.Read(null);
                case 1 -> new RegisterOp.Write(LongNode.valueOf(random.nextInt(VALUES)));
                default -> new RegisterOp.Cas(LongNode.valueOf(random.nextInt(VALUES)), LongNode.valueOf(random.nextInt(VALUES)));
            };
            return new Unfold.Drawn<>(new Payload.Keyed(key, op), count + 1);
        });
    }

    /** The global secondary index {@link IndexedRegisterClient} reads through, and its partition key. */
    public static final String INDEX = "register-by-key";
    static final String INDEX_KEY = "ik";

    /**
     * The eventual register read through a global secondary index: every write puts
     * {@code {k: "k17", ik: "k17", v: 3}}, the index is keyed by {@code ik} (a copy of the table's key,
     * so each key has at most one item in the index) and projects {@code v} (INCLUDE), and a read is
     * a Query of the index for {@code ik = key}: what it returns is the index's state, however far
     * behind the table it is. No ConsistentRead is sent (DynamoDB refuses it on a global index).
     */
    record IndexedRegisterClient(String table) implements Client<Payload.Keyed> {
        @Override
        public void setup(Store store) {
            CreateTableRequest plain = CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null);
            List<AttributeDefinition> definitions = new java.util.ArrayList<>(plain.attributeDefinitions());
            definitions.add(new AttributeDefinition(INDEX_KEY, ScalarAttributeType.S));
            store.createTable(new CreateTableRequest(table, definitions, plain.keySchema(), plain.billingMode(), null,
                    List.of(new GlobalSecondaryIndex(INDEX, List.of(new KeySchemaElement(INDEX_KEY, KeyType.HASH)),
                            Projection.include(List.of(VALUE)), null)), List.of()));
        }

        @Override
        public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
            RegisterOp register = (RegisterOp) op.value();
            try {
                return switch (register) {
                    case RegisterOp.Read read -> {
                        PageResponse page = store.query(QueryRequest.of(table, "#ik = :k", new ExpressionInput(
                                Map.of("#ik", INDEX_KEY), Map.of(":k", AttributeValue.s(op.key())))).withIndexName(INDEX));
                        if (page.items().size() > 1 || page.lastEvaluatedKey() != null) {
                            // ik copies the table's key: two items under one ik is a store that broke its index
                            yield Completion.info(op, "Query of index " + INDEX + " for " + op.key() + " returned "
                                    + page.items().size() + " items" + (page.lastEvaluatedKey() != null ? " and more" : "")
                                    + ", not at most one");
                        }
                        Long seen = page.items().isEmpty() ? null : Attributes.longOrNull(page.items().getFirst(), VALUE);
                        JsonNode value = seen == null ? NullNode.getInstance() : LongNode.valueOf(seen);
                        yield Completion.ok(new Payload.Keyed(op.key(), new RegisterOp.Read(value)));
                    }
                    case RegisterOp.Write write -> {
                        store.putItem(PutItemRequest.of(table, Item.of(Map.of(KEY, AttributeValue.s(op.key()),
                                INDEX_KEY, AttributeValue.s(op.key()), VALUE, AttributeValue.n(write.value().longValue())))));
                        yield Completion.ok(op);
                    }
                    case RegisterOp.Cas cas -> throw new IllegalArgumentException("the eventual register has no compare-and-set");
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }
    }

    /** Reads, writes and compare-and-sets of one item per key. */
    record RegisterClient(String table, boolean consistentRead) implements Client<Payload.Keyed> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
            Map<String, AttributeValue> key = Map.of(KEY, AttributeValue.s(op.key()));
            RegisterOp register = (RegisterOp) op.value();
            try {
                return switch (register) {
                    case RegisterOp.Read read -> {
                        GetItemRequest request = consistentRead ? GetItemRequest.consistent(table, key) : GetItemRequest.of(table, key);
                        Item item = store.getItem(request).item();
                        Long seen = Attributes.longOrNull(item, VALUE);
                        JsonNode value = seen == null ? NullNode.getInstance() : LongNode.valueOf(seen);
                        yield Completion.ok(new Payload.Keyed(op.key(), new RegisterOp.Read(value)));
                    }
                    case RegisterOp.Write write -> {
                        store.putItem(PutItemRequest.of(table, item(op.key(), write.value())));
                        yield Completion.ok(op);
                    }
                    case RegisterOp.Cas cas -> {
                        store.putItem(PutItemRequest.of(table, item(op.key(), cas.to())).withCondition("#v = :from",
                                new ExpressionInput(Map.of("#v", VALUE),
                                        Map.of(":from", AttributeValue.n(cas.from().longValue())))));
                        yield Completion.ok(op);
                    }
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }

        private static Item item(String key, JsonNode value) {
            return Item.of(Map.of(KEY, AttributeValue.s(key), VALUE, AttributeValue.n(value.longValue())));
        }
    }
}
