package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.op.Payload;
import keystorm.checker.op.RegisterOp;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Registers whose reads lag behind by up to three versions (a lagging replica) are valid however
 * stale; a read of a value never written, or written only after the read, is caught.
 */
class EventualRegisterProperties {
    static final List<String> KEYS = List.of("x", "y");

    record Spec(boolean read, int key, int lag, Outcome outcome, boolean atInvocation, boolean infoApplied) {
    }

    /** Every key's applied versions; a read is served {@code lag} versions behind the newest. */
    static final class Store implements Simulation.Store {
        final Map<String, List<JsonNode>> versions = new HashMap<>();

        @Override
        public Payload apply(Simulation.Planned planned, int process) {
            Payload.Keyed keyed = (Payload.Keyed) planned.op();
            List<JsonNode> key = versions.computeIfAbsent(keyed.key(), k -> new ArrayList<>());
            return switch ((RegisterOp) keyed.value()) {
                case RegisterOp.Write write -> {
                    key.add(write.value());
                    yield keyed;
                }
                case RegisterOp.Read read -> {
                    int version = key.size() - 1 - planned.lag();
                    yield new Payload.Keyed(keyed.key(),
                            new RegisterOp.Read(version < 0 ? NullNode.getInstance() : key.get(version)));
                }
                case RegisterOp.Cas cas -> throw new AssertionError("not generated");
            };
        }
    }

    @Provide
    Arbitrary<List<Spec>> plans() {
        return Combinators.combine(Arbitraries.of(true, false), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(0, 3), Simulation.outcomes(), Arbitraries.of(true, false),
                Arbitraries.of(true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> schedules() {
        return Simulation.schedules(4);
    }

    static Simulation simulate(List<Spec> specs, List<Integer> schedule) {
        List<Simulation.Planned> plan = new ArrayList<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            RegisterOp op = spec.read() ? new RegisterOp.Read(null) : new RegisterOp.Write(LongNode.valueOf(i));
            plan.add(new Simulation.Planned(new Payload.Keyed(KEYS.get(spec.key()), op), spec.outcome(),
                    spec.atInvocation(), spec.infoApplied(), spec.lag()));
        }
        return new Simulation(new Store()).run(plan, schedule, 4);
    }

    @Property(tries = 300)
    void laggingReadsAreValid(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new Payload.Keyed("x", new RegisterOp.Read(null)));
        EventualRegisterResult result = new EventualRegisterChecker().check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.findings()).isEmpty();
        assertThat(result.stalenessVersions().count()).isLessThanOrEqualTo(result.reads());
    }

    @Property(tries = 300)
    void aValueNeverWrittenOrWrittenLaterIsCaught(@ForAll("plans") List<Spec> specs,
                                                  @ForAll("schedules") List<Integer> schedule, @ForAll boolean later,
                                                  @ForAll boolean onX) {
        Simulation simulation = simulate(specs, schedule);
        String key = onX ? "x" : "y";
        JsonNode value = LongNode.valueOf(1_000_000);
        simulation.forge(new Payload.Keyed(key, new RegisterOp.Read(null)), new Payload.Keyed(key, new RegisterOp.Read(value)));
        if (later) {
            simulation.call(new Payload.Keyed(key, new RegisterOp.Write(value)));
        }
        EventualRegisterResult result = new EventualRegisterChecker().check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(later ? EventualRegisterResult.Kind.FUTURE_READ
                    : EventualRegisterResult.Kind.GARBAGE_READ);
            assertThat(f.key()).isEqualTo(key);
        });
    }
}
