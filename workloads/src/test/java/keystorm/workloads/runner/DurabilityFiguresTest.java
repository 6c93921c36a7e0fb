package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.util.List;
import java.util.Set;
import keystorm.checker.history.History;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.simple.BankChecker;
import keystorm.checker.simple.SetChecker;
import org.junit.jupiter.api.Test;

/** Durability's figures from hand-built histories, checked by the real set and bank checkers. */
class DurabilityFiguresTest {
    private static History history(String... lines) throws Exception {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            text.append("{\"index\":").append(i).append(",\"time\":").append(i * 1000).append(',').append(lines[i])
                    .append("}\n");
        }
        return JsonlHistory.read(new StringReader(text.toString()));
    }

    private static String nemesis(String type, String f, String value) {
        return "\"process\":\"nemesis\",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"value\":" + value;
    }

    private static String op(int process, String type, String f, String value) {
        return "\"process\":" + process + ",\"type\":\"" + type + "\",\"f\":\"" + f + "\",\"value\":" + value;
    }

    /** Two cycles; adds 1 and 2 acknowledged, 3 indeterminate; the read after the second restart sees only 1. */
    private static History setHistory() throws Exception {
        return history(
                op(0, "invoke", "add", "[\"s0\",1]"), op(0, "ok", "add", "[\"s0\",1]"),
                nemesis("invoke", "kill", "{}"), nemesis("ok", "kill", "{}"),
                nemesis("invoke", "restart", "{}"),
                nemesis("ok", "restart", "{\"recoveryMillis\":700.0,\"readyMillis\":650.0,\"replayMillis\":30.0,\"pid\":11}"),
                op(1, "invoke", "add", "[\"s0\",2]"), op(1, "ok", "add", "[\"s0\",2]"),
                op(2, "invoke", "add", "[\"s0\",3]"), op(2, "info", "add", "[\"s0\",3]"),
                nemesis("invoke", "kill", "{}"), nemesis("ok", "kill", "{}"),
                nemesis("invoke", "restart", "{}"),
                nemesis("ok", "restart", "{\"recoveryMillis\":400.0,\"readyMillis\":380.0,\"pid\":12}"),
                op(0, "invoke", "read", "[\"s0\",null]"), op(0, "ok", "read", "[\"s0\",[1]]"));
    }

    @Test
    void aSetRunCountsItsCyclesRestartsAcknowledgedAndLostAdds() throws Exception {
        History history = setHistory();
        Durability d = Durability.of(history, new SetChecker(true, true).check(history));

        assertThat(d.killCycles()).isEqualTo(2);
        assertThat(d.restarts()).isEqualTo(2);
        assertThat(d.recoveryMillis()).containsExactly(700.0, 400.0);
        assertThat(d.replayMillis()).containsExactly(30.0); // the second start did not say
        assertThat(d.acknowledgedWrites()).isEqualTo(2);
        assertThat(d.lostWrites()).as("add 2 was acknowledged, then missed by the last read").isEqualTo(1);
        assertThat(d.recoveryMedianMillis()).isEqualTo(400.0);
        assertThat(d.recoveryWorstMillis()).isEqualTo(700.0);
        assertThat(d.line()).isEqualTo(
                "durability: 2 kill -9 / restart cycles, 2 acknowledged writes, 1 lost; recovery median 400 ms, worst 700 ms");

        ObjectNode json = d.json();
        assertThat(json.get("killCycles").asInt()).isEqualTo(2);
        assertThat(json.get("restarts").asInt()).isEqualTo(2);
        assertThat(json.at("/recoveryMillis/median").asDouble()).isEqualTo(400.0);
        assertThat(json.at("/recoveryMillis/worst").asDouble()).isEqualTo(700.0);
        assertThat(json.at("/replayMillis/worst").asDouble()).isEqualTo(30.0);
        assertThat(json.get("acknowledgedWrites").asLong()).isEqualTo(2);
        assertThat(json.get("lostWrites").asLong()).isEqualTo(1);
        assertThat(json.has("wrongTotals")).isFalse();
    }

    @Test
    void aRunWithoutKillsHasNoFigures() throws Exception {
        History history = history(op(0, "invoke", "add", "[\"s0\",1]"), op(0, "ok", "add", "[\"s0\",1]"),
                nemesis("invoke", "pause", "{}"), nemesis("ok", "pause", "{}"),
                op(0, "invoke", "read", "[\"s0\",null]"), op(0, "ok", "read", "[\"s0\",[1]]"));
        assertThat(Durability.of(history, new SetChecker(true, true).check(history))).isNull();
    }

    @Test
    void aKillHealedAtTheEndCountsItsRestartAndAKillThatFailedIsNoCycle() throws Exception {
        History history = history(
                nemesis("invoke", "kill", "{}"), nemesis("info", "kill", "{}"),
                nemesis("invoke", "kill", "{}"), nemesis("ok", "kill", "{}"),
                nemesis("invoke", "heal-all", "{}"), nemesis("ok", "heal-all", "{\"recoveryMillis\":900.0,\"pid\":3}"),
                nemesis("invoke", "kill", "{}"), nemesis("ok", "kill", "{}"),
                op(0, "invoke", "read", "[\"s0\",null]"), op(0, "ok", "read", "[\"s0\",[]]"));
        Durability d = Durability.of(history, new SetChecker(true, true).check(history));
        assertThat(d.killCycles()).isEqualTo(2);
        assertThat(d.restarts()).isEqualTo(1);
        assertThat(d.line()).startsWith("durability: 2 kill -9 / restart cycles (1 restart), 0 acknowledged writes, 0 lost;");
    }

    @Test
    void aBankCountsAcknowledgedTransfersAndWrongTotalsButNoLostWrites() throws Exception {
        History history = history(
                op(0, "invoke", "transfer", "{\"from\":\"a0\",\"to\":\"a1\",\"amount\":5}"),
                op(0, "ok", "transfer", "{\"from\":\"a0\",\"to\":\"a1\",\"amount\":5}"),
                op(1, "invoke", "transfer", "{\"from\":\"a1\",\"to\":\"a0\",\"amount\":3}"),
                op(1, "fail", "transfer", "{\"from\":\"a1\",\"to\":\"a0\",\"amount\":3}"),
                nemesis("invoke", "kill", "{}"), nemesis("ok", "kill", "{}"),
                nemesis("invoke", "restart", "{}"), nemesis("ok", "restart", "{\"recoveryMillis\":500.0,\"pid\":4}"),
                op(0, "invoke", "read", "null"), op(0, "ok", "read", "{\"a0\":95,\"a1\":100}"));
        Durability d = Durability.of(history, new BankChecker(200L, Set.of("a0", "a1")).check(history));
        assertThat(d.acknowledgedWrites()).isEqualTo(1);
        assertThat(d.lostWrites()).isNull();
        assertThat(d.wrongTotals()).as("95 + 100 is not 200: a transfer seen in part").isEqualTo(1);
        assertThat(d.json().has("lostWrites")).isFalse();
        assertThat(d.json().get("wrongTotals").asLong()).isEqualTo(1);
        assertThat(d.line()).contains("1 acknowledged writes (lost ones not countable by the bank), 1 reads with a wrong total");
    }

    @Test
    void quantilesAreNearestRank() {
        List<Double> values = List.of(10.0, 1.0, 9.0, 2.0, 8.0, 3.0, 7.0, 4.0, 6.0, 5.0);
        assertThat(Durability.quantile(values, 50)).isEqualTo(5.0);
        assertThat(Durability.quantile(values, 90)).isEqualTo(9.0);
        assertThat(Durability.quantile(values, 100)).isEqualTo(10.0);
        assertThat(Durability.quantile(List.of(), 50)).isNaN();
    }
}
