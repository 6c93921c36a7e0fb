package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import keystorm.checker.Validity;
import keystorm.checker.op.BankOp;
import keystorm.checker.op.Payload;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * A bank whose transfers are atomic and conditional, read by transactions and by Scans that
 * read account a first and the others later (so a Scan may see a transfer half done), is valid;
 * change one balance of a final transactional read and it is a wrong total.
 */
class BankProperties {
    static final List<String> ACCOUNTS = List.of("a", "b", "c");
    static final long TOTAL = 30;

    record Spec(int kind, int from, int to, int amount, Outcome outcome, boolean atInvocation, boolean infoApplied) {
    }

    static final class Store implements Simulation.Store {
        final Map<String, Long> balances = new TreeMap<>(Map.of("a", 10L, "b", 10L, "c", 10L));
        final Map<Integer, Long> scanned = new HashMap<>();

        @Override
        public void invoked(Simulation.Planned planned, int process) {
            scanned.put(process, balances.get("a"));
        }

        @Override
        public Payload apply(Simulation.Planned planned, int process) {
            return switch ((BankOp) planned.op()) {
                case BankOp.Transfer t -> {
                    if (balances.get(t.from()) < t.amount()) {
                        yield null; // the condition fails: nothing moves
                    }
                    balances.merge(t.from(), -t.amount(), Long::sum);
                    balances.merge(t.to(), t.amount(), Long::sum);
                    yield t;
                }
                case BankOp.Read read -> {
                    Map<String, Long> seen = new TreeMap<>(balances);
                    if (read.how() == BankOp.ReadKind.SCAN) {
                        seen.put("a", scanned.get(process));
                    }
                    yield new BankOp.Read(read.how(), seen);
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Spec>> plans() {
        return Combinators.combine(Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(1, 2), Arbitraries.integers().between(1, 12), Simulation.outcomes(),
                Arbitraries.of(true, false), Arbitraries.of(true, false)).as(Spec::new).list().ofMinSize(1).ofMaxSize(60);
    }

    @Provide
    Arbitrary<List<Integer>> schedules() {
        return Simulation.schedules(4);
    }

    static Simulation simulate(List<Spec> specs, List<Integer> schedule) {
        List<Simulation.Planned> plan = new ArrayList<>();
        for (Spec spec : specs) {
            Payload op = switch (spec.kind()) {
                case 0 -> new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, null);
                case 1 -> new BankOp.Read(BankOp.ReadKind.SCAN, null);
                default -> new BankOp.Transfer(ACCOUNTS.get(spec.from()), ACCOUNTS.get((spec.from() + spec.to()) % 3),
                        spec.amount());
            };
            plan.add(new Simulation.Planned(op, spec.outcome(), spec.atInvocation(), spec.infoApplied(), 0));
        }
        return new Simulation(new Store()).run(plan, schedule, 4);
    }

    static BankResult check(Simulation simulation) {
        return new BankChecker(TOTAL, java.util.Set.copyOf(ACCOUNTS)).check(simulation.history());
    }

    @Property(tries = 300)
    void anAtomicBankIsValid(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule) {
        Simulation simulation = simulate(specs, schedule);
        simulation.call(new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, null));
        BankResult result = check(simulation);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.findings()).isEmpty();
        assertThat(result.readSkew()).isLessThanOrEqualTo(result.scans());
    }

    @Property(tries = 300)
    void aChangedBalanceIsAWrongTotal(@ForAll("plans") List<Spec> specs, @ForAll("schedules") List<Integer> schedule,
                                      @ForAll @IntRange(min = 0, max = 2) int account,
                                      @ForAll @IntRange(min = 1, max = 5) int change, @ForAll boolean up) {
        Simulation simulation = simulate(specs, schedule);
        BankOp.Read read = (BankOp.Read) simulation.call(new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, null));
        Map<String, Long> changed = new TreeMap<>(read.balances());
        changed.merge(ACCOUNTS.get(account), (long) (up ? change : -change), Long::sum);
        simulation.forge(new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, null),
                new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, changed));
        BankResult result = check(simulation);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.counts()).containsEntry("wrong-total", 1);
    }
}
