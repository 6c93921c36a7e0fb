package keystorm.engine.partiql;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static keystorm.engine.partiql.PartiqlExecutionTest.assertError;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.BatchExecuteStatementRequest;
import keystorm.engine.api.BatchExecuteStatementResponse;
import keystorm.engine.api.BatchStatementRequest;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ExecuteTransactionResponse;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PartiqlBatchTest {
    private final Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false));

    @BeforeEach
    void tables() {
        engine.createTable(CreateTableRequest.onDemand("accounts", "id", ScalarAttributeType.S, null, null));
        for (String id : List.of("a", "b", "c", "e")) {
            engine.executeStatement(ExecuteStatementRequest.of("INSERT INTO accounts VALUE {'id': ?, 'balance': 10}",
                    s(id)));
        }
    }

    static BatchStatementRequest one(String statement, AttributeValue... parameters) {
        return new BatchStatementRequest(statement, List.of(parameters), false, null);
    }

    static ParameterizedStatement tx(String statement, AttributeValue... parameters) {
        return new ParameterizedStatement(statement, List.of(parameters), null);
    }

    BatchExecuteStatementResponse batch(BatchStatementRequest... statements) {
        return engine.batchExecuteStatement(new BatchExecuteStatementRequest(List.of(statements), null));
    }

    AttributeValue balance(String id) {
        Item item = engine.getItem(GetItemRequest.consistent("accounts", Map.of("id", s(id)))).item();
        return item == null ? null : item.get("balance");
    }

    @Test
    void batchReadsAnswerPerStatement() {
        BatchExecuteStatementResponse response = batch(one("SELECT * FROM accounts WHERE id = 'a'"),
                one("SELECT balance FROM accounts WHERE id = ?", s("b")),
                one("SELECT * FROM accounts WHERE id = 'zz'"),
                one("SELECT * FROM accounts WHERE balance = 10"),
                one("SELECT * FROM accounts WHERE id = 'a' AND balance = 10"),
                one("SELEC oops"),
                one("SELECT * FROM nope WHERE id = 'a'"));
        assertThat(response.responses()).hasSize(7);
        assertThat(response.responses().get(0).item().get("id")).isEqualTo(s("a"));
        assertThat(response.responses().get(1).item()).isEqualTo(Item.of(Map.of("balance", n(10))));
        assertThat(response.responses().get(2).item()).isNull();
        assertThat(response.responses().get(2).error()).isNull();
        assertThat(response.responses().get(2).tableName()).isEqualTo("accounts");
        assertThat(response.responses().get(3).error().code()).isEqualTo("ValidationError");
        assertThat(response.responses().get(3).error().message()).isEqualTo("Only single item select is supported");
        assertThat(response.responses().get(4).error().code()).isEqualTo("ValidationError");
        assertThat(response.responses().get(5).error().code()).isEqualTo("ValidationError");
        assertThat(response.responses().get(5).error().message()).startsWith("Statement wasn't well formed");
        assertThat(response.responses().get(6).error().code()).isEqualTo("ResourceNotFound");
    }

    @Test
    void batchWritesRunEachOnItsOwn() {
        BatchExecuteStatementResponse response = batch(
                one("INSERT INTO accounts VALUE {'id': 'a', 'balance': 0}"),
                one("UPDATE accounts SET balance = balance + 5 WHERE id = 'b'"),
                one("UPDATE accounts SET balance = 0 WHERE id = 'c' AND balance = 99"),
                one("DELETE FROM accounts WHERE id = 'z'"),
                one("INSERT INTO accounts VALUE {'id': 'd', 'balance': 1}"));
        assertThat(response.responses()).extracting(r -> r.error() == null ? "ok" : r.error().code())
                .containsExactly("DuplicateItem", "ok", "ConditionalCheckFailed", "ok", "ok");
        assertThat(balance("a")).isEqualTo(n(10));
        assertThat(balance("b")).isEqualTo(n(15));
        assertThat(balance("c")).isEqualTo(n(10));
        assertThat(balance("d")).isEqualTo(n(1));
    }

    @Test
    void batchRefusesMixesDuplicatesAndSize() {
        assertError(() -> batch(one("SELECT * FROM accounts WHERE id = 'a'"),
                one("DELETE FROM accounts WHERE id = 'b'")), ErrorType.ValidationException,
                "Read and write requests together in the same batch is not supported.");
        assertError(() -> batch(one("UPDATE accounts SET balance = 1 WHERE id = 'a'"),
                one("DELETE FROM accounts WHERE id = 'a'")), ErrorType.ValidationException,
                "Provided list of item keys contains duplicates");
        assertThat(balance("a")).isEqualTo(n(10));
        assertError(() -> batch(one("INSERT INTO accounts VALUE {'id': 'new'}"),
                one("INSERT INTO accounts VALUE {'id': 'new', 'other': 1}")), ErrorType.ValidationException,
                "Provided list of item keys contains duplicates");
        assertThat(balance("new")).isNull();
        List<BatchStatementRequest> many = new ArrayList<>();
        for (int i = 0; i < 26; i++) {
            many.add(one("SELECT * FROM accounts WHERE id = ?", s("k" + i)));
        }
        assertError(() -> engine.batchExecuteStatement(new BatchExecuteStatementRequest(many, null)),
                ErrorType.ValidationException, "less than or equal to 25");
        assertError(() -> engine.batchExecuteStatement(new BatchExecuteStatementRequest(List.of(), null)),
                ErrorType.ValidationException, "greater than or equal to 1");
    }

    @Test
    void batchCapacityIsSummedPerTable() {
        BatchExecuteStatementResponse response = engine.batchExecuteStatement(new BatchExecuteStatementRequest(
                List.of(one("SELECT * FROM accounts WHERE id = 'a'"), one("SELECT * FROM accounts WHERE id = 'b'")),
                ReturnConsumedCapacity.TOTAL));
        assertThat(response.consumedCapacity()).hasSize(1);
        assertThat(response.consumedCapacity().get(0).capacityUnits()).isEqualTo(1.0);
    }

    @Test
    void transactionTransfersAllOrNothing() {
        engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("UPDATE accounts SET balance = balance - ? WHERE id = 'a' AND balance >= ?", n(4), n(4)),
                tx("UPDATE accounts SET balance = balance + ? WHERE id = 'b'", n(4))), null, null));
        assertThat(balance("a")).isEqualTo(n(6));
        assertThat(balance("b")).isEqualTo(n(14));
        assertThatThrownBy(() -> engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("UPDATE accounts SET balance = balance - 7 WHERE id = 'a' AND balance >= 7"),
                tx("UPDATE accounts SET balance = balance + 7 WHERE id = 'b'"),
                tx("INSERT INTO accounts VALUE {'id': 'c'}"),
                tx("EXISTS(SELECT * FROM accounts WHERE id = 'e' AND balance > 0)")), null, null)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons())
                        .extracting(CancellationReason::code)
                        .containsExactly("ConditionalCheckFailed", "None", "DuplicateItem", "None"));
        assertThat(balance("a")).isEqualTo(n(6));
        assertThat(balance("b")).isEqualTo(n(14));
    }

    @Test
    void transactionExistsIsAConditionCheck() {
        assertThatThrownBy(() -> engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("EXISTS(SELECT * FROM accounts WHERE id = 'z' AND balance > 0)"),
                tx("DELETE FROM accounts WHERE id = 'a'")), null, null)))
                .isInstanceOfSatisfying(TransactionCanceledException.class, e -> assertThat(e.reasons())
                        .extracting(CancellationReason::code).containsExactly("ConditionalCheckFailed", "None"));
        assertThat(balance("a")).isEqualTo(n(10));
        assertError(() -> engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("EXISTS(SELECT * FROM accounts WHERE id = 'z')")), null, null)), ErrorType.ValidationException,
                "Validation failed in TransactStatements[0]: EXISTS() must contain a single item read with additional "
                        + "condition");
    }

    @Test
    void transactionReadsAndIdempotency() {
        ExecuteTransactionResponse read = engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("SELECT * FROM accounts WHERE id = 'a'"), tx("SELECT balance FROM accounts WHERE id = 'zz'")),
                null, null));
        assertThat(read.responses()).hasSize(2);
        assertThat(read.responses().get(0).get("balance")).isEqualTo(n(10));
        assertThat(read.responses().get(1)).isNull();
        assertError(() -> engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("SELECT * FROM accounts WHERE balance = 1")), null, null)), ErrorType.ValidationException,
                "Validation failed in TransactStatements[0]: Select statements within ExecuteTransaction must "
                        + "specify the primary key in the where clause.");
        assertError(() -> engine.executeTransaction(new ExecuteTransactionRequest(List.of(
                tx("SELECT * FROM accounts WHERE id = 'a'"), tx("DELETE FROM accounts WHERE id = 'b'")), null, null)),
                ErrorType.ValidationException, "does not support both read and write operations");
        ExecuteTransactionRequest add = new ExecuteTransactionRequest(List.of(
                tx("UPDATE accounts SET balance = balance + 1 WHERE id = 'c'")), "token-1", null);
        engine.executeTransaction(add);
        engine.executeTransaction(add);
        assertThat(balance("c")).isEqualTo(n(11));
    }
}
