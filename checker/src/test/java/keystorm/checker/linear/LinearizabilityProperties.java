package keystorm.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.Values;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.constraints.IntRange;

/**
 * The checker against histories whose answer is known by construction: a sequential execution
 * spread into concurrent timings is linearizable; the same with one read corrupted to a value no
 * order can explain is not; and the verdicts do not depend on the number of threads.
 */
class LinearizabilityProperties {
    @Provide
    Arbitrary<String> models() {
        return Arbitraries.of("register", "cas-register", "counter", "set", "list");
    }

    static LinearResult check(String model, History history, boolean independent, int threads) {
        CheckerOptions options = CheckerOptions.defaults()
                .withModel(model, model.contains("register") ? Values.parse("0") : null)
                .withIndependent(independent).withThreads(threads).withExhaustive(true)
                .withTimeout(Duration.ofSeconds(20));
        return new LinearizabilityChecker(options).check(history);
    }

    @Property(tries = 200)
    void sequentialExecutionsSpreadConcurrentlyAreLinearizable(@ForAll("models") String model, @ForAll long seed,
                                                                @ForAll @IntRange(min = 0, max = 4) int overlap) {
        HistoryGenerator generator = new HistoryGenerator(seed);
        List<HistoryGenerator.Step> steps = generator.sequential(model, 1, 40);
        LinearResult result = check(model, generator.concurrent(steps, false, overlap), false, 1);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
    }

    @Property(tries = 200)
    void oneImpossibleReadMakesItNonLinearizable(@ForAll("models") String model, @ForAll long seed,
                                                 @ForAll @IntRange(min = 0, max = 2) int overlap) {
        // Proving a history non-linearizable means trying every order of the operations
        // concurrent with the bad read: exponential in the concurrency, hence shorter and less
        // concurrent histories here than above.
        HistoryGenerator generator = new HistoryGenerator(seed);
        List<HistoryGenerator.Step> corrupted = generator.corruptOneRead(generator.sequential(model, 1, 30), model);
        if (corrupted == null) {
            return;
        }
        LinearResult result = check(model, generator.concurrent(corrupted, false, overlap), false, 1);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        KeyVerdict key = result.keys().getFirst();
        assertThat(key.stuck()).isNotNull();
        assertThat(result.artifacts()).hasSize(1);
    }

    @Property(tries = 50)
    void verdictsDoNotDependOnTheNumberOfThreads(@ForAll("models") String model, @ForAll long seed,
                                                 @ForAll boolean corrupt) {
        HistoryGenerator generator = new HistoryGenerator(seed);
        List<HistoryGenerator.Step> steps = generator.sequential(model, 6, 90);
        if (corrupt) {
            List<HistoryGenerator.Step> corrupted = generator.corruptOneRead(steps, model);
            steps = corrupted == null ? steps : corrupted;
        }
        History history = generator.concurrent(steps, true, 1);
        LinearResult one = check(model, history, true, 1);
        LinearResult four = check(model, history, true, 4);
        assertThat(four.validity()).isEqualTo(one.validity());
        assertThat(four.keys()).extracting(KeyVerdict::key, KeyVerdict::validity)
                .containsExactlyElementsOf(one.keys().stream()
                        .map(k -> org.assertj.core.groups.Tuple.tuple(k.key(), k.validity())).toList());
        if (corrupt) {
            assertThat(one.validity()).isEqualTo(Validity.INVALID);
        }
    }

}
