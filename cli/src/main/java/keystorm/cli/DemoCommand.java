package keystorm.cli;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import keystorm.engine.Engine;
import keystorm.engine.api.BatchGetItemRequest;
import keystorm.engine.api.BatchWriteItemRequest;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.KeysAndAttributes;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm demo}: a short, seeded scenario on the embedded engine that shows, step by
 * step, what the engine does: tables, conditional writes, updates, paged queries, batches, and
 * concurrent conditional increments of which none is lost.
 */
final class DemoCommand implements Subcommand {
    public String name() {
        return "demo";
    }

    public String summary() {
        return "run a short built-in scenario on the embedded engine and print what happened";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("threads incrementing the shared counters (default 8)").build());
        options.addOption(Option.builder().longOpt("increments").hasArg().argName("N")
                .desc("conditional increments in all (default 10000)").build());
        options.addOption(Option.builder().longOpt("seed").hasArg().argName("N").desc("random seed (default 1)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "demo", "keystorm demo [--threads N] [--increments N] [--seed N]", err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        int threads;
        int increments;
        long seed;
        try {
            threads = Flags.positiveInt(line, "threads", 8, 256);
            increments = Flags.positiveInt(line, "increments", 10_000, 10_000_000);
            seed = Flags.longValue(line, "seed", 1);
        } catch (IllegalArgumentException e) {
            err.println("keystorm demo: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm demo [options]", options());
            return ExitStatus.OK;
        }
        new Scenario(out, new Random(seed)).run(threads, increments);
        return ExitStatus.OK;
    }

    /** The scenario itself: each step prints what it did and what the engine answered. */
    private record Scenario(PrintStream out, Random random) {
        void run(int threads, int increments) {
            Engine engine = new Engine(keystorm.engine.EngineConfig.inMemory().withThrottling(false));
            out.println("keystorm demo: the embedded engine, step by step");
            out.println();
            TableDescription table = engine.createTable(CreateTableRequest.onDemand("orders", "customer",
                    ScalarAttributeType.S, "orderId", ScalarAttributeType.N));
            step("CreateTable orders (customer: S HASH, orderId: N RANGE) -> " + table.tableStatus());

            for (int i = 1; i <= 12; i++) {
                engine.putItem(PutItemRequest.of("orders", order("alice", i, 10 + random.nextInt(90))));
            }
            step("PutItem x12 for alice -> table now holds " + engine.describeTable("orders").itemCount() + " items");

            PutItemRequest once = PutItemRequest.of("orders", order("bob", 1, 42))
                    .withCondition("attribute_not_exists(customer)", null);
            engine.putItem(once);
            step("PutItem bob/1 if attribute_not_exists(customer) -> written");
            try {
                engine.putItem(once);
                step("PutItem bob/1 again -> written (unexpected!)");
            } catch (ConditionalCheckFailedException e) {
                step("PutItem bob/1 again with the same condition -> " + e.type() + ": " + e.getMessage());
            }

            Item updated = engine.updateItem(UpdateItemRequest.of("orders", key("alice", 3),
                            "SET amount = amount + :tip, #s = :shipped",
                            new ExpressionInput(Map.of("#s", "status"), Map.of(":tip", AttributeValue.n("2.50"),
                                    ":shipped", AttributeValue.s("shipped"))))
                    .withReturnValues(ReturnValue.ALL_NEW)).attributes();
            step("UpdateItem alice/3 SET amount = amount + 2.50, #status = shipped -> " + show(updated));

            try {
                engine.updateItem(UpdateItemRequest.of("orders", key("alice", 3), "SET status = :s",
                        ExpressionInput.values(Map.of(":s", AttributeValue.s("lost")))));
            } catch (DynamoException e) {
                step("UpdateItem with the reserved word 'status' used bare -> " + e.type() + ": " + e.getMessage());
            }

            QueryRequest query = new QueryRequest("orders", "customer = :c AND orderId >= :from", "amount > :min",
                    null, ExpressionInput.values(Map.of(":c", AttributeValue.s("alice"), ":from", AttributeValue.n(2),
                    ":min", AttributeValue.n(30))), null, 4, true, null, null, null);
            Map<String, AttributeValue> start = null;
            int pageNumber = 0;
            do {
                PageResponse page = engine.query(query.withExclusiveStartKey(start));
                pageNumber++;
                step("Query alice orderId >= 2, filter amount > 30, Limit 4: page " + pageNumber + " evaluated "
                        + page.scannedCount() + ", matched " + page.count() + " " + ids(page.items())
                        + (page.lastEvaluatedKey() == null ? ", last page" : ", continues after orderId "
                        + number(page.lastEvaluatedKey().get("orderId"))));
                start = page.lastEvaluatedKey();
            } while (start != null && pageNumber < 10);

            List<WriteRequest> writes = new ArrayList<>();
            for (int i = 1; i <= 5; i++) {
                writes.add(new WriteRequest.Put(order("carol", i, 5 * i)));
            }
            writes.add(new WriteRequest.Delete(key("alice", 12)));
            engine.batchWriteItem(new BatchWriteItemRequest(Map.of("orders", writes), null));
            int found = engine.batchGetItem(new BatchGetItemRequest(Map.of("orders", KeysAndAttributes.of(List.of(
                    key("carol", 1), key("carol", 5), key("alice", 12)))), null)).responses().get("orders").size();
            step("BatchWriteItem 5 puts for carol + delete alice/12; BatchGetItem carol/1, carol/5, alice/12 -> "
                    + found + " found");

            counters(engine, threads, increments);
            out.println();
            out.println("the engine's guarantees:");
            out.println();
            Guarantees.run(this::step);
            out.println();
            out.println("done: the engine answered every step as DynamoDB would.");
        }

        private void counters(Engine engine, int threads, int increments) {
            for (int i = 0; i < 3; i++) {
                engine.putItem(PutItemRequest.of("orders", Item.of(Map.of("customer", AttributeValue.s("counter"),
                        "orderId", AttributeValue.n(i), "hits", AttributeValue.n(0)))));
            }
            AtomicLong applied = new AtomicLong();
            AtomicLong retried = new AtomicLong();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int share = increments / threads + (t < increments % threads ? 1 : 0);
                int thread = t;
                workers.add(Thread.ofPlatform().start(() -> {
                    awaitQuietly(start);
                    for (int i = 0; i < share; i++) {
                        Map<String, AttributeValue> key = key("counter", (thread + i) % 3);
                        while (true) {
                            AttributeValue hits = engine.getItem(GetItemRequest.consistent("orders", key)).item().get("hits");
                            long seen = ((AttributeValue.N) hits).value().toBigDecimal().longValueExact();
                            try {
                                engine.updateItem(UpdateItemRequest.of("orders", key, "SET hits = :next",
                                        ExpressionInput.values(Map.of(":seen", hits, ":next", AttributeValue.n(seen + 1))))
                                        .withCondition("hits = :seen"));
                                applied.incrementAndGet();
                                break;
                            } catch (ConditionalCheckFailedException e) {
                                retried.incrementAndGet();
                            }
                        }
                    }
                }));
            }
            start.countDown();
            for (Thread worker : workers) {
                try {
                    worker.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
            long total = 0;
            for (int i = 0; i < 3; i++) {
                AttributeValue hits = engine.getItem(GetItemRequest.consistent("orders", key("counter", i))).item().get("hits");
                total += ((AttributeValue.N) hits).value().toBigDecimal().longValueExact();
            }
            step(threads + " threads x compare-and-set increments on 3 hot items: " + applied.get() + " applied, "
                    + retried.get() + " retried after ConditionalCheckFailed, counters sum to " + total
                    + (total == increments ? " -> none lost, none doubled" : " -> MISMATCH, expected " + increments));
        }

        void step(String text) {
            out.println("  * " + text);
        }

        private static void awaitQuietly(CountDownLatch latch) {
            try {
                latch.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static Item order(String customer, int id, long total) {
            return Item.of(Map.of("customer", AttributeValue.s(customer), "orderId", AttributeValue.n(id),
                    "amount", AttributeValue.n(total)));
        }

        private static Map<String, AttributeValue> key(String customer, int id) {
            return Map.of("customer", AttributeValue.s(customer), "orderId", AttributeValue.n(id));
        }

        private static String ids(List<Item> items) {
            List<String> ids = new ArrayList<>();
            for (Item item : items) {
                ids.add("#" + number(item.get("orderId")) + " (" + number(item.get("amount")) + ")");
            }
            return ids.toString();
        }

        private static String number(AttributeValue value) {
            return ((AttributeValue.N) value).value().toString();
        }

        private static String show(Item item) {
            return item.toString();
        }
    }
}
