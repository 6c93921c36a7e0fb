package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.ExecuteStatementRequest;
import keystorm.engine.api.ExecuteStatementResponse;
import keystorm.engine.api.ExecuteTransactionRequest;
import keystorm.engine.api.ParameterizedStatement;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.checker.history.OpType;
import keystorm.workloads.Api;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.SdkStore;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --api partiql} over HTTP through SdkStore: register and bank against DynamoDB Local and against
 * {@code keystorm serve}'s server, judged valid by the same checkers as the item API's runs.
 */
class PartiqlWorkloadsHttpTest {
    private static Peers peers;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
    }

    @AfterAll
    static void stop() throws Exception {
        peers.close();
    }

    /** SdkStore's PartiQL calls answer as the Store contract says, whichever server: DynamoDB's error types, typed. */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"local", "keystorm"})
    void sdkStoreTranslatesPartiqlOutcomes(String where) {
        String endpoint = where.equals("local") ? peers.localEndpoint() : peers.keystorm.endpoint();
        try (SdkStore store = new SdkStore(URI.create(endpoint))) {
            String table = "pq-store-" + where;
            store.createTable(keystorm.engine.api.CreateTableRequest.onDemand(table, "k",
                    keystorm.engine.api.ScalarAttributeType.S, null, null));
            AttributeValue key = AttributeValue.s("a");
            String insert = "INSERT INTO \"" + table + "\" VALUE {'k': ?, 'v': ?}";
            assertThat(store.executeStatement(ExecuteStatementRequest.of(insert, key, AttributeValue.n(1))).items()).isEmpty();
            assertThatThrownBy(() -> store.executeStatement(ExecuteStatementRequest.of(insert, key, AttributeValue.n(2))))
                    .isInstanceOfSatisfying(DynamoException.class,
                            e -> assertThat(e.type()).isEqualTo(ErrorType.DuplicateItemException));
            assertThatThrownBy(() -> store.executeStatement(new ExecuteStatementRequest("UPDATE \"" + table
                    + "\" SET v = 5 WHERE k = ? AND v = ?", List.of(key, AttributeValue.n(9)), false, null, null, null,
                    ReturnValuesOnConditionCheckFailure.ALL_OLD)))
                    .isInstanceOfSatisfying(ConditionalCheckFailedException.class,
                            e -> assertThat(e.item().get("v")).isEqualTo(AttributeValue.n(1)));
            List<Item> read = store.executeTransaction(new ExecuteTransactionRequest(List.of(
                    new ParameterizedStatement("SELECT * FROM \"" + table + "\" WHERE k = ?", List.of(key), null),
                    new ParameterizedStatement("SELECT * FROM \"" + table + "\" WHERE k = 'none'", null, null)),
                    null, null)).responses();
            assertThat(read).hasSize(2);
            assertThat(read.get(0).get("v")).isEqualTo(AttributeValue.n(1));
            assertThat(read.get(1)).isNull();
            assertThatThrownBy(() -> store.executeTransaction(new ExecuteTransactionRequest(List.of(
                    new ParameterizedStatement("UPDATE \"" + table + "\" SET v = v + 1 WHERE k = ?", List.of(key), null),
                    new ParameterizedStatement("UPDATE \"" + table + "\" SET v = 1 WHERE k = 'none'", null, null)),
                    null, null))).isInstanceOfSatisfying(TransactionCanceledException.class,
                            e -> assertThat(e.reasons()).extracting(CancellationReason::code)
                                    .containsExactly("None", "ConditionalCheckFailed"));
            ExecuteStatementResponse page = store.executeStatement(new ExecuteStatementRequest(
                    "SELECT * FROM \"" + table + "\"", List.of(), true, 1, null, null, null));
            assertThat(page.items()).hasSize(1);
        }
    }

    @ParameterizedTest
    @CsvSource({"register, local", "bank, local", "register, keystorm", "bank, keystorm"})
    void isJudgedValid(String name, String where) throws Exception {
        WorkloadOptions options = new WorkloadOptions(13, 6, new KeyDistribution.Uniform(6), "pq-" + name + "-", 6)
                .withApi(Api.PARTIQL);
        Workload<?> workload = Workloads.create(name, options);
        String endpoint = where.equals("local") ? peers.localEndpoint() : peers.keystorm.endpoint();
        try (SdkStore store = new SdkStore(URI.create(endpoint))) {
            RunResult result = Runner.run(new RunSpec<>(workload, store, 6, Duration.ofSeconds(2), 0, 13, null, null,
                    dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
            assertThat(result.statistics().count(OpType.OK)).as(result.render()).isGreaterThanOrEqualTo(6);
            assertThat(result.statistics().count(OpType.INFO)).as(result.render()).isZero();
            assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        }
    }
}
