package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The correct engine under every fault the simulation models stays correct in its checkers' eyes,
 * and each fault does to the operations what it does in real runs: a pause holds them until the
 * client times out, a crash refuses them until the engine is back, the network loses or delays them.
 */
class SimFaultsTest {
    static SimSpec underFaults(String workload, List<NemesisKind> kinds, long seed) {
        return SimSpec.of(workload, seed).withRate(1_000).withTimeLimit(Duration.ofSeconds(4))
                .withNemesis(kinds, Duration.ofMillis(300));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"register", "bank", "set", "list-append"})
    void theCorrectEngineIsValidUnderEveryFault(String workload) throws Exception {
        SimResult result = Simulation.run(underFaults(workload, List.of(NemesisKind.values()), 1));
        assertThat(result.validity()).as(result.summary()).isEqualTo(Validity.VALID);
        assertThat(result.statistics().faults()).isGreaterThan(5);
        assertThat(result.statistics().ok()).isGreaterThan(500);
    }

    @Test
    void aPausedEngineHoldsRequestsUntilTheirClientsTimeOut() throws Exception {
        SimResult result = Simulation.run(underFaults("register", List.of(NemesisKind.PAUSE), 2));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        Map<Integer, Op> invoked = new HashMap<>();
        int timedOut = 0;
        for (Op op : result.history()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                invoked.put(op.process(), op);
            } else if ("timed out: the engine is paused".equals(op.error())) {
                timedOut++;
                assertThat(op.type()).isEqualTo(OpType.INFO);
                assertThat(op.time() - invoked.get(op.process()).time()).isEqualTo(Latency.CLIENT_TIMEOUT_NANOS);
            }
        }
        assertThat(timedOut).isGreaterThan(0);
        assertThat(result.history()).anyMatch(op -> op.isNemesis() && op.f().equals("pause"))
                .anyMatch(op -> op.isNemesis() && op.f().equals("resume"));
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NemesisKind.class, names = {"CRASH", "KILL"})
    void aCrashedEngineRefusesRequestsUntilItIsBack(NemesisKind kind) throws Exception {
        SimResult result = Simulation.run(underFaults("register", List.of(kind), 3));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.history()).anyMatch(op -> op.type() == OpType.FAIL && op.error() != null
                && op.error().contains("engine has stopped"));
        List<Op> faults = result.history().stream().filter(op -> op.isNemesis() && op.f().equals(kind.cliName())).toList();
        assertThat(faults).isNotEmpty();
        for (int i = 0; i + 1 < faults.size(); i += 2) {
            assertThat(faults.get(i + 1).time() - faults.get(i).time()).isEqualTo(Latency.RECOVERY_NANOS);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = NemesisKind.class, names = {"NET_DROP", "NET_RESET", "NET_BLACKHOLE"})
    void aLostRequestOrAnswerIsInfo(NemesisKind kind) throws Exception {
        SimResult result = Simulation.run(underFaults("register", List.of(kind), 4));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        List<Op> lost = result.history().stream()
                .filter(op -> op.error() != null && op.error().contains("(" + kind.cliName() + ")")).toList();
        assertThat(lost).isNotEmpty().allMatch(op -> op.type() == OpType.INFO);
        if (kind != NemesisKind.NET_BLACKHOLE) {
            assertThat(lost).anyMatch(op -> op.error().contains("response lost"))
                    .anyMatch(op -> op.error().contains("request lost"));
        }
    }

    @Test
    void aNetworkDelayMakesOperationsSlower() throws Exception {
        SimResult result = Simulation.run(underFaults("register", List.of(NemesisKind.NET_DELAY), 5));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        Map<Integer, Long> invoked = new HashMap<>();
        long slowest = 0;
        for (Op op : result.history()) {
            if (op.isNemesis()) {
                continue;
            }
            if (op.type() == OpType.INVOKE) {
                invoked.put(op.process(), op.time());
            } else {
                slowest = Math.max(slowest, op.time() - invoked.get(op.process()));
            }
        }
        assertThat(slowest).isGreaterThan(Duration.ofMillis(5).toNanos());
    }
}
