package keystorm.workloads.bank;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.op.BankOp;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.workloads.client.Attributes;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.Store;

/**
 * The bank through PartiQL ({@code --api partiql}), judged by the same checker as {@link BankWorkload}'s item client:
 *
 * <ul>
 * <li>Transfer: one ExecuteTransaction of {@code UPDATE "t" SET balance = balance - ? WHERE acct = ? AND balance >= ?}
 *     and {@code UPDATE "t" SET balance = balance + ? WHERE acct = ?}: the store does the arithmetic, an overdraft
 *     cancels the transaction (TransactionCanceledException with ConditionalCheckFailed: fail, nothing applied).
 * <li>Transactional read: one ExecuteTransaction of a {@code SELECT * FROM "t" WHERE acct = ?} per account, a read
 *     transaction (TransactGetItems underneath), which must never see half a transfer.
 * <li>Scan read: {@code SELECT * FROM "t"} with ConsistentRead in pages of {@value BankWorkload#SCAN_PAGE} items
 *     (Limit, then NextToken): each item committed, but like a Scan it may see a transfer half done, which the
 *     checker counts and does not fail.
 * </ul>
 * The accounts are put by the item API at setup, as {@link BankWorkload}'s are: setup is not what is judged.
 */
record PartiqlBankClient(String table, List<String> accounts) implements Client<BankOp> {
    @Override
    public void setup(Store store) {
        new BankWorkload.BankClient(table, accounts).setup(store);
    }

    @Override
    public Completion<BankOp> invoke(Store store, BankOp op) {
        try {
            return switch (op) {
                case BankOp.Transfer transfer -> {
                    AttributeValue amount = AttributeValue.n(transfer.amount());
                    store.executeTransaction(new ExecuteTransactionRequest(List.of(
                            new ParameterizedStatement("UPDATE \"" + table + "\" SET balance = balance - ? WHERE acct = ? "
                                    + "AND balance >= ?", List.of(amount, AttributeValue.s(transfer.from()), amount), null),
                            new ParameterizedStatement("UPDATE \"" + table + "\" SET balance = balance + ? WHERE acct = ?",
                                    List.of(amount, AttributeValue.s(transfer.to())), null)), null, null));
                    yield Completion.ok(op);
                }
                case BankOp.Read read -> switch (read.how()) {
                    case TRANSACTIONAL -> Completion.ok(new BankOp.Read(read.how(), transactionalRead(store)));
                    case SCAN -> {
                        Map<String, Long> balances = scan(store);
                        yield balances == null
                                ? Completion.info(op, "the SELECT did not end within " + pagesMax() + " pages")
                                : Completion.ok(new BankOp.Read(read.how(), balances));
                    }
                };
            };
        } catch (RuntimeException e) {
            return Completion.of(op, e);
        }
    }

    private Map<String, Long> transactionalRead(Store store) {
        List<ParameterizedStatement> selects = new ArrayList<>(accounts.size());
        for (String account : accounts) {
            selects.add(new ParameterizedStatement("SELECT * FROM \"" + table + "\" WHERE acct = ?",
                    List.of(AttributeValue.s(account)), null));
        }
        List<Item> items = store.executeTransaction(new ExecuteTransactionRequest(selects, null, null)).responses();
        if (items.size() != accounts.size()) {
            throw new IllegalStateException("a read transaction of " + accounts.size() + " statements answered "
                    + items.size() + " items");
        }
        Map<String, Long> balances = new HashMap<>();
        for (int i = 0; i < accounts.size(); i++) {
            Long balance = Attributes.longOrNull(items.get(i), BankWorkload.BALANCE);
            if (balance != null) {
                balances.put(accounts.get(i), balance);
            }
        }
        return balances;
    }

    /** Every account by a strongly consistent paged SELECT; null if it did not end within its bound of pages. */
    private Map<String, Long> scan(Store store) {
        Map<String, Long> balances = new HashMap<>();
        String token = null;
        for (int page = 0; page < pagesMax(); page++) {
            ExecuteStatementResponse response = store.executeStatement(new ExecuteStatementRequest(
                    "SELECT * FROM \"" + table + "\"", List.of(), true, BankWorkload.SCAN_PAGE, token, null, null));
            for (Item item : response.items()) {
                if (!(item.get(BankWorkload.ACCOUNT) instanceof AttributeValue.S name)) {
                    throw new IllegalStateException("an item without a string " + BankWorkload.ACCOUNT + ": " + item);
                }
                Long balance = Attributes.longOrNull(item, BankWorkload.BALANCE);
                if (balance == null) {
                    throw new IllegalStateException("account " + name.value() + " has no " + BankWorkload.BALANCE + ": " + item);
                }
                balances.put(name.value(), balance);
            }
            token = response.nextToken();
            if (token == null) {
                return balances;
            }
        }
        return null;
    }

    /** Enough pages for every account, and some to spare (an empty last page). */
    private int pagesMax() {
        return accounts.size() / BankWorkload.SCAN_PAGE + 3;
    }
}
