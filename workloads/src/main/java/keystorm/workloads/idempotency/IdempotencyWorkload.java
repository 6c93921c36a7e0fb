package keystorm.workloads.idempotency;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.IdempotencyOp;
import keystorm.checker.op.OpJson;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generators;

/**
 * DynamoDB's idempotent transactions: each submit is a TransactWriteItems that appends its
 * element to one list item {@code {k: "list", l: [3, 8, ...]}} with its token as the
 * ClientRequestToken, retried with the same token after an unknown outcome and sometimes after an
 * acknowledged one (see {@link IdempotencyGenerator}); strongly consistent reads of the list must
 * hold every acknowledged element once and no element twice.
 *
 * <p>A mismatch sends an acknowledged token with another element. DynamoDB answers
 * IdempotentParameterMismatchException and applies nothing: for this operation that refusal is the
 * expected outcome, recorded as ok with {@code refused} true; ok with {@code refused} false means
 * the store applied it. Any other error is classified as for every operation.
 *
 * <p>Tokens are {@code <prefix>-<n>}, the prefix a hash of the seed and the table prefix, so two
 * runs against one endpoint within the 10 minutes DynamoDB remembers tokens do not meet.
 */
public final class IdempotencyWorkload {
    static final String KEY = "k";
    static final String LIST = "l";
    /** Reads once the run is over: without a read after the last acknowledged submit, nothing says it was applied once. */
    static final int FINAL_READS = 3;
    static final Map<String, AttributeValue> ITEM = Map.of(KEY, AttributeValue.s("list"));

    private IdempotencyWorkload() {
    }

    public static Workload<IdempotencyOp> of(WorkloadOptions options) {
        return new Workload<>("idempotency", OpJson.Family.IDEMPOTENCY, false,
                IdempotencyGenerator.start(options.seed(), tokenPrefix(options)),
                Generators.of(Collections.nCopies(FINAL_READS, new IdempotencyOp.Read(null))),
                new IdempotencyClient(options.table("idempotency")), Checkers.create("idempotency", CheckerOptions.defaults()));
    }

    /** At most 16 hex digits and a dash: with the counter, well within the token's 36 characters. */
    static String tokenPrefix(WorkloadOptions options) {
        long mixed = options.seed() * 0x9E3779B97F4A7C15L ^ options.tablePrefix().hashCode();
        return Long.toHexString(mixed) + "-";
    }

    record IdempotencyClient(String table) implements Client<IdempotencyOp> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, KEY, ScalarAttributeType.S, null, null));
        }

        @Override
        public Completion<IdempotencyOp> invoke(Store store, IdempotencyOp op) {
            return switch (op) {
                case IdempotencyOp.Submit submit -> {
                    try {
                        store.transactWriteItems(append(submit.token(), submit.element()));
                        yield Completion.ok(op);
                    } catch (RuntimeException e) {
                        yield Completion.of(op, e);
                    }
                }
                case IdempotencyOp.Mismatch mismatch -> {
                    try {
                        store.transactWriteItems(append(mismatch.token(), mismatch.element()));
                        yield Completion.ok(new IdempotencyOp.Mismatch(mismatch.token(), mismatch.element(), false));
                    } catch (DynamoException e) {
                        yield e.type() == ErrorType.IdempotentParameterMismatchException
                                ? Completion.ok(new IdempotencyOp.Mismatch(mismatch.token(), mismatch.element(), true))
                                : Completion.of(op, e);
                    } catch (RuntimeException e) {
                        yield Completion.of(op, e);
                    }
                }
                case IdempotencyOp.Read read -> {
                    try {
                        yield Completion.ok(new IdempotencyOp.Read(list(store.getItem(GetItemRequest.consistent(table, ITEM)).item())));
                    } catch (RuntimeException e) {
                        yield Completion.of(op, e);
                    }
                }
            };
        }

        private TransactWriteItemsRequest append(String token, long element) {
            return TransactWriteItemsRequest.of(List.of(TransactWriteItem.Update.of(table, ITEM,
                    "SET #l = list_append(if_not_exists(#l, :empty), :v)", null,
                    new ExpressionInput(Map.of("#l", LIST), Map.of(":empty", AttributeValue.l(List.of()),
                            ":v", AttributeValue.l(List.of(AttributeValue.n(element))))))))
                    .withToken(token);
        }

        private static List<Long> list(Item item) {
            if (item == null || item.get(LIST) == null) {
                return List.of();
            }
            if (!(item.get(LIST) instanceof AttributeValue.L l)) {
                throw new IllegalStateException("attribute " + LIST + " should be a list, but the store returned " + item.get(LIST));
            }
            List<Long> out = new ArrayList<>(l.values().size());
            l.values().forEach(v -> out.add(Attributes.longValue(v, LIST + "[]")));
            return out;
        }
    }
}
