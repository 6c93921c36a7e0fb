package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.IdempotencyOp;
import keystorm.checker.op.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * A store that applies each token once and refuses a token's reuse with other actions, under
 * retries and concurrency, is valid; a final read with an acknowledged element twice is a duplicate.
 */
class IdempotencyProperties {
    /** kind 0: submit (retrying the token if it was seen), 1: mismatch of the token, 2: read. */
    record Spec(int kind, int token, Outcome outcome, boolean atInvocation, boolean infoApplied) {
    }

    static final class Store implements Simulation.Store {
        final Set<String> applied = new HashSet<>();
        final List<Long> list = new ArrayList<>();

        @Override
        public Payload apply(Simulation.Planned planned, int process) {
            return switch ((IdempotencyOp) planned.op()) {
                case IdempotencyOp.Submit submit -> {
                    if (applied.add(submit.token())) {
                        list.add(submit.element());
                    }
                    yield submit;
                }
                case IdempotencyOp.Mismatch mismatch -> applied.contains(mismatch.token())
                        ? new IdempotencyOp.Mismatch(mismatch.token(), mismatch.element(), true)
                        : null; // a token the store never applied: this is no retry, and the test refuses it
                case IdempotencyOp.Read read -> new IdempotencyOp.Read(list);
            };
        }
    }

    @Provide
    Arbitrary<List<Spec>> plans() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 5),
                Simulation.outcomes(), Arbitraries.of(true, false), Arbitraries.of(true, false))
                .as(Spec::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> schedules() {
        return Simulation.schedules(4);
    }

    static Simulation simulate(List<Spec> specs, List<Integer> schedule) {
        List<Simulation.Planned> plan = new ArrayList<>();
        Map<Integer, Integer> attempts = new HashMap<>();
        for (int i = 0; i < specs.size(); i++) {
            Spec spec = specs.get(i);
            String token = "t" + spec.token();
            Payload op = switch (spec.kind()) {
                case 0 -> new IdempotencyOp.Submit(token, spec.token(), attempts.merge(spec.token(), 1, Integer::sum));
                case 1 -> new IdempotencyOp.Mismatch(token, 1000 + i, null);
                default -> new IdempotencyOp.Read(null);
            };
            plan.add(new Simulation.Planned(op, spec.outcome(), spec.atInvocation(), spec.infoApplied(), 0));
        }
        return new Simulation(new Store()).run(plan, schedule, 4);
    }

    @Property(tries = 300)
    void anIdempotentStoreIsValid(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new IdempotencyOp.Read(null));
        IdempotencyResult result = new IdempotencyChecker().check(simulation.history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.findings()).isEmpty();
    }

    @Property(tries = 300)
    void aRetryAppliedTwiceIsADuplicate(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule,
                                        @ForAll int pick) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new IdempotencyOp.Submit("fresh", 999, 1));
        List<Long> seen = new ArrayList<>(((IdempotencyOp.Read) simulation.call(new IdempotencyOp.Read(null))).elements());
        List<Long> acknowledged = simulation.history().ops().stream()
                .filter(op -> op.type() == OpType.OK && op.f().equals("submit"))
                .map(op -> op.value().get("element").longValue()).distinct().toList();
        long victim = acknowledged.get(Math.floorMod(pick, acknowledged.size()));
        seen.add(Math.floorMod(pick, seen.size() + 1), victim);
        IdempotencyResult result = new IdempotencyChecker().check(
                simulation.forge(new IdempotencyOp.Read(null), new IdempotencyOp.Read(seen)).history());
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(IdempotencyResult.Kind.DUPLICATE);
            assertThat(f.element()).isEqualTo(victim);
        });
    }
}
