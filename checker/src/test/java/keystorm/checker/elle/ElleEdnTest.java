package keystorm.checker.elle;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.op.TxnOp;
import keystorm.checker.history.EdnHistory;
import keystorm.checker.history.History;
import org.junit.jupiter.api.Test;

/** Jepsen's EDN list-append histories, written by hand in Elle's format, through the EDN import. */
class ElleEdnTest {
    static History read(String name) throws Exception {
        try (InputStream in = ElleEdnTest.class.getResourceAsStream("/elle/" + name)) {
            return EdnHistory.read(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    static ElleResult check(History history, String model) {
        return new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.parse(model)), TxnOp.Kind.LIST_APPEND)
                .check(history);
    }

    @Test
    void readSkewInEdnIsGSingle() throws Exception {
        ElleResult result = check(read("g-single.edn"), "snapshot-isolation");
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.counts()).containsOnlyKeys(AnomalyType.G_SINGLE);
        // The G-single and G2-item searches both find this one cycle: it is reported once.
        assertThat(result.counts()).containsEntry(AnomalyType.G_SINGLE, 1);
        assertThat(check(read("g-single.edn"), "read-committed").validity()).isEqualTo(Validity.VALID);
    }

    @Test
    void elleStyleSerializableHistoryIsValid() throws Exception {
        ElleResult result = check(read("serializable.edn"), "strict-serializable");
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.transactions()).isEqualTo(8);
    }

    @Test
    void aFailedAppendThatNobodyReadIsFine() throws Exception {
        ElleResult result = check(read("serializable.edn"), "serializable");
        assertThat(result.counts()).doesNotContainKey(AnomalyType.G1A);
    }
}
