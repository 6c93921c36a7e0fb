package keystorm.workloads.generator;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.BitSet;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The combinators' contracts, against contexts built by hand: no interpreter, no clock. */
class GeneratorsTest {
    private static Generator<Integer> randomInts(long seed) {
        return Generators.random(seed, r -> r.nextInt(1_000));
    }

    @Property(tries = 50)
    void theSameSeedGivesTheSameOperations(@ForAll long seed, @ForAll @IntRange(min = 1, max = 16) int threads) {
        Generator<Integer> g = Generators.mix(seed, List.of(randomInts(seed), Generators.map(i -> -i, randomInts(seed + 1))));
        assertThat(Generators.take(g, threads, 200)).isEqualTo(Generators.take(g, threads, 200));
    }

    @Test
    void askingTwiceInTheSameStateAnswersTheSame() {
        Generator<Integer> g = Generators.stagger(Duration.ofMillis(5), 7, randomInts(3));
        Context context = Context.allFree(0, 4);
        assertThat(g.next(context)).isEqualTo(g.next(context));
    }

    @Test
    void aBusyThreadIsNeverChosen() {
        BitSet free = new BitSet();
        free.set(2);
        Next<Integer> next = randomInts(1).next(new Context(0, 4, free));
        assertThat(next).isInstanceOfSatisfying(Next.Emit.class, e -> assertThat(e.invocation().thread()).isEqualTo(2));
        assertThat(randomInts(1).next(new Context(0, 4, new BitSet()))).isInstanceOf(Next.Pending.class);
    }

    @Test
    void limitStopsAfterN() {
        assertThat(Generators.take(Generators.limit(3, randomInts(1)), 1, 10)).hasSize(3);
    }

    @Test
    void timeLimitEndsAtItsDeadlineCountedFromTheFirstAsk() {
        Generator<Integer> g = Generators.timeLimit(Duration.ofNanos(100), Generators.stagger(Duration.ofNanos(10), 1, randomInts(1)));
        List<Invocation<Integer>> ops = Generators.take(g, 1, 1_000);
        assertThat(ops).isNotEmpty().allSatisfy(op -> assertThat(op.nanos()).isLessThan(100));
    }

    @Test
    void staggerSpacesOperationsByAboutTheMean() {
        List<Invocation<Integer>> ops = Generators.take(Generators.stagger(Duration.ofNanos(1_000), 5, randomInts(1)), 1, 2_001);
        long span = ops.getLast().nanos() - ops.getFirst().nanos();
        assertThat(span / 2_000.0).isBetween(900.0, 1_100.0);
    }

    @Test
    void phasesWaitForEveryOperationBeforeTheNext() {
        Generator<Integer> g = Generators.phases(Generators.of(1), Generators.of(2));
        Next<Integer> first = g.next(Context.allFree(0, 2));
        Generator<Integer> rest = ((Next.Emit<Integer>) first).rest();
        BitSet busy = new BitSet();
        busy.set(1); // thread 0 still runs the first phase's operation
        assertThat(rest.next(new Context(1, 2, busy))).isInstanceOf(Next.Pending.class);
        assertThat(rest.next(Context.allFree(2, 2))).isInstanceOfSatisfying(Next.Emit.class,
                e -> assertThat(e.invocation().value()).isEqualTo(2));
    }

    @Test
    void reserveKeepsEachGeneratorToItsThreads() {
        Generator<Integer> g = Generators.reserve(1, Generators.random(1, r -> 0), Generators.random(2, r -> 1));
        for (Invocation<Integer> op : Generators.take(g, 3, 50)) {
            assertThat(op.value()).isEqualTo(op.thread() == 0 ? 0 : 1);
        }
    }

    @Test
    void sleepIsPendingUntilItsEnd() {
        Next<Integer> next = Generators.<Integer>sleep(Duration.ofNanos(50)).next(Context.allFree(10, 1));
        assertThat(next).isInstanceOfSatisfying(Next.Pending.class, p -> assertThat(p.wakeNanos()).isEqualTo(60));
    }

    @Test
    void seriesMakesEachGeneratorFromItsNumber() {
        Generator<Integer> g = Generators.series(i -> Generators.of(i * 10));
        assertThat(Generators.take(g, 1, 3)).extracting(Invocation::value).containsExactly(0, 10, 20);
    }

    @Test
    void aLateAskCatchesUpWithTheSchedule() {
        Generator<Integer> g = Generators.rate(1_000_000_000.0 / 100, 1, randomInts(1)); // one every 100 ns on average
        Next<Integer> first = g.next(Context.allFree(0, 1));
        Generator<Integer> rest = ((Next.Emit<Integer>) first).rest();
        // Asked 10,000 ns late: the next operation keeps its place in the schedule, not "now".
        Next<Integer> late = rest.next(Context.allFree(10_000, 1));
        assertThat(late).isInstanceOfSatisfying(Next.Emit.class,
                e -> assertThat(e.invocation().nanos()).isLessThan(10_000));
    }

    @Test
    void eachThreadRunsItsOwnGeneratorAndEndsWhenAllHave() {
        Generator<Integer> g = Generators.eachThread(thread -> Generators.of(thread * 10, thread * 10 + 1));
        List<Invocation<Integer>> ops = Generators.take(g, 3, 100);
        assertThat(ops).hasSize(6).allSatisfy(op -> assertThat(op.value() / 10).isEqualTo(op.thread()));
    }
}
