package keystorm.workloads.sim;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;

/**
 * What a simulated run gave: its history (in memory, and in {@code historyFile} if one was
 * asked for), the schedule that replays it, the checker's result (null when not checked) and
 * what it cost.
 */
public record SimResult(Schedule schedule, List<Op> history, Path historyFile, Result check, Statistics statistics) {
    public SimResult {
        history = List.copyOf(history);
    }

    /**
     * @param operations client operations invoked (each completed, but {@code abandoned})
     * @param faults     nemesis operations, the final heal-all included
     * @param abandoned  operations (and a fault) still running when a phase's drain ran out
     * @param virtualNanos the run's length in virtual time
     * @param wallNanos  what the run took on this machine (the check not counted)
     */
    public record Statistics(long operations, long ok, long fail, long info, long faults, int abandoned, long virtualNanos,
                             long wallNanos) {
        public double operationsPerVirtualSecond() {
            return virtualNanos == 0 ? 0 : operations * 1e9 / virtualNanos;
        }

        public double operationsPerWallSecond() {
            return wallNanos == 0 ? 0 : operations * 1e9 / wallNanos;
        }
    }

    /** The checker's verdict; UNKNOWN when the run was not checked (never VALID unchecked). */
    public Validity validity() {
        return check == null ? Validity.UNKNOWN : check.validity();
    }

    /** The history as the JSONL file holds it, byte for byte. */
    public byte[] historyBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (Writer writer = new OutputStreamWriter(bytes, StandardCharsets.UTF_8)) {
            for (Op op : history) {
                JsonlHistory.append(writer, op);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** SHA-256 of {@link #historyBytes()}, in hex: two runs are the same run when these are equal. */
    public String historySha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(historyBytes()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    /** A few lines for a person: the seed first, then what happened and the verdict. */
    public String summary() {
        return summary(historySha256());
    }

    /** The same, with the history's hash already computed (it serialises the whole history). */
    public String summary(String historySha256) {
        Schedule.Parameters p = schedule.parameters();
        Statistics s = statistics;
        return "simulation of " + p.workload() + ", seed " + p.seed() + "\n"
                + String.format("%,d operations (%,d ok, %,d fail, %,d info), %,d faults, in %.3f s virtual, %.3f s wall%n",
                s.operations(), s.ok(), s.fail(), s.info(), s.faults(), s.virtualNanos() / 1e9, s.wallNanos() / 1e9)
                + (s.abandoned() > 0 ? s.abandoned() + " abandoned\n" : "")
                + "history sha-256 " + historySha256 + "\n"
                + (check == null ? "not checked" : check.render());
    }
}
