package keystorm.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.time.ManualClock;
import keystorm.engine.wal.SyncPolicy;

/** The demo's second part: transactions, throttling, replica lag and a crash, each in a few lines. */
final class Guarantees {
    private Guarantees() {
    }

    static void run(Consumer<String> step) {
        transactions(step);
        throttling(step);
        replicas(step);
        crash(step);
    }

    private static Map<String, AttributeValue> account(String id) {
        return Map.of("id", AttributeValue.s(id));
    }

    private static TransactWriteItemsRequest transfer(long amount) {
        ExpressionInput a = ExpressionInput.values(Map.of(":a", AttributeValue.n(amount)));
        return TransactWriteItemsRequest.of(List.of(
                TransactWriteItem.Update.of("bank", account("alice"), "SET balance = balance - :a", "balance >= :a", a),
                TransactWriteItem.Update.of("bank", account("bob"), "SET balance = balance + :a", null, a)));
    }

    private static void transactions(Consumer<String> step) {
        Engine engine = new Engine();
        engine.createTable(CreateTableRequest.onDemand("bank", "id", ScalarAttributeType.S, null, null));
        engine.putItem(PutItemRequest.of("bank", Item.of(Map.of("id", AttributeValue.s("alice"), "balance", AttributeValue.n(100)))));
        engine.putItem(PutItemRequest.of("bank", Item.of(Map.of("id", AttributeValue.s("bob"), "balance", AttributeValue.n(0)))));
        engine.transactWriteItems(transfer(70).withToken("transfer-1"));
        engine.transactWriteItems(transfer(70).withToken("transfer-1"));
        step.accept("TransactWriteItems alice -> bob 70, sent twice with one ClientRequestToken -> balances "
                + balances(engine) + " (applied once)");
        try {
            engine.transactWriteItems(transfer(70));
        } catch (TransactionCanceledException e) {
            List<String> codes = new ArrayList<>();
            for (CancellationReason reason : e.reasons()) {
                codes.add(reason.code());
            }
            step.accept("TransactWriteItems alice -> bob 70 again -> TransactionCanceledException " + codes
                    + ", balances still " + balances(engine));
        }
    }

    private static String balances(Engine engine) {
        List<Item> items = engine.transactGetItems(TransactGetItemsRequest.of(List.of(
                TransactGetItem.of("bank", account("alice")), TransactGetItem.of("bank", account("bob"))))).responses();
        return "alice " + number(items.get(0).get("balance")) + ", bob " + number(items.get(1).get("balance"));
    }

    private static String number(AttributeValue value) {
        return value instanceof AttributeValue.N n ? n.value().toString() : String.valueOf(value);
    }

    private static void throttling(Consumer<String> step) {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock));
        engine.createTable(new CreateTableRequest("hot", List.of(new AttributeDefinition("pk", ScalarAttributeType.S)),
                List.of(new KeySchemaElement("pk", KeyType.HASH)), BillingMode.PROVISIONED,
                new ProvisionedThroughput(5, 5)));
        int accepted = 0;
        int throttled = 0;
        for (int i = 0; i < 4_000; i++) {
            try {
                engine.putItem(PutItemRequest.of("hot", Item.of(Map.of("pk", AttributeValue.s("celebrity"),
                        "n", AttributeValue.n(i)))));
                accepted++;
            } catch (DynamoException e) {
                throttled++;
            }
            clock.advance(500, TimeUnit.MICROSECONDS);
        }
        step.accept("2 s of one hot key at 2,000 writes/s on a 5-WCU table -> " + accepted + " written, " + throttled
                + " ProvisionedThroughputExceeded (burst capacity 300 s x 5 WCU = 1,500 units, then 5 a second)");
    }

    private static void replicas(Consumer<String> step) {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withReplicaLag(ReplicaLag.millis(200)));
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        Map<String, AttributeValue> key = Map.of("pk", AttributeValue.s("x"));
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", AttributeValue.s("x"), "v", AttributeValue.n(1)))));
        clock.advance(1, TimeUnit.SECONDS);
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", AttributeValue.s("x"), "v", AttributeValue.n(2)))));
        List<String> eventual = new ArrayList<>();
        List<String> strong = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            eventual.add(number(engine.getItem(GetItemRequest.of("kvs", key)).item().get("v")));
            strong.add(number(engine.getItem(GetItemRequest.consistent("kvs", key)).item().get("v")));
        }
        step.accept("followers 200 ms behind, x = 1 then x = 2: eventually consistent reads " + eventual
                + ", strongly consistent " + strong);
        engine.faults().crashLeader("kvs", 0);
        step.accept("leader of x's partition crashed, a follower took over -> strong read "
                + number(engine.getItem(GetItemRequest.consistent("kvs", key)).item().get("v")));
    }

    private static void crash(Consumer<String> step) {
        Path dir;
        try {
            dir = Files.createTempDirectory("keystorm-demo");
        } catch (IOException e) {
            step.accept("crash and recovery skipped: no temporary directory (" + e.getMessage() + ")");
            return;
        }
        try {
            Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS));
            engine.createTable(CreateTableRequest.onDemand("log", "pk", ScalarAttributeType.S, null, null));
            for (int i = 0; i < 200; i++) {
                engine.putItem(PutItemRequest.of("log", Item.of(Map.of("pk", AttributeValue.s("k" + i)))));
            }
            engine.faults().crash();
            try (Engine recovered = new Engine(EngineConfig.durable(dir, SyncPolicy.ALWAYS))) {
                step.accept("200 writes under sync policy always, then a simulated power loss -> "
                        + recovered.recovery().describe() + "; " + recovered.describeTable("log").itemCount()
                        + " of 200 acknowledged writes present");
            }
        } finally {
            deleteQuietly(dir);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(file -> {
                try {
                    Files.delete(file);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory left behind is harmless
        }
    }
}
