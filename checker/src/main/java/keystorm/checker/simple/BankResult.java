package keystorm.checker.simple;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.op.BankOp;

/**
 * What {@link BankChecker} found: each bad read as a finding, the Scans that saw a transfer half
 * done ({@code readSkew}, a statistic), and how the transfers ended.
 *
 * @param reason why the verdict is unknown, or null
 * @param total the total every transactional read must see (given or inferred), or null when unknown
 */
public record BankResult(Validity validity, String reason, Long total, int transactionalReads, int scans,
                         int transfersOk, int transfersFailed, int transfersInfo, int readSkew,
                         List<Finding> findings) implements Result {
    public BankResult {
        findings = List.copyOf(findings);
    }

    public enum Kind {
        WRONG_TOTAL("wrong-total"), NEGATIVE_VALUE("negative-value"), UNEXPECTED_KEY("unexpected-key");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /**
     * One bad read.
     *
     * @param index the read's ok completion, the line holding its balances
     * @param account the account at fault, or null for a wrong total
     * @param value the account's balance, or the read's total for a wrong total ({@link Long#MIN_VALUE}
     *     when that overflows)
     */
    public record Finding(Kind kind, long index, BankOp.ReadKind how, String account, long value,
                          Map<String, Long> balances) {
        public Finding {
            balances = Map.copyOf(balances);
        }
    }

    static BankResult unknown(String reason) {
        return new BankResult(Validity.UNKNOWN, reason, null, 0, 0, 0, 0, 0, 0, List.of());
    }

    /** Finding label to how many. */
    public Map<String, Integer> counts() {
        return Labels.count(findings, f -> f.kind().label());
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(transfersOk + transfersFailed + transfersInfo).append(" transfers (").append(transfersOk)
                .append(" ok, ").append(transfersFailed).append(" failed, ").append(transfersInfo).append(" info), ")
                .append(transactionalReads).append(" transactional reads, ").append(scans).append(" scans");
        if (total != null) {
            out.append("; total ").append(total);
        }
        out.append('\n');
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        if (scans > 0) {
            out.append("read-skew: ").append(readSkew).append(" of ").append(scans)
                    .append(" scans saw a transfer half done (DynamoDB allows it of a Scan)\n");
        }
        for (Finding f : findings) {
            out.append(f.kind().label()).append(": the ").append(f.how() == BankOp.ReadKind.SCAN ? "scan" : "read")
                    .append(" at event ").append(f.index());
            switch (f.kind()) {
                case WRONG_TOTAL -> out.append(" totals ")
                        .append(f.value() == Long.MIN_VALUE ? "more than a long holds" : Long.toString(f.value()))
                        .append(", not ").append(total);
                case NEGATIVE_VALUE -> out.append(" has ").append(f.account()).append(" at ").append(f.value());
                case UNEXPECTED_KEY -> out.append(" has account ").append(f.account()).append(", not the bank's");
            }
            out.append(": ").append(new TreeMap<>(f.balances())).append('\n');
        }
        out.append("bank: ").append(validity.word()).append('\n');
        return out.toString();
    }

    /** One piece of evidence per bad read: its label, the sentence {@link #render()} prints, and the read's line. */
    @Override
    public List<Evidence> evidence() {
        return findings.stream().map(f -> new Evidence(f.kind().label(), f.account(), sentence(f),
                List.of(f.index()), null)).toList();
    }

    private String sentence(Finding f) {
        String read = "The " + (f.how() == BankOp.ReadKind.SCAN ? "scan" : "transactional read") + " completed at event "
                + f.index();
        return read + switch (f.kind()) {
            case WRONG_TOTAL -> " totals " + (f.value() == Long.MIN_VALUE ? "more than a long holds" : Long.toString(f.value()))
                    + ", not " + total + ": money was created or destroyed";
            case NEGATIVE_VALUE -> " has account " + f.account() + " at " + f.value() + ", below zero";
            case UNEXPECTED_KEY -> " has account " + f.account() + ", which is not one of the bank's";
        } + ". Balances: " + new TreeMap<>(f.balances()) + ".";
    }
}
