package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.Targets;
import keystorm.workloads.nemesis.NemesisKind;
import keystorm.workloads.runner.TestConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The simulation's promise (Cassandra Accord's burn test, FoundationDB's simulator): one seed is
 * one run. For every workload, with no nemesis and with every kind of fault but the crashes, a
 * seed run twice gives the same history byte for byte, another seed another history, and the
 * recorded schedule (through its JSON) replays the same history again; likewise with every kind
 * of fault for two workloads. (A crash makes the engine durable, and with sync always every write
 * waits for an fsync: on a slow disk the crash cells cost seconds each.)
 */
class SimDeterminismTest {
    static final List<NemesisKind> EVERY_FAULT = List.of(NemesisKind.values());
    static final List<NemesisKind> EVERY_FAULT_BUT_CRASHES = EVERY_FAULT.stream()
            .filter(kind -> kind != NemesisKind.CRASH && kind != NemesisKind.KILL).toList();

    @TempDir
    Path dir;

    static Stream<Arguments> cells() {
        List<Arguments> cells = new ArrayList<>();
        for (String workload : Workloads.names()) {
            cells.add(Arguments.of(workload, List.of()));
            cells.add(Arguments.of(workload, EVERY_FAULT_BUT_CRASHES));
        }
        cells.add(Arguments.of("register", EVERY_FAULT));
        cells.add(Arguments.of("bank", EVERY_FAULT));
        return cells.stream();
    }

    static SimSpec spec(String workload, List<NemesisKind> nemesis, long seed) {
        return SimSpec.of(workload, seed).withTimeLimit(Duration.ofMillis(600)).withNemesis(nemesis, Duration.ofMillis(60))
                .withCheck(false);
    }

    @ParameterizedTest(name = "{0} with nemesis {1}")
    @MethodSource("cells")
    void aSeedIsOneRunAndItsScheduleReplaysIt(String workload, List<NemesisKind> nemesis) throws Exception {
        SimResult first = Simulation.run(spec(workload, nemesis, 11));
        SimResult again = Simulation.run(spec(workload, nemesis, 11));
        SimResult other = Simulation.run(spec(workload, nemesis, 12));
        Schedule schedule = Schedule.fromJson(first.schedule().toJson());
        SimResult replayed = Simulation.replay(schedule, null, false);

        assertSound(first.history());
        assertThat(first.statistics().operations()).isGreaterThan(100);
        assertThat(first.statistics().abandoned()).isZero();
        if (!nemesis.isEmpty()) {
            assertThat(first.statistics().faults()).isGreaterThan(3);
        }
        assertThat(again.historySha256()).isEqualTo(first.historySha256());
        assertThat(other.historySha256()).isNotEqualTo(first.historySha256());
        // (compared as booleans: a failing comparison of two schedules would print both, megabytes)
        assertThat(schedule.equals(first.schedule())).as("the schedule reads back from its JSON as itself").isTrue();
        assertThat(replayed.historySha256()).isEqualTo(first.historySha256());
        assertThat(replayed.schedule().equals(first.schedule())).as("the replay's schedule is the run's").isTrue();
    }

    /**
     * Time never goes back, each process alternates invocation and completion (nemesis too), and a
     * process that ended info never invokes again.
     */
    static void assertSound(List<Op> history) {
        // plain checks: an assertion object per event costs seconds over these tests' histories
        Map<Integer, Op> open = new HashMap<>();
        Set<Integer> retired = new HashSet<>();
        long time = 0;
        for (int i = 0; i < history.size(); i++) {
            Op op = history.get(i);
            if (op.index() != i || op.time() < time) {
                throw new AssertionError("event " + i + " out of order: " + op);
            }
            time = op.time();
            if (op.type() == OpType.INVOKE) {
                if (retired.contains(op.process()) || open.put(op.process(), op) != null) {
                    throw new AssertionError("process " + op.process() + " invoked while it may not: " + op);
                }
            } else {
                Op invocation = open.remove(op.process());
                if (invocation == null || !invocation.f().equals(op.f())) {
                    throw new AssertionError("a completion without its invocation: " + op);
                }
                if (op.type() == OpType.INFO && !op.isNemesis()) {
                    retired.add(op.process());
                }
            }
        }
        assertThat(open).as("operations without a completion").isEmpty();
    }

    @Test
    void theHistoryFileHoldsTheHistoryByteForByte() throws Exception {
        Path file = dir.resolve("runs/history.jsonl");
        SimResult result = Simulation.run(spec("register", List.of(NemesisKind.PAUSE), 3).withHistory(file));
        assertThat(result.historyFile()).isEqualTo(file);
        assertThat(Files.readAllBytes(file)).isEqualTo(result.historyBytes());
    }

    /**
     * A shrinker's candidate: every third client step and all faults but the first two removed. It
     * runs, every step that is left runs, a fault left without its end is healed at the end of the
     * main phase, and the candidate is itself one run.
     */
    @Test
    void aScheduleWithStepsRemovedStillRunsAndIsItselfOneRun() throws Exception {
        SimResult original = Simulation.run(spec("register", List.of(NemesisKind.PAUSE, NemesisKind.NET_BLACKHOLE), 5));
        List<Schedule.Step> kept = new ArrayList<>();
        int clients = 0;
        int faults = 0;
        for (Schedule.Step step : original.schedule().steps()) {
            boolean keep = switch (step) {
                case Schedule.ClientStep c -> clients++ % 3 != 0;
                case Schedule.FaultStep f -> faults++ < 2;
            };
            if (keep) {
                kept.add(step);
            }
        }
        assertThat(faults).isGreaterThan(2);
        Schedule candidate = original.schedule().withSteps(kept);
        SimResult shrunk = Simulation.replay(candidate, null, true);
        SimResult again = Simulation.replay(candidate, null, false);

        long keptClients = kept.stream().filter(s -> s instanceof Schedule.ClientStep).count();
        assertThat(shrunk.statistics().operations()).isEqualTo(keptClients);
        assertThat(shrunk.schedule().steps()).hasSameSizeAs(kept);
        assertThat(shrunk.statistics().abandoned()).isZero();
        assertThat(again.historySha256()).isEqualTo(shrunk.historySha256());
        assertThat(shrunk.historySha256()).isNotEqualTo(original.historySha256());
        // the two faults kept (a fault and its end, or two starts), and the heal-all, each invoked and completed
        List<Op> nemesis = shrunk.history().stream().filter(Op::isNemesis).toList();
        assertThat(nemesis).hasSize(6);
        assertThat(nemesis.getLast().f()).isEqualTo("heal-all");
        assertThat(nemesis.getLast().type()).isEqualTo(OpType.OK);
        // each step at its time or later, never earlier
        for (int i = 0; i < kept.size(); i++) {
            assertThat(shrunk.schedule().steps().get(i).nanos()).isGreaterThanOrEqualTo(kept.get(i).nanos());
        }
    }

    @Test
    void aTestConfigurationSimulatesAsItsFlagsSay() {
        TestConfig config = new TestConfig("bank", new Targets.Target.Embedded(), List.of(NemesisKind.PAUSE),
                Duration.ofSeconds(2), Duration.ofSeconds(7), 6, 500, 4, "zipf:0.9", 77, java.util.Set.of(), null,
                dir, false, 20, keystorm.engine.wal.SyncPolicy.ALWAYS, List.of(), "us-east-1", false);
        SimSpec spec = SimSpec.of(config, dir.resolve("h.jsonl"));
        assertThat(spec.workload()).isEqualTo("bank");
        assertThat(spec.seed()).isEqualTo(77);
        assertThat(spec.options().keys()).isEqualTo(4);
        assertThat(spec.options().keyDistribution()).isInstanceOf(keystorm.workloads.keys.KeyDistribution.Zipf.class);
        assertThat(spec.concurrency()).isEqualTo(6);
        assertThat(spec.timeLimit()).isEqualTo(Duration.ofSeconds(7));
        assertThat(spec.rate()).isEqualTo(500);
        assertThat(spec.nemesis()).containsExactly(NemesisKind.PAUSE);
        assertThat(spec.nemesisInterval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(spec.replicaLag()).isEqualTo(new keystorm.engine.partition.ReplicaLag.Uniform(0, 20_000_000));
        assertThat(spec.history()).isEqualTo(dir.resolve("h.jsonl"));
        assertThat(spec.check()).isTrue();
    }

    @Test
    void everySeedDerivesFromTheRunsSeed() {
        SimSpec spec = SimSpec.of("set", 42);
        assertThat(spec.options().seed()).isEqualTo(42);
        assertThat(spec.options().tablePrefix()).isEqualTo(SimSpec.of("set", 42).options().tablePrefix())
                .isNotEqualTo(SimSpec.of("set", 43).options().tablePrefix()).matches("ks-[0-9a-f]{8}-");
        assertThat(spec.parameters().engineSeed()).isNotEqualTo(spec.withSeed(43).parameters().engineSeed());
    }
}
