package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.op.CounterOp;
import keystorm.checker.op.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A linearizable counter with positive and negative adds is valid; a final read past any bound is caught. */
class CounterProperties {
    record Spec(boolean read, long delta, Outcome outcome, boolean atInvocation, boolean infoApplied) {
    }

    static final class Store implements Simulation.Store {
        long value;

        @Override
        public Payload apply(Simulation.Planned planned, int process) {
            return switch ((CounterOp) planned.op()) {
                case CounterOp.Add add -> {
                    value += add.delta();
                    yield add;
                }
                case CounterOp.Read read -> new CounterOp.Read(value);
            };
        }
    }

    @Provide
    Arbitrary<List<Spec>> plans() {
        return Combinators.combine(Arbitraries.integers().between(0, 2).map(i -> i == 0),
                Arbitraries.longs().between(-5, 5), Simulation.outcomes(), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> schedules() {
        return Simulation.schedules(4);
    }

    static Simulation simulate(List<Spec> specs, List<Integer> schedule) {
        List<Simulation.Planned> plan = new ArrayList<>();
        for (Spec spec : specs) {
            Payload op = spec.read() ? new CounterOp.Read(null) : new CounterOp.Add(spec.delta());
            plan.add(new Simulation.Planned(op, spec.outcome(), spec.atInvocation(), spec.infoApplied(), 0));
        }
        return new Simulation(new Store()).run(plan, schedule, 4);
    }

    @Property(tries = 300)
    void aLinearizableCounterIsValid(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new CounterOp.Read(null));
        CounterResult result = new CounterChecker(0).check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.findings()).isEmpty();
    }

    @Property(tries = 300)
    void aReadBeyondEveryAddIsOutOfBounds(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule,
                                          @ForAll boolean above) {
        Simulation simulation = simulate(specs, schedule);
        long reach = specs.stream().mapToLong(spec -> spec.read() ? 0 : Math.abs(spec.delta())).sum() + 1;
        simulation.forge(new CounterOp.Read(null), new CounterOp.Read(above ? reach : -reach));
        CounterResult result = new CounterChecker(0).check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).last().satisfies(f -> assertThat(f.value()).isEqualTo(above ? reach : -reach));
    }
}
