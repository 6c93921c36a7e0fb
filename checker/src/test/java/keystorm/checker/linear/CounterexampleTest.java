package keystorm.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Values;
import keystorm.checker.op.OpJson;
import org.junit.jupiter.api.Test;

class CounterexampleTest {
    /**
     * A stale read: process 0 writes 1 and is acknowledged; afterwards, process 1 reads 0. No
     * order of these operations lets a read that starts after the write completed see the old
     * value.
     */
    static final String STALE_READ = """
            {"process":0,"type":"invoke","f":"write","value":1}
            {"process":0,"type":"ok","f":"write","value":1}
            {"process":1,"type":"invoke","f":"read","value":null}
            {"process":1,"type":"ok","f":"read","value":0}
            """;

    @Test
    void staleReadIsExplainedInWordsAndOnATimeline() throws Exception {
        History history = JsonlHistory.read(new StringReader(STALE_READ));
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", Values.parse("0")))
                .check(history);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        KeyVerdict key = result.keys().getFirst();
        assertThat(key.prefix()).extracting(c -> OpJson.encode(c.input()).f()).containsExactly("write");
        assertThat(key.stateAfterPrefix()).isEqualTo("the register at 1");
        assertThat(OpJson.encode(key.stuck().input()).f()).isEqualTo("read");
        assertThat(key.blocked()).singleElement().satisfies(b -> assertThat(b.needs()).isEqualTo("the register at 0"));
        assertThat(result.render())
                .contains("The longest linearizable prefix places 1 of 2 operations and leaves the register at 1.")
                .contains("process 1 read null -> 0 (invoked at event 2, returned at event 3) had to take effect")
                .contains("it needs the register at 0")
                .contains("linearizable (register, 1 key): invalid");
        assertThat(result.artifacts()).containsKey("timeline-history.html");
        assertThat(result.artifacts().get("timeline-history.html")).contains("<svg").contains("process 1").contains("#f08a8a");
    }

    @Test
    void concurrentReadMaySeeEither() throws Exception {
        String concurrent = """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":0}
                {"process":0,"type":"ok","f":"write","value":1}
                """;
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", Values.parse("0")))
                .check(JsonlHistory.read(new StringReader(concurrent)));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void indeterminateWriteMayOrMayNotHaveHappened() throws Exception {
        String info = """
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"info","f":"write","value":1}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":0}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":1}
                """;
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", Values.parse("0")))
                .check(JsonlHistory.read(new StringReader(info)));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void aBudgetSpentIsUnknownNeverValid() throws Exception {
        // A non-linearizable list history with much concurrency: proving it takes a long search,
        // and with no time at all the answer must be unknown, not valid.
        HistoryGenerator generator = new HistoryGenerator(7);
        java.util.List<HistoryGenerator.Step> steps = generator.sequential("list", 1, 300);
        java.util.List<HistoryGenerator.Step> corrupted = new java.util.ArrayList<>(steps);
        corrupted.add(new HistoryGenerator.Step(null, "read", null, Values.parse("[-1]"), false));
        History history = generator.concurrent(corrupted, false, 8);
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("list", null)
                .withTimeout(java.time.Duration.ZERO)).check(history);
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.keys().getFirst().reason()).contains("time budget spent");
        assertThat(result.render()).contains("linearizable (list, 1 key): unknown");
    }

    @Test
    void concurrentAppendsAreSearchedInTheOrderReadsShow() {
        // 40 operations, windows of up to eight concurrent appends: before the list model learned
        // from its reads, this history spent the 2,000,000-configuration budget and was unknown.
        HistoryGenerator generator = new HistoryGenerator(-9028143937379159190L);
        History history = generator.concurrent(generator.sequential("list", 1, 40), false, 4);
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("list", null)).check(history);
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.keys().getFirst().configurations()).isLessThan(1_000);
    }

    @Test
    void anElementAppendedTwiceMayLandInEitherPlace() throws Exception {
        // Two appends of 1 and one of 2, all concurrent: the read [1, 2, 1] needs one append of 1
        // before 2 and one after, so no single place can be learned for 1.
        String twice = """
                {"process":0,"type":"invoke","f":"append","value":1}
                {"process":1,"type":"invoke","f":"append","value":2}
                {"process":2,"type":"invoke","f":"append","value":1}
                {"process":0,"type":"ok","f":"append","value":1}
                {"process":1,"type":"ok","f":"append","value":2}
                {"process":2,"type":"ok","f":"append","value":1}
                {"process":3,"type":"invoke","f":"read","value":null}
                {"process":3,"type":"ok","f":"read","value":[1, 2, 1]}
                {"process":3,"type":"invoke","f":"read","value":null}
                {"process":3,"type":"ok","f":"read","value":[1, 2]}
                """;
        CheckerOptions options = CheckerOptions.defaults().withModel("list", null);
        assertThat(new LinearizabilityChecker(options).check(JsonlHistory.read(new StringReader(
                twice.substring(0, twice.lastIndexOf("{\"process\":3,\"type\":\"invoke\"")))))
                .validity()).isEqualTo(Validity.VALID);
        // a later read that loses the last element: an append-only list cannot shrink
        LinearResult shrunk = new LinearizabilityChecker(options).check(JsonlHistory.read(new StringReader(twice)));
        assertThat(shrunk.validity()).isEqualTo(Validity.INVALID);
        assertThat(OpJson.encode(shrunk.keys().getFirst().stuck().input()).f()).isEqualTo("read");
    }

    @Test
    void readsThatDisagreeOnAnElementsPlaceAreInvalidAtTheRead() throws Exception {
        String disagree = """
                {"process":0,"type":"invoke","f":"append","value":1}
                {"process":1,"type":"invoke","f":"append","value":2}
                {"process":0,"type":"ok","f":"append","value":1}
                {"process":1,"type":"ok","f":"append","value":2}
                {"process":2,"type":"invoke","f":"read","value":null}
                {"process":2,"type":"ok","f":"read","value":[1, 2]}
                {"process":2,"type":"invoke","f":"read","value":null}
                {"process":2,"type":"ok","f":"read","value":[2, 1]}
                """;
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("list", null))
                .check(JsonlHistory.read(new StringReader(disagree)));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(OpJson.encode(result.keys().getFirst().stuck().input()).f()).isEqualTo("read");
        assertThat(OpJson.encode(result.keys().getFirst().stuck().output()).value()).hasToString("[2,1]");
    }

    @Test
    void aHistoryTheModelCannotReadIsUnknownWithTheReason() throws Exception {
        String wrong = """
                {"process":0,"type":"invoke","f":"frobnicate","value":1}
                {"process":0,"type":"ok","f":"frobnicate","value":1}
                """;
        LinearResult result = new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", null))
                .check(JsonlHistory.read(new StringReader(wrong)));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.keys().getFirst().reason()).contains("not frobnicate");
    }
}
