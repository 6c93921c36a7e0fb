package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.server.DynamoServer;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.runner.RunResult;
import keystorm.workloads.runner.RunSpec;
import keystorm.workloads.runner.Runner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store that applies writes and then answers 500, or applies them and answers too late, is
 * never judged invalid: SdkStore calls both indeterminate, so the register's writes end info and
 * the checker lets them have happened. The control misclassifies info as fail and must be caught.
 */
class LyingServerRunTest {
    /** The client's patience: short, so held answers cost little, but past a loaded 2-core machine's p99. */
    private static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration HOLD = TIMEOUT.plusSeconds(1);

    @TempDir
    Path dir;
    private Engine engine;
    private DynamoServer real;

    @BeforeEach
    void start() {
        engine = new Engine(EngineConfig.inMemory());
        real = DynamoServer.start(engine, "127.0.0.1", 0, false);
    }

    @AfterEach
    void stop() {
        real.close();
        engine.close();
    }

    @Test
    void aWriteAnswered500IsIndeterminateAndVisibleToTheNextRead() throws Exception {
        try (LyingServer liar = new LyingServer(real.endpoint(), 1, 1.0, 0, HOLD);
             SdkStore store = store(liar)) {
            writeThenRead(store);
            assertThat(liar.lies()).isEqualTo(1);
        }
    }

    @Test
    void aWriteAnsweredTooLateIsIndeterminateAndVisibleToTheNextRead() throws Exception {
        try (LyingServer liar = new LyingServer(real.endpoint(), 1, 0, 1.0, HOLD);
             SdkStore store = store(liar)) {
            writeThenRead(store);
            assertThat(liar.holds()).isEqualTo(1);
        }
    }

    private static void writeThenRead(SdkStore store) {
        store.createTable(CreateTableRequest.onDemand("lies", "k", ScalarAttributeType.S, null, null));
        Map<String, AttributeValue> key = Map.of("k", AttributeValue.s("a"));
        Item item = Item.of(Map.of("k", AttributeValue.s("a"), "v", AttributeValue.n(42)));
        assertThatThrownBy(() -> store.putItem(PutItemRequest.of("lies", item)))
                .isInstanceOf(IndeterminateException.class);
        assertThat(store.getItem(GetItemRequest.consistent("lies", key)).item()).isEqualTo(item);
    }

    @Test
    void theRegisterThroughALyingServerIsLinearizable() throws Exception {
        try (LyingServer liar = new LyingServer(real.endpoint(), 3, 0.3, 0.1, HOLD);
             SdkStore store = store(liar)) {
            RunResult result = run(RegisterWorkload.linearizable(options()), liar, store);
            System.out.println(result.render());
            System.out.printf("lies %d, holds %d, reads only an info write explains %d%n", liar.lies(), liar.holds(),
                    readsOnlyInfoExplains(result.history()));
            assertThat(result.validity()).isEqualTo(Validity.VALID);
            assertThat(result.statistics().count(OpType.INFO)).isGreaterThan(0);
            assertThat(result.statistics().count(OpType.OK)).isGreaterThan(50);
            assertThat(liar.lies()).isGreaterThan(0);
            assertThat(liar.holds()).isGreaterThan(0);
            assertThat(readsOnlyInfoExplains(result.history())).isGreaterThan(0);
        }
    }

    /** The control: the same lies, a client that records info as fail. The checker must catch it. */
    @Test
    void aClientThatCallsInfoAFailureIsCaught() throws Exception {
        try (LyingServer liar = new LyingServer(real.endpoint(), 3, 0.3, 0.1, HOLD);
             SdkStore store = store(liar)) {
            Workload<Payload.Keyed> honest = RegisterWorkload.linearizable(options());
            Workload<Payload.Keyed> misclassifying = new Workload<>(honest.name(), honest.family(), honest.keyed(),
                    honest.generator(), honest.finalGenerator(), new InfoAsFail<>(honest.client()), honest.checker());
            RunResult result = run(misclassifying, liar, store);
            System.out.println(result.render());
            assertThat(result.statistics().count(OpType.INFO)).isZero();
            assertThat(liar.lies()).isGreaterThan(0);
            assertThat(result.validity()).isEqualTo(Validity.INVALID);
        }
    }

    /** Few keys so that an applied write is soon read, and cannot hide among many others. */
    private static WorkloadOptions options() {
        return new WorkloadOptions(5, 4, new KeyDistribution.Uniform(4), "lies-", 8);
    }

    /**
     * The workload's table is made first by a patient client through the liar (which lies only
     * about writes), so the run's own setup, which nothing retries, does not pay a cold JVM's
     * first request against the short timeout.
     */
    private RunResult run(Workload<Payload.Keyed> workload, LyingServer liar, Store store) throws Exception {
        try (SdkStore patient = new SdkStore(URI.create(liar.endpoint()))) {
            patient.createTable(CreateTableRequest.onDemand(options().table("register"), "k", ScalarAttributeType.S,
                    null, null));
        }
        return Runner.run(new RunSpec<>(workload, store, 8, Duration.ofSeconds(4), 0, 5, null, null,
                dir.resolve("history.jsonl"), Duration.ofSeconds(10)));
    }

    private static SdkStore store(LyingServer liar) {
        return new SdkStore(URI.create(liar.endpoint()), SdkStore.DEFAULT_REGION, SdkStore.Credentials.LOCAL, TIMEOUT);
    }

    /** The classic harness bug, on purpose: an unknown outcome recorded as "did not happen". */
    private record InfoAsFail<P extends Payload>(Client<P> inner) implements Client<P> {
        @Override
        public void setup(Store store) {
            inner.setup(store);
        }

        @Override
        public Completion<P> invoke(Store store, P op) {
            Completion<P> completion = inner.invoke(store, op);
            return completion.type() == OpType.INFO ? Completion.fail(completion.payload(), completion.error()) : completion;
        }
    }

    /**
     * Reads of a value that no write completed ok could have put there: only a write that ended
     * info explains them, so they show the lied-about writes were applied and read back.
     */
    static int readsOnlyInfoExplains(Path history) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<Integer, JsonNode> pending = new HashMap<>();
        List<JsonNode[]> completed = new ArrayList<>(); // {invoke, completion}
        for (String line : Files.readAllLines(history)) {
            JsonNode op = json.readTree(line);
            int process = op.get("process").asInt();
            if (op.get("type").asText().equals("invoke")) {
                pending.put(process, op);
            } else {
                completed.add(new JsonNode[] {pending.remove(process), op});
            }
        }
        for (JsonNode invoke : pending.values()) {
            completed.add(new JsonNode[] {invoke, null});
        }
        int count = 0;
        for (JsonNode[] read : completed) {
            JsonNode done = read[1];
            if (done == null || !done.get("f").asText().equals("read") || !done.get("type").asText().equals("ok")
                    || done.get("value").get(1).isNull()) {
                continue;
            }
            String key = done.get("value").get(0).asText();
            long seen = done.get("value").get(1).asLong();
            boolean okExplains = false;
            boolean infoExplains = false;
            for (JsonNode[] write : completed) {
                JsonNode invoke = write[0];
                String f = invoke.get("f").asText();
                if (f.equals("read") || !invoke.get("value").get(0).asText().equals(key)
                        || invoke.get("index").asLong() > done.get("index").asLong()) {
                    continue;
                }
                JsonNode value = invoke.get("value").get(1);
                long written = f.equals("cas") ? value.get(1).asLong() : value.asLong();
                if (written != seen) {
                    continue;
                }
                String type = write[1] == null ? "info" : write[1].get("type").asText();
                okExplains |= type.equals("ok");
                infoExplains |= type.equals("info");
            }
            if (infoExplains && !okExplains) {
                count++;
            }
        }
        return count;
    }
}
