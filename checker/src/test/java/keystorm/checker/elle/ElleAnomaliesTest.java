package keystorm.checker.elle;

import static org.assertj.core.api.Assertions.assertThat;

import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.op.TxnOp;
import keystorm.checker.history.History;
import keystorm.checker.history.OpType;
import org.junit.jupiter.api.Test;

/** One hand-built history per anomaly; each comment says what the history shows. */
class ElleAnomaliesTest {
    static ElleResult listAppend(History history, String model) {
        return new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.parse(model)), TxnOp.Kind.LIST_APPEND)
                .check(history);
    }

    static ElleResult rwRegister(History history, String model) {
        return new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.parse(model)), TxnOp.Kind.RW_REGISTER)
                .check(history);
    }

    @Test
    void serialHistoryIsValid() {
        // T0 appends 1; T1 sees it and appends 2; T2 sees both: one serial order explains all.
        History history = new Histories().ok(0, "a x 1").ok(1, "r x 1", "a x 2").ok(2, "r x 1 2").history();
        ElleResult result = listAppend(history, "strict-serializable");
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.anomalies()).isEmpty();
    }

    @Test
    void g0WriteCycle() {
        // T0 and T1 both append to x and y; x's order puts T0 first, y's order puts T1 first.
        History history = new Histories().ok(0, "a x 1", "a y 1").ok(1, "a x 2", "a y 2")
                .ok(2, "r x 1 2", "r y 2 1").history();
        ElleResult result = listAppend(history, "read-uncommitted");
        assertThat(result.counts()).containsKey(AnomalyType.G0);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.render()).contains("T0 -ww-> T1").contains("T1 -ww-> T0");
    }

    @Test
    void g1aAbortedRead() {
        // T0 failed, yet T1 read its append.
        History history = new Histories().txn(0, OpType.FAIL, "a x 1").ok(1, "r x 1").history();
        ElleResult result = listAppend(history, "read-committed");
        assertThat(result.counts()).containsKey(AnomalyType.G1A);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(listAppend(history, "read-uncommitted").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void g1bIntermediateRead() {
        // T0 appends 1 then 2 to x; T1 read x = [1], a state T0 was only passing through.
        History history = new Histories().ok(0, "a x 1", "a x 2").ok(1, "r x 1").ok(2, "r x 1 2").history();
        assertThat(listAppend(history, "read-committed").counts()).containsKey(AnomalyType.G1B);
    }

    @Test
    void g1cCircularInformationFlow() {
        // T0 reads y = [2] written by T1, and T1 reads x = [1] written by T0: each saw the other.
        History history = new Histories().invoke(0, "a x 1", "r y").invoke(1, "a y 2", "r x")
                .complete(0, OpType.OK, "a x 1", "r y 2").complete(1, OpType.OK, "a y 2", "r x 1").history();
        ElleResult result = listAppend(history, "read-committed");
        assertThat(result.counts()).containsKey(AnomalyType.G1C);
        assertThat(result.render()).contains("-wr->");
    }

    @Test
    void gSingleReadSkew() {
        // T0 read x = [] (before T1's append of 1) but y = [1] (after T1's append to y): one rw edge.
        History history = new Histories().invoke(0, "r x", "r y").ok(1, "a x 1", "a y 1")
                .complete(0, OpType.OK, "r x", "r y 1").ok(2, "r x 1").history();
        ElleResult result = listAppend(history, "snapshot-isolation");
        assertThat(result.counts()).containsKey(AnomalyType.G_SINGLE);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.render()).contains("read x = [] without 1, which T1 appended next");
    }

    @Test
    void gNonadjacent() {
        // T0 -rw(x)-> T1 -wr(x)-> T2 -rw(y)-> T3 -wr(z)-> T0: two rw edges, never adjacent.
        History history = new Histories()
                .invoke(0, "r x", "r z").invoke(2, "r x", "r y")
                .ok(1, "a x 1").ok(3, "a y 1", "a z 1")
                .complete(0, OpType.OK, "r x", "r z 1").complete(2, OpType.OK, "r x 1", "r y")
                .ok(4, "r y 1").history();
        ElleResult result = listAppend(history, "snapshot-isolation");
        assertThat(result.counts()).as(result.render()).containsKey(AnomalyType.G_NONADJACENT);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void g2ItemWriteSkewIsAllowedBySnapshotIsolation() {
        // T0 and T1 both read x and y empty; T0 appends to x, T1 to y: two adjacent rw edges.
        History history = new Histories().invoke(0, "r x", "r y", "a x 1").invoke(1, "r x", "r y", "a y 1")
                .complete(0, OpType.OK, "r x", "r y", "a x 1").complete(1, OpType.OK, "r x", "r y", "a y 1")
                .ok(2, "r x 1", "r y 1").history();
        ElleResult serializable = listAppend(history, "serializable");
        assertThat(serializable.counts()).containsKey(AnomalyType.G2_ITEM);
        assertThat(serializable.validity()).isEqualTo(Validity.INVALID);
        assertThat(serializable.weakestViolated()).contains(ConsistencyModel.REPEATABLE_READ);
        assertThat(listAppend(history, "snapshot-isolation").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void lostUpdate() {
        // T0 and T1 both read x = [] and both appended to it; both committed.
        History history = new Histories().invoke(0, "r x", "a x 1").invoke(1, "r x", "a x 2")
                .complete(0, OpType.OK, "r x", "a x 1").complete(1, OpType.OK, "r x", "a x 2")
                .ok(2, "r x 1 2").history();
        ElleResult result = listAppend(history, "repeatable-read");
        assertThat(result.counts()).containsKey(AnomalyType.LOST_UPDATE);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void internalInconsistency() {
        // T0 appended 1 to x, then read x without it.
        History history = new Histories().ok(0, "a x 1", "r x").history();
        assertThat(listAppend(history, "serializable").counts()).containsKey(AnomalyType.INTERNAL);
    }

    @Test
    void duplicateElements() {
        History history = new Histories().ok(0, "a x 1").ok(1, "r x 1 1").history();
        assertThat(listAppend(history, "read-uncommitted").counts()).containsKey(AnomalyType.DUPLICATE_ELEMENTS);
    }

    @Test
    void incompatibleOrder() {
        // Two reads of x that cannot both be versions of one list.
        History history = new Histories().ok(0, "a x 1").ok(1, "a x 2").ok(2, "r x 1").ok(3, "r x 2").history();
        ElleResult result = listAppend(history, "read-committed");
        assertThat(result.counts()).containsKey(AnomalyType.INCOMPATIBLE_ORDER);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
    }

    @Test
    void dirtyUpdate() {
        // T0 failed, yet T1's append was made on top of T0's.
        History history = new Histories().txn(0, OpType.FAIL, "a x 1").ok(1, "a x 2").ok(2, "r x 1 2").history();
        assertThat(listAppend(history, "read-committed").counts()).containsKey(AnomalyType.DIRTY_UPDATE).containsKey(AnomalyType.G1A);
    }

    @Test
    void garbageRead() {
        History history = new Histories().ok(0, "r x 9").history();
        assertThat(listAppend(history, "read-committed").counts()).containsKey(AnomalyType.GARBAGE_READ);
    }

    @Test
    void processVariant() {
        // Process 0 appends 1 to x, then reads x = [] in its next transaction: it failed to see
        // its own earlier write. Serializable allows it (order T1 before T0); strong session
        // serializable does not.
        History history = new Histories().ok(0, "a x 1").ok(0, "r x").ok(1, "r x 1").history();
        ElleResult session = listAppend(history, "strong-session-serializable");
        assertThat(session.counts()).as(session.render()).containsKey(AnomalyType.G_SINGLE_PROCESS);
        assertThat(session.validity()).isEqualTo(Validity.INVALID);
        assertThat(listAppend(history, "serializable").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void realtimeVariant() {
        // T0 appends and completes; afterwards T1, on another process, reads x = []: a stale read.
        History history = new Histories().ok(0, "a x 1").ok(1, "r x").ok(2, "r x 1").history();
        ElleResult strict = listAppend(history, "strict-serializable");
        assertThat(strict.counts()).as(strict.render()).containsKey(AnomalyType.G_SINGLE_REALTIME);
        assertThat(strict.validity()).isEqualTo(Validity.INVALID);
        assertThat(listAppend(history, "serializable").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void duplicateAppendsAreUnknownNotACrash() {
        History history = new Histories().ok(0, "a x 1").ok(1, "a x 1").ok(2, "r x 1 1").history();
        ElleResult result = listAppend(history, "serializable");
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("appended to key x twice");
    }

    @Test
    void rwRegisterSerialIsValidAndWriteSkewIsG2() {
        History serial = new Histories().ok(0, "rr x nil", "w x 1").ok(1, "rr x 1", "w x 2").ok(2, "rr x 2").history();
        assertThat(rwRegister(serial, "strict-serializable").validity()).isEqualTo(Validity.VALID);
        // T0 reads x initial, writes y; T1 reads y initial, writes x: write skew.
        History skew = new Histories().invoke(0, "rr x nil", "w y 1").invoke(1, "rr y nil", "w x 1")
                .complete(0, OpType.OK, "rr x nil", "w y 1").complete(1, OpType.OK, "rr y nil", "w x 1").history();
        ElleResult result = rwRegister(skew, "serializable");
        assertThat(result.counts()).as(result.render()).containsKey(AnomalyType.G2_ITEM);
        assertThat(rwRegister(skew, "snapshot-isolation").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void rwRegisterAnomalies() {
        History aborted = new Histories().txn(0, OpType.FAIL, "w x 1").ok(1, "rr x 1").history();
        assertThat(rwRegister(aborted, "read-committed").counts()).containsKey(AnomalyType.G1A);
        History lost = new Histories().invoke(0, "rr x nil", "w x 1").invoke(1, "rr x nil", "w x 2")
                .complete(0, OpType.OK, "rr x nil", "w x 1").complete(1, OpType.OK, "rr x nil", "w x 2").history();
        assertThat(rwRegister(lost, "repeatable-read").counts()).containsKey(AnomalyType.LOST_UPDATE);
        History intermediate = new Histories().ok(0, "w x 1", "w x 2").ok(1, "rr x 1").history();
        assertThat(rwRegister(intermediate, "read-committed").counts()).containsKey(AnomalyType.G1B);
        History internal = new Histories().ok(0, "w x 1", "rr x 2").ok(1, "w x 2").history();
        assertThat(rwRegister(internal, "serializable").counts()).containsKey(AnomalyType.INTERNAL);
    }

    @Test
    void malformedTransactionsAreUnknownWithTheEvent() {
        History history = new Histories().history();
        assertThat(listAppend(history, "serializable").validity()).isEqualTo(Validity.VALID);
        keystorm.checker.history.History bad = keystorm.checker.history.History.of(java.util.List.of(
                new keystorm.checker.history.Op(0, 0, 0, OpType.INVOKE, "txn", keystorm.checker.history.Values.parse("[[\"bogus\",\"x\",1]]"), null)));
        ElleResult result = listAppend(bad, "serializable");
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).contains("event 0").contains("not bogus");
    }
}
