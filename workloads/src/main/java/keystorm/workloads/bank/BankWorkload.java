package keystorm.workloads.bank;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.op.BankOp;
import keystorm.checker.op.OpJson;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
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
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Generators;

/**
 * Jepsen's bank: accounts {@code {acct: "a3", balance: 100}} whose money only moves by
 * transfers, so every transactional read must see the same total and no negative balance.
 *
 * <p>A transfer is one TransactWriteItems of two Updates, {@code SET balance = balance - :a} on
 * the condition {@code balance >= :a} and {@code SET balance = balance + :a}: the store does the
 * arithmetic, so no read-then-write race of the client's own can lose money, and an overdraft is
 * a cancellation (fail: DynamoDB applied nothing). Reads are TransactGetItems of every account
 * (which must never see half a transfer) or a strongly consistent Scan in pages of
 * {@value #SCAN_PAGE} items (each item committed, but DynamoDB lets a Scan see a transfer half
 * done: the checker counts that, it does not fail it).
 *
 * <p>Few accounts (at most {@value #ACCOUNTS_MAX}) keep transfers contending, which is where a
 * torn or dirty transaction shows.
 */
public final class BankWorkload {
    static final String ACCOUNT = "acct";
    static final String BALANCE = "balance";
    static final int ACCOUNTS_MAX = 8;
    static final long START = 100;
    static final int AMOUNT_MAX = 5;
    static final int SCAN_PAGE = 3;
    static final int FINAL_READS = 3;

    private BankWorkload() {
    }

    public static Workload<BankOp> of(WorkloadOptions options) {
        List<String> accounts = accounts(Math.min(options.keys(), ACCOUNTS_MAX));
        long total = START * accounts.size();
        ObjectNode initial = JsonNodeFactory.instance.objectNode();
        accounts.forEach(initial.putArray("accounts")::add);
        initial.put("total", total);
        return new Workload<>("bank", OpJson.Family.BANK, false, generator(options.seed(), accounts),
                Generators.of(Collections.nCopies(FINAL_READS, new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, null))),
                options.api() == keystorm.workloads.Api.PARTIQL ? new PartiqlBankClient(options.table("bank"), accounts)
                        : new BankClient(options.table("bank"), accounts),
                Checkers.create("bank", CheckerOptions.defaults().withModel(null, initial)));
    }

    static List<String> accounts(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("a bank needs at least 2 accounts to transfer between, not " + n);
        }
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            names.add("a" + i);
        }
        return List.copyOf(names);
    }

    /** Six transfers in ten operations, three transactional reads, one Scan. */
    static Generator<BankOp> generator(long seed, List<String> accounts) {
        int n = accounts.size();
        return Generators.random(seed, random -> {
            int pick = random.nextInt(10);
            if (pick < 6) {
                int from = random.nextInt(n);
                int to = (from + 1 + random.nextInt(n - 1)) % n;
                return new BankOp.Transfer(accounts.get(from), accounts.get(to), 1 + random.nextInt(AMOUNT_MAX));
            }
            return new BankOp.Read(pick < 9 ? BankOp.ReadKind.TRANSACTIONAL : BankOp.ReadKind.SCAN, null);
        });
    }

    record BankClient(String table, List<String> accounts) implements Client<BankOp> {
        @Override
        public void setup(Store store) {
            store.createTable(CreateTableRequest.onDemand(table, ACCOUNT, ScalarAttributeType.S, null, null));
            for (String account : accounts) {
                store.putItem(PutItemRequest.of(table, Item.of(Map.of(ACCOUNT, AttributeValue.s(account),
                        BALANCE, AttributeValue.n(START)))));
            }
        }

        @Override
        public Completion<BankOp> invoke(Store store, BankOp op) {
            try {
                return switch (op) {
                    case BankOp.Transfer transfer -> {
                        ExpressionInput amount = new ExpressionInput(Map.of("#b", BALANCE),
                                Map.of(":a", AttributeValue.n(transfer.amount())));
                        store.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                                TransactWriteItem.Update.of(table, key(transfer.from()), "SET #b = #b - :a", "#b >= :a", amount),
                                TransactWriteItem.Update.of(table, key(transfer.to()), "SET #b = #b + :a", null, amount))));
                        yield Completion.ok(op);
                    }
                    case BankOp.Read read -> switch (read.how()) {
                        case TRANSACTIONAL -> Completion.ok(new BankOp.Read(read.how(), transactGet(store)));
                        case SCAN -> {
                            Map<String, Long> balances = scan(store);
                            yield balances == null
                                    ? Completion.info(op, "the Scan did not end within " + pagesMax() + " pages")
                                    : Completion.ok(new BankOp.Read(read.how(), balances));
                        }
                    };
                };
            } catch (RuntimeException e) {
                return Completion.of(op, e);
            }
        }

        private Map<String, Long> transactGet(Store store) {
            List<TransactGetItem> gets = new ArrayList<>(accounts.size());
            accounts.forEach(account -> gets.add(TransactGetItem.of(table, key(account))));
            List<Item> items = store.transactGetItems(TransactGetItemsRequest.of(gets)).responses();
            Map<String, Long> balances = new HashMap<>();
            for (int i = 0; i < accounts.size(); i++) {
                Long balance = Attributes.longOrNull(items.get(i), BALANCE);
                if (balance != null) {
                    balances.put(accounts.get(i), balance);
                }
            }
            return balances;
        }

        /** Every account by a strongly consistent paged Scan; null if it did not end within its bound of pages. */
        private Map<String, Long> scan(Store store) {
            Map<String, Long> balances = new HashMap<>();
            Map<String, AttributeValue> start = null;
            for (int page = 0; page < pagesMax(); page++) {
                PageResponse response = store.scan(new ScanRequest(table, null, null, null, null, SCAN_PAGE, true, start,
                        null, null, null));
                for (Item item : response.items()) {
                    if (!(item.get(ACCOUNT) instanceof AttributeValue.S name)) {
                        throw new IllegalStateException("an item without a string " + ACCOUNT + ": " + item);
                    }
                    Long balance = Attributes.longOrNull(item, BALANCE);
                    if (balance == null) {
                        throw new IllegalStateException("account " + name.value() + " has no " + BALANCE + ": " + item);
                    }
                    balances.put(name.value(), balance);
                }
                start = response.lastEvaluatedKey();
                if (start == null) {
                    return balances;
                }
            }
            return null;
        }

        /** Enough pages for every account, and some to spare (an empty last page). */
        private int pagesMax() {
            return accounts.size() / SCAN_PAGE + 3;
        }

        private static Map<String, AttributeValue> key(String account) {
            return Map.of(ACCOUNT, AttributeValue.s(account));
        }
    }
}
