package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class DeltaDebuggingProperties {
    /** A list of distinct elements and the ones the failure needs (a subset of them). */
    record Case(List<Integer> items, Set<Integer> needed) {
    }

    @Provide
    Arbitrary<Case> cases() {
        return Arbitraries.integers().between(1, 200).flatMap(size -> {
            List<Integer> items = new ArrayList<>();
            for (int i = 0; i < size; i++) {
                items.add(i);
            }
            return Arbitraries.of(items).set().ofMinSize(1).ofMaxSize(Math.min(size, 6))
                    .map(needed -> new Case(items, needed));
        });
    }

    @Property(tries = 300)
    void aFailureThatNeedsSomeElementsShrinksToExactlyThem(@ForAll("cases") Case c) {
        DeltaDebugging<Integer> dd = new DeltaDebugging<>(kept -> kept.containsAll(c.needed()), 100_000);
        List<Integer> minimal = dd.minimize(c.items());
        assertThat(new HashSet<>(minimal)).isEqualTo(c.needed());
        assertThat(minimal).isSorted(); // original order kept
    }

    @Property(tries = 200)
    void theAnswerIsOneMinimalAndStillFails(@ForAll("cases") Case c, @ForAll("thresholds") int threshold) {
        // Fails while at least `threshold` of the needed elements are kept: many minimal answers exist.
        int need = Math.min(threshold, c.needed().size());
        java.util.function.Predicate<List<Integer>> fails =
                kept -> kept.stream().filter(c.needed()::contains).count() >= need;
        List<Integer> minimal = new DeltaDebugging<>(fails, 100_000).minimize(c.items());
        assertThat(fails.test(minimal)).isTrue();
        for (int i = 0; i < minimal.size(); i++) {
            List<Integer> fewer = new ArrayList<>(minimal);
            fewer.remove(i);
            assertThat(fails.test(fewer)).as("removing %s", minimal.get(i)).isFalse();
        }
    }

    @Provide
    Arbitrary<Integer> thresholds() {
        return Arbitraries.integers().between(1, 6);
    }

    @Test
    void theBudgetBoundsTheTestsAndTheBestSoFarIsAnswered() {
        List<Integer> items = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            items.add(i);
        }
        AtomicInteger calls = new AtomicInteger();
        DeltaDebugging<Integer> dd = new DeltaDebugging<>(kept -> {
            calls.incrementAndGet();
            return kept.contains(3) && kept.contains(400);
        }, 5);
        List<Integer> answer = dd.minimize(items);
        assertThat(calls.get()).isEqualTo(5);
        assertThat(dd.exhausted()).isTrue();
        assertThat(answer).contains(3, 400);
        assertThat(answer.size()).isLessThan(1000);
    }

    @Test
    void aSingleElementIsAlreadyMinimal() {
        DeltaDebugging<String> dd = new DeltaDebugging<>(kept -> !kept.isEmpty(), 10);
        assertThat(dd.minimize(List.of("a"))).containsExactly("a");
        assertThat(dd.tests()).isZero();
    }

    @Property(tries = 50)
    void memoizedTestsAreNotRunTwice(@ForAll("cases") Case c) {
        Set<List<Integer>> asked = new HashSet<>();
        AtomicInteger repeats = new AtomicInteger();
        new DeltaDebugging<Integer>(kept -> {
            if (!asked.add(kept)) {
                repeats.incrementAndGet();
            }
            return kept.containsAll(c.needed());
        }, 100_000).minimize(c.items());
        assertThat(repeats.get()).isZero();
    }

}
