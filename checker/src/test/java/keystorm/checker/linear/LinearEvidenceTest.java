package keystorm.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Evidence;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Values;
import org.junit.jupiter.api.Test;

/** Linearizability's evidence: one per invalid key, with the stuck call, the calls it could not follow, and the text render() prints. */
class LinearEvidenceTest {
    static LinearResult register(String history) throws Exception {
        return new LinearizabilityChecker(CheckerOptions.defaults().withModel("register", Values.parse("0")))
                .check(JsonlHistory.read(new StringReader(history)));
    }

    @Test
    void aStaleReadMarksTheReadAndTheWriteBeforeIt() throws Exception {
        LinearResult result = register(CounterexampleTest.STALE_READ);
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.kind()).isEqualTo("nonlinearizable");
            assertThat(e.key()).isNull();
            // the stuck read (2, 3) and the write that ends the prefix (0, 1)
            assertThat(e.indices()).containsExactly(0L, 1L, 2L, 3L);
            assertThat(e.explanation()).contains("places 1 of 2 operations").contains("it needs the register at 0");
            assertThat(result.render()).contains(e.explanation());
            assertThat(e.figure().nodes()).extracting(Evidence.Node::id).containsExactly("prefix", "C1");
            assertThat(e.figure().nodes().get(1).label()).startsWith("stuck: process 1 read");
            assertThat(e.figure().nodes().get(1).index()).isEqualTo(2);
            assertThat(e.figure().edges()).singleElement().satisfies(edge -> {
                assertThat(edge.from()).isEqualTo("prefix");
                assertThat(edge.to()).isEqualTo("C1");
                assertThat(edge.label()).isEqualTo("refused");
                assertThat(edge.because()).contains("the register at 0");
            });
        });
    }

    @Test
    void anIndeterminateCallHasNoReturnIndex() throws Exception {
        // process 2's write of 5 never completes; process 1 then reads 7, which nothing wrote
        LinearResult result = register("""
                {"process":2,"type":"invoke","f":"write","value":5}
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok","f":"write","value":1}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":7}
                """);
        assertThat(result.evidence()).singleElement().satisfies(e -> {
            assertThat(e.indices()).contains(3L, 4L).doesNotContain(Long.MAX_VALUE).allSatisfy(i -> assertThat(i).isBetween(0L, 4L));
        });
    }

    @Test
    void aLinearizableHistoryHasNone() throws Exception {
        assertThat(register("""
                {"process":0,"type":"invoke","f":"write","value":1}
                {"process":0,"type":"ok","f":"write","value":1}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":1}
                """).evidence()).isEmpty();
    }
}
