package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.nemesis.NemesisKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;

/**
 * The correct engine, simulated: whatever the workload, the clients, the keys, the replica lag and
 * the faults (kinds, how often), every run's verdict is valid. jqwik generates the run's shape as
 * structure, so a failure shrinks to the fewest faults, clients and keys and the shortest run that
 * still fail; the seed inside only feeds the simulation's own draws.
 */
class SimCorrectEngineProperties {
    /** The workloads whose checkers decide on a short run (hot-key's needs whole seconds at full speed). */
    private static final List<String> WORKLOADS = List.of("register", "eventual-register", "list-append",
            "list-append-single", "rw-register", "bank", "set", "counter", "idempotency");

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void everyRunOfTheCorrectEngineIsValid(@ForAll("runs") SimSpec spec) throws Exception {
        SimResult result = Simulation.run(spec);
        // a checker that could not decide says unknown; only invalid is a counterexample
        assertThat(result.validity()).as("%s%n%s", spec, result.summary()).isNotEqualTo(Validity.INVALID);
    }

    @Provide
    Arbitrary<SimSpec> runs() {
        Arbitrary<Faults> faults = Combinators.combine(
                Arbitraries.of(NemesisKind.class).list().uniqueElements().ofMaxSize(4),
                Arbitraries.integers().between(50, 500)).as(Faults::new);
        Arbitrary<ReplicaLag> lag = Arbitraries.oneOf(Arbitraries.just(ReplicaLag.NONE),
                Arbitraries.longs().between(1, 200).map(ms -> new ReplicaLag.Uniform(0, ms * 1_000_000)),
                Arbitraries.longs().between(1, 100).map(ms -> new ReplicaLag.Exponential(ms * 1_000_000)));
        return Builders.withBuilder(() -> SimSpec.of("register", 1))
                .use(Arbitraries.of(WORKLOADS)).in((spec, workload) -> SimSpec.of(workload, spec.seed()))
                .use(Arbitraries.longs()).in(SimSpec::withSeed)
                .use(Arbitraries.integers().between(1, 8)).in(SimSpec::withConcurrency)
                .use(Arbitraries.integers().between(2, 12)).in(SimSpec::withKeys)
                .use(Arbitraries.integers().between(100, 800)).in((spec, ms) -> spec.withTimeLimit(Duration.ofMillis(ms)))
                .use(lag).in(SimSpec::withReplicaLag)
                .use(faults).in((spec, f) -> spec.withNemesis(f.kinds(), Duration.ofMillis(f.intervalMillis())))
                .build();
    }

    /** The faults of a run: which kinds the nemesis draws from, and how long it waits between them. */
    record Faults(List<NemesisKind> kinds, int intervalMillis) {
    }
}
