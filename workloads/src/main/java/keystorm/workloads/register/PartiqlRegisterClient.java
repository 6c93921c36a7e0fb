package keystorm.workloads.register;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.List;
import keystorm.checker.op.Payload;
import keystorm.checker.op.RegisterOp;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;

/**
 * The register through PartiQL ({@code --api partiql}): the same items {@code {k: "k17", v: 3}} and the same
 * linearizability check as {@link RegisterWorkload}'s item client, so a store's PartiQL path is judged by the same
 * rules.
 *
 * <ul>
 * <li>Read: {@code SELECT * FROM "t" WHERE k = ?} with ConsistentRead, a Query of one key.
 * <li>Compare-and-set: {@code UPDATE "t" SET v = ? WHERE k = ? AND v = ?}; the condition in the WHERE is the
 *     statement's condition, so a value that does not match (or a missing item) is ConditionalCheckFailed: fail.
 * <li>Write: PartiQL has no upsert (INSERT fails on an item that exists with DuplicateItem, UPDATE on one that
 *     does not with ConditionalCheckFailed), so a write is {@code UPDATE "t" SET v = ? WHERE k = ?}, and when the
 *     item is missing {@code INSERT INTO "t" VALUE {'k': ?, 'v': ?}}, at most {@value #WRITE_ROUNDS_MAX} rounds.
 *     Each step is atomic and a refused one applied nothing, so the write takes effect at exactly the step that
 *     succeeds: ok then; fail only when every step was refused; info as soon as one step's outcome is unknown.
 * </ul>
 */
record PartiqlRegisterClient(String table) implements Client<Payload.Keyed> {
    /** The register never deletes, so an INSERT that finds the item means the next UPDATE finds it too. */
    static final int WRITE_ROUNDS_MAX = 3;

    @Override
    public void setup(Store store) {
        store.createTable(CreateTableRequest.onDemand(table, RegisterWorkload.KEY, ScalarAttributeType.S, null, null));
    }

    @Override
    public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
        AttributeValue key = AttributeValue.s(op.key());
        try {
            return switch ((RegisterOp) op.value()) {
                case RegisterOp.Read read -> {
                    ExecuteStatementResponse response = store.executeStatement(new ExecuteStatementRequest(
                            "SELECT * FROM \"" + table + "\" WHERE k = ?", List.of(key), true, null, null, null, null));
                    if (response.items().size() > 1 || response.nextToken() != null) {
                        yield Completion.info(op, "SELECT of key " + op.key() + " returned " + response.items().size()
                                + " items" + (response.nextToken() != null ? " and a NextToken" : "") + ", not at most one");
                    }
                    Item item = response.items().isEmpty() ? null : response.items().getFirst();
                    Long seen = Attributes.longOrNull(item, RegisterWorkload.VALUE);
                    JsonNode value = seen == null ? NullNode.getInstance() : LongNode.valueOf(seen);
                    yield Completion.ok(new Payload.Keyed(op.key(), new RegisterOp.Read(value)));
                }
                case RegisterOp.Write write -> write(store, op, key, AttributeValue.n(write.value().longValue()));
                case RegisterOp.Cas cas -> {
                    store.executeStatement(ExecuteStatementRequest.of("UPDATE \"" + table + "\" SET v = ? WHERE k = ? AND v = ?",
                            AttributeValue.n(cas.to().longValue()), key, AttributeValue.n(cas.from().longValue())));
                    yield Completion.ok(op);
                }
            };
        } catch (RuntimeException e) {
            return Completion.of(op, e);
        }
    }

    private Completion<Payload.Keyed> write(Store store, Payload.Keyed op, AttributeValue key, AttributeValue value) {
        for (int round = 0; round < WRITE_ROUNDS_MAX; round++) {
            try {
                store.executeStatement(ExecuteStatementRequest.of("UPDATE \"" + table + "\" SET v = ? WHERE k = ?", value, key));
                return Completion.ok(op);
            } catch (DynamoException e) {
                if (e.type() != ErrorType.ConditionalCheckFailedException) {
                    throw e;
                }
                // no item yet: nothing was applied; insert it
            }
            try {
                store.executeStatement(ExecuteStatementRequest.of("INSERT INTO \"" + table + "\" VALUE {'k': ?, 'v': ?}",
                        key, value));
                return Completion.ok(op);
            } catch (DynamoException e) {
                if (e.type() != ErrorType.DuplicateItemException) {
                    throw e;
                }
                // inserted by another client since: nothing was applied; update it
            }
        }
        return Completion.fail(op, "the item of key " + op.key() + " was missing at each UPDATE and present at each "
                + "INSERT, " + WRITE_ROUNDS_MAX + " times: nothing applied");
    }
}
