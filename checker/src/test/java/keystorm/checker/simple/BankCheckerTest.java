package keystorm.checker.simple;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.Values;
import keystorm.checker.op.BankOp;
import org.junit.jupiter.api.Test;

class BankCheckerTest {
    static final String TRANSFER = "{\"from\":\"0\",\"to\":\"1\",\"amount\":3}";

    static BankResult check(String initial, Events events) {
        CheckerOptions options = CheckerOptions.defaults().withModel(null, initial == null ? null : Values.parse(initial));
        return new BankChecker(options).check(events.history());
    }

    @Test
    void readsThatKeepTheTotalAreValidAndTransfersAreCounted() {
        BankResult result = check("{\"accounts\":2,\"total\":10}", new Events().call(0, "read", "{\"0\":5,\"1\":5}")
                .call(1, "transfer", TRANSFER).invoke(1, "transfer", TRANSFER).fail(1, "transfer", TRANSFER)
                .invoke(2, "transfer", TRANSFER).info(2, "transfer", TRANSFER).call(0, "read", "{\"0\":2,\"1\":8}"));
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.transfersOk()).isEqualTo(1);
        assertThat(result.transfersFailed()).isEqualTo(1);
        assertThat(result.transfersInfo()).isEqualTo(1);
        assertThat(result.transactionalReads()).isEqualTo(2);
        assertThat(result.total()).isEqualTo(10);
        assertThat(result.render()).contains("3 transfers (1 ok, 1 failed, 1 info)").contains("bank: valid");
    }

    @Test
    void aTransactionalReadWithAnotherTotalIsWrongTotal() {
        BankResult result = check("{\"accounts\":2,\"total\":10}", new Events().call(0, "read", "{\"0\":5,\"1\":4}"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(BankResult.Kind.WRONG_TOTAL);
            assertThat(f.index()).isEqualTo(1);
            assertThat(f.value()).isEqualTo(9);
            assertThat(f.account()).isNull();
        });
        assertThat(result.render()).contains("wrong-total: the read at event 1 totals 9, not 10");
    }

    @Test
    void aNegativeBalanceIsNegativeValue() {
        BankResult result = check("{\"accounts\":2,\"total\":10}", new Events().call(0, "read", "{\"0\":-1,\"1\":11}"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.counts()).containsExactly(java.util.Map.entry("negative-value", 1));
        assertThat(result.findings().getFirst().account()).isEqualTo("0");
        assertThat(result.findings().getFirst().value()).isEqualTo(-1);
    }

    @Test
    void anAccountTheBankDoesNotHaveIsUnexpectedKey() {
        BankResult result = check("{\"accounts\":[\"a\",\"b\"],\"total\":10}",
                new Events().call(0, "read", "{\"a\":5,\"b\":5,\"x\":0}"));
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
        assertThat(result.findings()).singleElement().satisfies(f -> {
            assertThat(f.kind()).isEqualTo(BankResult.Kind.UNEXPECTED_KEY);
            assertThat(f.account()).isEqualTo("x");
        });
    }

    @Test
    void aScanThatSawATransferHalfDoneIsReadSkewNotInvalid() {
        BankResult result = check("{\"accounts\":2,\"total\":10}", new Events().call(0, "scan", "{\"0\":2,\"1\":5}")
                .call(0, "scan", "{\"0\":2,\"1\":8}").call(0, "read", "{\"0\":2,\"1\":8}"));
        assertThat(result.validity()).isEqualTo(Validity.VALID);
        assertThat(result.readSkew()).isEqualTo(1);
        assertThat(result.scans()).isEqualTo(2);
        assertThat(result.render()).contains("read-skew: 1 of 2 scans");
    }

    @Test
    void withoutATotalTheFirstTransactionalReadGivesIt() {
        BankResult result = check(null, new Events().call(0, "scan", "{\"a\":1,\"b\":3}")
                .call(0, "read", "{\"a\":7,\"b\":3}").call(1, "transfer", "{\"from\":\"a\",\"to\":\"c\",\"amount\":1}")
                .call(0, "read", "{\"a\":6,\"c\":1,\"b\":2}").call(0, "read", "{\"a\":6,\"c\":1,\"b\":3,\"d\":0}"));
        assertThat(result.total()).isEqualTo(10);
        assertThat(result.readSkew()).isEqualTo(1);
        assertThat(result.findings()).extracting(BankResult.Finding::kind, BankResult.Finding::index)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(BankResult.Kind.WRONG_TOTAL, 7L),
                        org.assertj.core.groups.Tuple.tuple(BankResult.Kind.UNEXPECTED_KEY, 9L));
        assertThat(result.findings().getFirst().how()).isEqualTo(BankOp.ReadKind.TRANSACTIONAL);
    }

    @Test
    void withNeitherATotalNorATransactionalReadItIsUnknown() {
        assertThat(check(null, new Events().call(0, "scan", "{\"a\":1}")).validity()).isEqualTo(Validity.UNKNOWN);
        BankResult noRead = check("{\"total\":3}", new Events().call(0, "transfer", TRANSFER));
        assertThat(noRead.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(noRead.reason()).contains("no read");
    }

    @Test
    void aBadLineIsUnknownNamingItsEvent() {
        BankResult result = check(null, new Events().call(0, "transfer", "{\"from\":\"a\",\"to\":\"a\",\"amount\":1}"));
        assertThat(result.validity()).isEqualTo(Validity.UNKNOWN);
        assertThat(result.reason()).startsWith("event 0: ");
    }

    @Test
    void aMalformedInitialStateIsRefusedWhenTheCheckerIsMade() {
        assertThatThrownBy(() -> check("{\"total\":\"x\"}", new Events())).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the bank's total is an integer, not \"x\"");
        assertThatThrownBy(() -> check("{\"accounts\":0}", new Events())).hasMessageContaining("positive count");
        assertThatThrownBy(() -> check("7", new Events())).hasMessageContaining("{\"accounts\":N,\"total\":T}");
    }
}
