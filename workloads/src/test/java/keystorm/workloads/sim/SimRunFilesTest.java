package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import keystorm.checker.Evidence;
import keystorm.checker.Validity;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.engine.fault.Bug;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A simulation's results.json: the contract's fields of kind test beside its own (replay, hash, shrink). */
class SimRunFilesTest {
    static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    @Test
    void aFailingSimulationListsItsAnomaliesAsTheCheckersEvidence() throws Exception {
        SimRun.Outcome outcome = null;
        for (long seed = 1; seed <= 10; seed++) {
            outcome = SimRun.run(SimSpec.of("bank", seed).withBugs(Set.of(Bug.TORN_TRANSACTION)), null,
                    dir.resolve("s" + seed), "keystorm test --simulate --seed " + seed, 0);
            if (outcome.result().validity() == Validity.INVALID) {
                break;
            }
        }
        assertThat(outcome.result().validity()).isEqualTo(Validity.INVALID);
        JsonNode results = JSON.readTree(outcome.directory().resolve("results.json").toFile());
        assertThat(results.get("format").asInt()).isEqualTo(1);
        assertThat(results.get("kind").asText()).isEqualTo("test");
        assertThat(results.get("validity").asText()).isEqualTo("invalid");
        assertThat(results.get("checker").asText()).isEqualTo(outcome.result().check().render());
        List<Evidence> evidence = outcome.result().check().evidence();
        assertThat(evidence).isNotEmpty();
        assertThat(results.get("anomalies")).hasSize(evidence.size());
        for (int i = 0; i < evidence.size(); i++) {
            JsonNode anomaly = results.get("anomalies").get(i);
            assertThat(anomaly.get("kind").asText()).isEqualTo(evidence.get(i).kind());
            assertThat(anomaly.get("explanation").asText()).isEqualTo(evidence.get(i).explanation());
            List<Long> indices = new ArrayList<>();
            anomaly.get("indices").forEach(n -> indices.add(n.asLong()));
            assertThat(indices).isEqualTo(evidence.get(i).indices());
            assertThat(anomaly.has("figure")).isEqualTo(evidence.get(i).figure() != null);
        }
        // the simulation's own fields stay
        assertThat(results.get("historySha256").asText()).isEqualTo(outcome.historySha256());
        assertThat(results.get("replay").get("original").asText()).startsWith("keystorm test --simulate");
        assertThat(results.get("simulated").asBoolean()).isTrue();
    }

    @Test
    void itsFaultsAndLatenciesAreThoseOfItsHistoryInVirtualTime() throws Exception {
        SimRun.Outcome outcome = SimRun.run(SimSpec.of("register", 4).withTimeLimit(Duration.ofSeconds(3))
                .withNemesis(List.of(NemesisKind.FAILOVER), Duration.ofMillis(500)), null, dir.resolve("r"), "replay", 0);
        JsonNode results = JSON.readTree(outcome.directory().resolve("results.json").toFile());
        List<List<Object>> fromHistory = new ArrayList<>();
        Op open = null;
        long ok = 0;
        for (Op op : outcome.result().history()) {
            if (!op.isNemesis()) {
                ok += op.type() == OpType.OK ? 1 : 0;
            } else if (op.type() == OpType.INVOKE) {
                open = op;
            } else {
                fromHistory.add(List.of(open.time() / 1e9, op.time() / 1e9, op.f()));
            }
        }
        List<List<Object>> faults = new ArrayList<>();
        results.get("faults").forEach(f -> faults.add(List.of(f.get("start").asDouble(), f.get("end").asDouble(),
                f.get("fault").asText())));
        assertThat(faults).isEqualTo(fromHistory).isNotEmpty();
        assertThat(results.get("ok").asLong()).isEqualTo(ok);
        assertThat(results.get("latencyMillis").get("max").asDouble()).isGreaterThan(0)
                .isGreaterThanOrEqualTo(results.get("latencyMillis").get("p50").asDouble());
        assertThat(results.get("throughput").asDouble())
                .isEqualTo(outcome.result().statistics().operationsPerVirtualSecond());
        assertThat(results.get("errors").has("fail")).isTrue();
        assertThat(results.get("throttledShare").asDouble()).isBetween(0.0, 1.0);
        assertThat(results.get("anomalies")).isEmpty();
    }
}
