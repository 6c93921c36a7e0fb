package keystorm.checker.simple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.BankOp;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;

/**
 * Jepsen's bank checker: transfers move money between accounts and must never create or destroy
 * it, so every transactional read (TransactGetItems) sees the same total, no negative balance
 * (transfers are conditional on the balance covering them) and only the bank's accounts. Each
 * violation of an ok read is a finding: {@code wrong-total}, {@code negative-value},
 * {@code unexpected-key}. A Scan reads items one after another and DynamoDB lets it see a
 * transfer half done, so a Scan whose total differs is counted as {@code read-skew}, a statistic,
 * never invalid; its balances are each a committed value, so a negative one or an unknown
 * account is a finding for a Scan too.
 *
 * <p>The bank's shape comes from {@link CheckerOptions#initial()}, {@code {"accounts":N,"total":T}}:
 * {@code accounts} is a count (the accounts are then named {@code "0"} to {@code "N-1"}, as Jepsen
 * names them) or a list of names, and either field may be left out. Without a total, it is the
 * total of the first ok transactional read; without accounts, the known accounts are those any
 * transfer names and those of that first read (so the first read's own keys are trusted). With
 * neither a total nor an ok transactional read, or with no ok read at all, the verdict is UNKNOWN.
 */
public final class BankChecker implements Checker {
    private final Long total;
    private final Set<String> accounts;

    public BankChecker(CheckerOptions options) {
        this(totalOf(options.initial()), accountsOf(options.initial()));
    }

    /**
     * @param total the bank's total, or null to take the first ok transactional read's
     * @param accounts the bank's accounts, or null for those the history names
     */
    public BankChecker(Long total, Set<String> accounts) {
        this.total = total;
        this.accounts = accounts == null ? null : Set.copyOf(accounts);
    }

    private static Long totalOf(JsonNode initial) {
        if (initial == null || initial.isNull()) {
            return null;
        }
        if (!initial.isObject()) {
            throw new IllegalArgumentException("the bank's initial state is {\"accounts\":N,\"total\":T}, not " + initial);
        }
        JsonNode total = initial.get("total");
        if (total == null || total.isNull()) {
            return null;
        }
        if (!total.isIntegralNumber() || !total.canConvertToLong()) {
            throw new IllegalArgumentException("the bank's total is an integer, not " + total);
        }
        return total.longValue();
    }

    private static Set<String> accountsOf(JsonNode initial) {
        JsonNode accounts = initial == null || !initial.isObject() ? null : initial.get("accounts");
        if (accounts == null || accounts.isNull()) {
            return null;
        }
        Set<String> names = new TreeSet<>();
        if (accounts.isIntegralNumber() && accounts.canConvertToInt() && accounts.intValue() > 0) {
            for (int i = 0; i < accounts.intValue(); i++) {
                names.add(Integer.toString(i));
            }
        } else if (accounts.isArray() && !accounts.isEmpty()) {
            accounts.forEach(name -> names.add(name.isTextual() ? name.textValue() : name.toString()));
        } else {
            throw new IllegalArgumentException("the bank's accounts are a positive count or a list of names, not " + accounts);
        }
        return names;
    }

    @Override
    public BankResult check(History history) {
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.BANK, false);
        } catch (Calls.Undecodable e) {
            return BankResult.unknown(e.getMessage());
        }
        int[] transfers = new int[Outcome.values().length];
        Set<String> named = new TreeSet<>();
        List<Call<Payload>> reads = new ArrayList<>();
        for (Call<Payload> call : calls) {
            switch ((BankOp) call.invocation()) {
                case BankOp.Transfer transfer -> {
                    transfers[call.outcome().ordinal()]++;
                    named.add(transfer.from());
                    named.add(transfer.to());
                }
                case BankOp.Read read -> {
                    if (call.ok()) {
                        reads.add(call);
                    }
                }
            }
        }
        reads.sort(Comparator.comparingLong(Call::completeIndex));
        int ok = transfers[Outcome.OK.ordinal()];
        int failed = transfers[Outcome.FAIL.ordinal()];
        int info = transfers[Outcome.INFO.ordinal()];
        if (reads.isEmpty()) {
            return new BankResult(Validity.UNKNOWN, "no read completed: nothing says what the accounts held", total,
                    0, 0, ok, failed, info, 0, List.of());
        }
        Map<String, Long> baseline = reads.stream().map(BankChecker::balances)
                .filter(read -> read.how() == BankOp.ReadKind.TRANSACTIONAL).map(BankOp.Read::balances)
                .findFirst().orElse(null);
        Long expected = total;
        if (expected == null && baseline != null) {
            try {
                expected = sum(baseline);
            } catch (ArithmeticException e) {
                return BankResult.unknown("the first transactional read's total overflows a long");
            }
        }
        if (expected == null) {
            return new BankResult(Validity.UNKNOWN, "no total given (--initial {\"total\":T}) and no transactional read"
                    + " to take it from", null, 0, reads.size(), ok, failed, info, 0, List.of());
        }
        Set<String> known = accounts != null ? accounts : inferredAccounts(named, baseline);
        List<BankResult.Finding> findings = new ArrayList<>();
        int transactional = 0;
        int skewed = 0;
        for (Call<Payload> call : reads) {
            BankOp.Read read = balances(call);
            boolean scan = read.how() == BankOp.ReadKind.SCAN;
            transactional += scan ? 0 : 1;
            for (String account : new TreeSet<>(read.balances().keySet())) {
                long balance = read.balances().get(account);
                if (!known.contains(account)) {
                    findings.add(new BankResult.Finding(BankResult.Kind.UNEXPECTED_KEY, call.completeIndex(),
                            read.how(), account, balance, read.balances()));
                } else if (balance < 0) {
                    findings.add(new BankResult.Finding(BankResult.Kind.NEGATIVE_VALUE, call.completeIndex(),
                            read.how(), account, balance, read.balances()));
                }
            }
            Long seen = sumOrNull(read.balances());
            if (seen == null || seen != expected.longValue()) {
                if (scan) {
                    skewed++;
                } else {
                    findings.add(new BankResult.Finding(BankResult.Kind.WRONG_TOTAL, call.completeIndex(), read.how(),
                            null, seen == null ? Long.MIN_VALUE : seen, read.balances()));
                }
            }
        }
        return new BankResult(findings.isEmpty() ? Validity.VALID : Validity.INVALID, null, expected, transactional,
                reads.size() - transactional, ok, failed, info, skewed, findings);
    }

    private static Set<String> inferredAccounts(Set<String> named, Map<String, Long> baseline) {
        Set<String> inferred = new TreeSet<>(named);
        if (baseline != null) {
            inferred.addAll(baseline.keySet());
        }
        return inferred;
    }

    private static BankOp.Read balances(Call<Payload> call) {
        return (BankOp.Read) call.completion();
    }

    private static long sum(Map<String, Long> balances) {
        long sum = 0;
        for (long balance : balances.values()) {
            sum = Math.addExact(sum, balance);
        }
        return sum;
    }

    /** The total, or null when it overflows a long (a wrong total whatever the bank holds). */
    private static Long sumOrNull(Map<String, Long> balances) {
        try {
            return sum(balances);
        } catch (ArithmeticException e) {
            return null;
        }
    }
}
