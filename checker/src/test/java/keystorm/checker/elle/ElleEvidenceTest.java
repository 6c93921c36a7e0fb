package keystorm.checker.elle;

import static org.assertj.core.api.Assertions.assertThat;

import keystorm.checker.Evidence;
import keystorm.checker.history.History;
import keystorm.checker.history.OpType;
import org.junit.jupiter.api.Test;

/** Elle's evidence: one per anomaly, the transactions' history lines, and for a cycle its figure. */
class ElleEvidenceTest {
    @Test
    void aG0CycleIsItsTwoTransactionsWithTheirWwEdges() {
        // T0 and T1 both append to x and y; x's order puts T0 first, y's order puts T1 first.
        History history = new Histories().ok(0, "a x 1", "a y 1").ok(1, "a x 2", "a y 2")
                .ok(2, "r x 1 2", "r y 2 1").history();
        ElleResult result = ElleAnomaliesTest.listAppend(history, "read-uncommitted");
        Evidence g0 = result.evidence().stream().filter(e -> e.kind().equals("G0")).findFirst().orElseThrow();
        assertThat(g0.indices()).containsExactly(0L, 1L, 2L, 3L);
        assertThat(g0.explanation()).contains("T0 -ww-> T1");
        assertThat(g0.figure().nodes()).extracting(Evidence.Node::id).containsExactlyInAnyOrder("T0", "T1");
        assertThat(g0.figure().nodes()).anySatisfy(n -> {
            assertThat(n.label()).isEqualTo("T0 (process 0): append x 1, append y 1");
            assertThat(n.process()).isZero();
            assertThat(n.index()).isZero();
        });
        assertThat(g0.figure().edges()).extracting(Evidence.Edge::label).containsOnly("ww").hasSize(2);
        assertThat(g0.figure().edges()).allSatisfy(e -> assertThat(e.because()).isNotBlank());
        assertThat(result.evidence()).hasSameSizeAs(result.anomalies());
    }

    @Test
    void anAbortedReadHasNoFigureAndAnUnfinishedTransactionNoCompletion() {
        // T0 failed, yet T1 read its append; T2 never completed.
        History history = new Histories().txn(0, OpType.FAIL, "a x 1").ok(1, "r x 1").invoke(2, "a z 1").history();
        ElleResult result = ElleAnomaliesTest.listAppend(history, "read-committed");
        Evidence g1a = result.evidence().stream().filter(e -> e.kind().equals("G1a")).findFirst().orElseThrow();
        assertThat(g1a.figure()).isNull();
        assertThat(g1a.indices()).isNotEmpty().allSatisfy(i -> assertThat(i).isBetween(0L, 3L));
        assertThat(result.evidence()).allSatisfy(e -> assertThat(e.indices()).doesNotContain(Long.MAX_VALUE));
    }

    @Test
    void aSerialHistoryHasNone() {
        History history = new Histories().ok(0, "a x 1").ok(1, "r x 1", "a x 2").ok(2, "r x 1 2").history();
        assertThat(ElleAnomaliesTest.listAppend(history, "strict-serializable").evidence()).isEmpty();
    }

    @Test
    void aRwRegisterReadOfAnUnknownValueShowsAQuestionMark() {
        assertThat(ElleResult.shortText(new Txn(0, 1, OpType.INFO, java.util.List.of(
                new keystorm.checker.op.MicroOp.ReadRegister("x", null),
                new keystorm.checker.op.MicroOp.Write("y", keystorm.checker.history.Values.parse("3"))), 0, Long.MAX_VALUE)
                .ops())).isEqualTo("r x ?, w y 3");
    }
}
