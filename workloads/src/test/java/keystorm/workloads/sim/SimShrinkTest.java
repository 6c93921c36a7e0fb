package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import keystorm.checker.Validity;
import keystorm.engine.fault.Bug;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every seeded bug the simulation reaches is found within a few seeds and shrunk to a history a
 * person reads in a minute (at most 20 operations), which fails again when its schedule is
 * replayed, the same bytes every time. The capacity bug is the exception: its anomaly is a count
 * (more accepted than a partition allows in a second), so no short history shows it.
 */
class SimShrinkTest {
    private static final int SEEDS = 10;

    static Stream<Arguments> bugs() {
        return Stream.of(
                Arguments.of(Bug.LOST_UPDATE, SimSpec.of("register", 1).withKeys(3).withConcurrency(10).withRate(5_000)),
                Arguments.of(Bug.STALE_STRONG_READ, SimSpec.of("register", 1).withKeys(3)
                        .withReplicaLag(new ReplicaLag.Uniform(0, 10_000_000))),
                Arguments.of(Bug.TORN_TRANSACTION, SimSpec.of("bank", 1)),
                Arguments.of(Bug.DIRTY_TRANSACT_GET, SimSpec.of("list-append", 1)),
                Arguments.of(Bug.IGNORE_REQUEST_TOKEN, SimSpec.of("idempotency", 1)
                        .withNemesis(List.of(NemesisKind.NET_DROP), Duration.ofMillis(200))),
                Arguments.of(Bug.ACK_BEFORE_SYNC, SimSpec.of("register", 1).withKeys(20).withConcurrency(10)
                        .withTimeLimit(Duration.ofSeconds(4)).withNemesis(List.of(NemesisKind.CRASH), Duration.ofMillis(1_500))),
                Arguments.of(Bug.STALE_FAILOVER, SimSpec.of("register", 1).withKeys(20).withConcurrency(10)
                        .withTimeLimit(Duration.ofSeconds(3)).withReplicaLag(new ReplicaLag.Exponential(100_000_000))
                        .withNemesis(List.of(NemesisKind.FAILOVER), Duration.ofMillis(200))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bugs")
    void foundAndShrunkToAtMostTwentyOperations(Bug bug, SimSpec spec) throws Exception {
        Hunt.Report report = Hunt.run(new Hunt.Spec(spec.withBugs(Set.of(bug)), false, Set.of(), 1, SEEDS,
                Duration.ofMinutes(5)), line -> { });
        assertThat(report.found()).as("%s within %d seeds", bug, SEEDS).isNotNull();
        Schedule failing = report.found().result().schedule();

        Shrinker.Outcome outcome = Shrinker.shrink(failing, 1_000);
        assertThat(outcome.minimalOperations()).as(Shrinker.render(outcome)).isLessThanOrEqualTo(20)
                .isLessThan(outcome.originalOperations());
        assertThat(outcome.result().validity()).isEqualTo(Validity.INVALID);

        // The minimal schedule, written and read back, replays to the same failing history.
        SimResult again = Simulation.replay(Schedule.fromJson(outcome.minimal().toJson()));
        assertThat(again.validity()).isEqualTo(Validity.INVALID);
        assertThat(again.historySha256()).isEqualTo(outcome.result().historySha256());
        // And it is the bug's: the correct engine passes the same minimal schedule.
        Schedule.Parameters p = outcome.minimal().parameters();
        Schedule withoutBug = new Schedule(new Schedule.Parameters(p.seed(), p.workload(), p.workloadSeed(), p.keys(),
                p.keyDistribution(), p.tablePrefix(), p.consistencyModel(), p.concurrency(), p.timeLimit(), p.rate(),
                p.nemesis(), p.nemesisInterval(), Set.of(), p.replicaLag(), p.sync(), p.engineSeed()),
                outcome.minimal().steps(), outcome.minimal().mainEndNanos(), outcome.minimal().finalEndNanos());
        assertThat(Simulation.replay(withoutBug).validity()).isNotEqualTo(Validity.INVALID);
    }

    @Test
    void shrinkingIsDeterministic() throws Exception {
        SimSpec spec = SimSpec.of("bank", 3).withBugs(Set.of(Bug.TORN_TRANSACTION));
        Schedule failing = Simulation.run(spec).schedule();
        Shrinker.Outcome first = Shrinker.shrink(failing, 500);
        Shrinker.Outcome second = Shrinker.shrink(failing, 500);
        assertThat(second.minimal().toJson()).isEqualTo(first.minimal().toJson());
        assertThat(second.tests()).isEqualTo(first.tests());
    }

    @Test
    void theBudgetIsKeptAndTheBestSoFarAnswered() throws Exception {
        SimSpec spec = SimSpec.of("bank", 3).withBugs(Set.of(Bug.TORN_TRANSACTION));
        Schedule failing = Simulation.run(spec).schedule();
        Shrinker.Outcome outcome = Shrinker.shrink(failing, 3);
        assertThat(outcome.tests()).isEqualTo(3);
        assertThat(outcome.exhausted()).isTrue();
        assertThat(outcome.result().validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void aPassingRunCannotBeShrunk() throws Exception {
        Schedule passing = Simulation.run(SimSpec.of("bank", 3)).schedule();
        assertThatThrownBy(() -> Shrinker.shrink(passing, 50)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("did not fail");
    }

    @Test
    void theMinimalHistoryIsExplained() throws Exception {
        SimSpec spec = SimSpec.of("register", 1).withKeys(3).withConcurrency(10).withRate(5_000)
                .withBugs(Set.of(Bug.LOST_UPDATE));
        Hunt.Report report = Hunt.run(new Hunt.Spec(spec, false, Set.of(), 1, SEEDS, Duration.ofMinutes(5)), line -> { });
        Shrinker.Outcome outcome = Shrinker.shrink(report.found().result().schedule(), 1_000);
        String explained = SimRun.explain(outcome.result());
        // two compare-and-sets from the same value both succeeded: the lost update
        assertThat(explained).containsPattern("cas +\\[\"k\\w+\",\\[(\\d+),\\d+\\]\\][^\\n]*-> ok[\\s\\S]*cas +\\[\"k\\w+\",\\[\\1,\\d+\\]\\][^\\n]*-> ok")
                .contains("invalid");
    }
}
