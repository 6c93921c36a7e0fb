package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;
import keystorm.checker.op.SetOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** A linearizable set, run concurrently, is valid; drop one acknowledged element from a final read and it is lost. */
class SetProperties {
    record Spec(boolean read, Outcome outcome, boolean atInvocation, boolean infoApplied) {
    }

    /** A grow-only set, read whole. */
    static final class Store implements Simulation.Store {
        final Set<Long> elements = new TreeSet<>();

        @Override
        public Payload apply(Simulation.Planned planned, int process) {
            return switch ((SetOp) planned.op()) {
                case SetOp.Add add -> {
                    elements.add(add.element());
                    yield add;
                }
                case SetOp.Read read -> new SetOp.Read(elements);
            };
        }
    }

    @Provide
    Arbitrary<List<Spec>> plans() {
        return Combinators.combine(Arbitraries.integers().between(0, 3).map(i -> i == 0), Simulation.outcomes(),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> schedules() {
        return Simulation.schedules(4);
    }

    static Simulation simulate(List<Spec> specs, List<Integer> schedule) {
        List<Simulation.Planned> plan = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            Payload op = spec.read() ? new SetOp.Read(null) : new SetOp.Add(i);
            plan.add(new Simulation.Planned(op, spec.outcome(), spec.atInvocation(), spec.infoApplied(), 0));
        }
        return new Simulation(new Store()).run(plan, schedule, 4);
    }

    @Property(tries = 300)
    void aLinearizableSetIsValid(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new SetOp.Read(null));
        SetResult result = new SetChecker().check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.lost().count() + result.stale().count() + result.unexpected().count()).isZero();
    }

    @Property(tries = 300)
    void anAcknowledgedElementDroppedFromTheFinalReadIsLost(@ForAll("plans") List<Spec> specs,
                                                            @ForAll("schedules") List<Integer> schedule,
                                                            @ForAll int pick) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new SetOp.Add(1_000_000));
        Set<Long> seen = new TreeSet<>(((SetOp.Read) simulation.call(new SetOp.Read(null))).elements());
        List<Long> acknowledged = acknowledged(simulation.history());
        long victim = acknowledged.get(Math.floorMod(pick, acknowledged.size()));
        seen.remove(victim);
        SetResult result = new SetChecker().check(simulation.forge(new SetOp.Read(null), new SetOp.Read(seen)).history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.lost().count()).isEqualTo(1);
        assertThat(result.lost().elements()).containsExactly(victim);
    }

    private static List<Long> acknowledged(History history) {
        return history.ops().stream().filter(op -> op.type() == OpType.OK && op.f().equals("add"))
                .map(op -> op.value().longValue()).toList();
    }
}
