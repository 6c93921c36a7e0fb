package keystorm.workloads.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import keystorm.checker.Result;
import keystorm.checker.history.History;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.simple.BankResult;
import keystorm.checker.simple.SetResult;

/**
 * What a run under kill -9 says about durability: how many times the server was killed and
 * restarted, how long each restart took to answer again, and what the checker counted of the
 * acknowledged writes and their loss. Read from the history (the kill and restart completions,
 * whose values carry the restart's {@code recoveryMillis}, see {@code FaultNemesis}) and from the
 * checker's result; present only for a run with at least one kill.
 *
 * <p>What a workload can say of its writes differs, and each says only what it knows:
 * <ul>
 *   <li>set: {@code acknowledgedWrites} are the ok adds, {@code lostWrites} the set checker's lost
 *       elements (known in the set, by their ack or a read, then missed by every later read);</li>
 *   <li>bank: {@code acknowledgedWrites} are the ok transfers; a transfer lost whole leaves every
 *       total right, so the bank cannot count lost writes ({@code lostWrites} absent), and says
 *       instead how many reads saw a wrong total ({@code wrongTotals}: a transaction seen in part);</li>
 *   <li>list-append: {@code acknowledgedWrites} are the appends of ok transactions; a lost one is an
 *       Elle anomaly in the verdict, not a count ({@code lostWrites} absent);</li>
 *   <li>any other: neither.</li>
 * </ul>
 *
 * @param killCycles kill -9 operations that completed ok
 * @param recoveryMillis each restart's time from creating the process to its first answer, in history order
 * @param replayMillis each restart's replay of the log as the engine reported it (fewer when some did not say)
 * @param acknowledgedWrites null when the workload cannot count them
 * @param lostWrites null when the workload cannot count them
 * @param wrongTotals the bank's reads with a wrong total; null for other workloads
 */
public record Durability(int killCycles, List<Double> recoveryMillis, List<Double> replayMillis,
                         Long acknowledgedWrites, Long lostWrites, Long wrongTotals) {
    public Durability {
        if (killCycles < 1) {
            throw new IllegalArgumentException("a durability record needs at least one kill, not " + killCycles);
        }
        recoveryMillis = List.copyOf(recoveryMillis);
        replayMillis = List.copyOf(replayMillis);
    }

    /** The run's durability figures, or null when its history holds no completed kill. */
    public static Durability of(History history, Result check) {
        int kills = 0;
        List<Double> recovery = new ArrayList<>();
        List<Double> replay = new ArrayList<>();
        long appends = 0;
        for (Op op : history.ops()) {
            if (op.type() != OpType.OK) {
                continue;
            }
            if (op.isNemesis()) {
                if ("kill".equals(op.f())) {
                    kills++;
                }
                JsonNode value = op.value();
                if (value != null && value.hasNonNull("recoveryMillis")) {
                    recovery.add(value.get("recoveryMillis").asDouble());
                    if (value.hasNonNull("replayMillis")) {
                        replay.add(value.get("replayMillis").asDouble());
                    }
                }
            } else if ("txn".equals(op.f()) && op.value() != null && op.value().isArray()) {
                for (JsonNode micro : op.value()) {
                    if (micro.isArray() && "append".equals(micro.path(0).asText())) {
                        appends++;
                    }
                }
            }
        }
        if (kills == 0) {
            return null;
        }
        return switch (check) {
            case SetResult set -> new Durability(kills, recovery, replay, (long) set.addsOk(), (long) set.lost().count(), null);
            case BankResult bank -> new Durability(kills, recovery, replay, (long) bank.transfersOk(), null,
                    bank.findings().stream().filter(f -> f.kind() == BankResult.Kind.WRONG_TOTAL).count());
            case keystorm.checker.elle.ElleResult elle -> new Durability(kills, recovery, replay, appends, null, null);
            default -> new Durability(kills, recovery, replay, null, null, null);
        };
    }

    /** Restarts that answered again (a restart fault's, or a heal's that found the server dead). */
    public int restarts() {
        return recoveryMillis.size();
    }

    /**
     * A quantile of {@code values} by the nearest rank (the smallest value with at least
     * {@code percentile}% of them at or below it); NaN when there are none.
     */
    static double quantile(List<Double> values, double percentile) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int rank = (int) Math.ceil(percentile / 100.0 * sorted.size());
        return sorted.get(Math.max(0, rank - 1));
    }

    public double recoveryMedianMillis() {
        return quantile(recoveryMillis, 50);
    }

    public double recoveryWorstMillis() {
        return quantile(recoveryMillis, 100);
    }

    /**
     * {@code durability: 52 kill -9 / restart cycles, 3,120 acknowledged writes, 0 lost; recovery
     * median 410 ms, worst 690 ms}, with what the workload can say of its writes.
     */
    public String line() {
        StringBuilder out = new StringBuilder(String.format(Locale.ROOT, "durability: %,d kill -9 / restart cycles", killCycles));
        if (restarts() != killCycles) {
            out.append(String.format(Locale.ROOT, " (%,d restart%s)", restarts(), restarts() == 1 ? "" : "s"));
        }
        if (acknowledgedWrites != null) {
            out.append(String.format(Locale.ROOT, ", %,d acknowledged writes", acknowledgedWrites));
            if (lostWrites != null) {
                out.append(String.format(Locale.ROOT, ", %,d lost", lostWrites));
            } else if (wrongTotals != null) {
                out.append(String.format(Locale.ROOT, " (lost ones not countable by the bank), %,d reads with a wrong total",
                        wrongTotals));
            } else {
                out.append(" (lost ones are anomalies in the verdict, not counted)");
            }
        }
        if (restarts() > 0) {
            out.append(String.format(Locale.ROOT, "; recovery median %,.0f ms, worst %,.0f ms", recoveryMedianMillis(),
                    recoveryWorstMillis()));
        }
        return out.toString();
    }

    /** The results.json object: fields absent where they do not apply. */
    public ObjectNode json() {
        ObjectNode out = RunResultsJson.JSON.createObjectNode();
        out.put("killCycles", killCycles);
        out.put("restarts", restarts());
        if (restarts() > 0) {
            out.putObject("recoveryMillis").put("median", recoveryMedianMillis()).put("p90", quantile(recoveryMillis, 90))
                    .put("worst", recoveryWorstMillis());
        }
        if (!replayMillis.isEmpty()) {
            out.putObject("replayMillis").put("median", quantile(replayMillis, 50)).put("worst", quantile(replayMillis, 100));
        }
        if (acknowledgedWrites != null) {
            out.put("acknowledgedWrites", acknowledgedWrites);
        }
        if (lostWrites != null) {
            out.put("lostWrites", lostWrites);
        }
        if (wrongTotals != null) {
            out.put("wrongTotals", wrongTotals);
        }
        return out;
    }
}
