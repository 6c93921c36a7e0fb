package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.Test;

/**
 * Jepsen's bank: accounts whose balances only move by transfers, so their total never changes.
 * Eight threads transfer between random accounts (read both balances, then one
 * TransactWriteItems that sets both, each on the condition that its balance is still the one
 * read) while others read all accounts with TransactGetItems. On the correct engine every read
 * and the final state sum to the starting total; the seeded transaction bugs break it.
 */
class BankTest {
    static final int ACCOUNTS = 8;
    static final long START = 100;
    static final long TOTAL = ACCOUNTS * START;
    static final int TRANSFER_THREADS = 6;
    static final int READ_THREADS = 2;
    static final int TRANSFERS_PER_THREAD = 2_000;

    /** What one run saw. */
    record Outcome(long transfers, long reads, long wrongReads, long finalTotal, long negative) {
    }

    @Test
    void totalNeverChangesOnTheCorrectEngine() throws Exception {
        Outcome outcome = run(Set.of());
        assertThat(outcome.transfers()).as("transfers that went through").isGreaterThan(100);
        assertThat(outcome.reads()).as("reads that went through").isGreaterThan(10);
        assertThat(outcome.wrongReads()).as("TransactGetItems that did not sum to " + TOTAL).isZero();
        assertThat(outcome.finalTotal()).isEqualTo(TOTAL);
        assertThat(outcome.negative()).isZero();
    }

    /** torn-transaction: conditions checked without isolation and items applied one by one. */
    @Test
    void tornTransactionBugBreaksTheTotal() throws Exception {
        Outcome outcome = run(Set.of(Bug.TORN_TRANSACTION));
        assertThat(outcome.wrongReads() + Math.abs(outcome.finalTotal() - TOTAL))
                .as("wrong reads or a drifted total: %s", outcome).isPositive();
    }

    /** dirty-transact-get: reads see a transfer half applied. */
    @Test
    void dirtyTransactGetBugSeesHalfATransfer() throws Exception {
        Outcome outcome = run(Set.of(Bug.DIRTY_TRANSACT_GET));
        assertThat(outcome.finalTotal()).as("the data itself stays right").isEqualTo(TOTAL);
        assertThat(outcome.wrongReads()).as("reads that saw half a transfer: %s", outcome).isPositive();
    }

    static Outcome run(Set<Bug> bugs) throws Exception {
        Engine engine = new Engine(EngineConfig.inMemory().withThrottling(false).withBugs(bugs));
        engine.createTable(CreateTableRequest.onDemand("bank", "id", ScalarAttributeType.S, null, null));
        for (int i = 0; i < ACCOUNTS; i++) {
            engine.putItem(PutItemRequest.of("bank", Item.of(Map.of("id", s("acct" + i), "balance", n(START)))));
        }
        AtomicLong transfers = new AtomicLong();
        AtomicLong reads = new AtomicLong();
        AtomicLong wrongReads = new AtomicLong();
        AtomicBoolean transferring = new AtomicBoolean(true);
        List<TransactGetItem> all = new ArrayList<>();
        for (int i = 0; i < ACCOUNTS; i++) {
            all.add(TransactGetItem.of("bank", Map.of("id", s("acct" + i))));
        }
        try (ExecutorService pool = Executors.newFixedThreadPool(TRANSFER_THREADS + READ_THREADS)) {
            List<Future<?>> transferers = new ArrayList<>();
            for (int t = 0; t < TRANSFER_THREADS; t++) {
                SplittableRandom random = new SplittableRandom(t);
                transferers.add(pool.submit(() -> {
                    for (int i = 0; i < TRANSFERS_PER_THREAD; i++) {
                        int from = random.nextInt(ACCOUNTS);
                        int to = (from + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
                        if (transfer(engine, from, to, 1 + random.nextInt(10))) {
                            transfers.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            List<Future<?>> readers = new ArrayList<>();
            for (int t = 0; t < READ_THREADS; t++) {
                readers.add(pool.submit(() -> {
                    while (transferring.get()) {
                        try {
                            List<Item> items = engine.transactGetItems(TransactGetItemsRequest.of(all)).responses();
                            reads.incrementAndGet();
                            if (items.stream().mapToLong(BankTest::balance).sum() != TOTAL) {
                                wrongReads.incrementAndGet();
                            }
                        } catch (DynamoException cancelled) {
                            // TransactionConflict: a transfer was in flight; read again.
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> future : transferers) {
                future.get();
            }
            transferring.set(false);
            for (Future<?> future : readers) {
                future.get();
            }
        }
        long finalTotal = 0;
        long negative = 0;
        for (int i = 0; i < ACCOUNTS; i++) {
            long balance = balance(engine.getItem(GetItemRequest.consistent("bank", Map.of("id", s("acct" + i)))).item());
            finalTotal += balance;
            negative += balance < 0 ? 1 : 0;
        }
        return new Outcome(transfers.get(), reads.get(), wrongReads.get(), finalTotal, negative);
    }

    /** Moves {@code amount} if the source has it; false if it has not or the transaction was cancelled. */
    static boolean transfer(Engine engine, int from, int to, long amount) {
        Map<String, AttributeValue> fromKey = Map.of("id", s("acct" + from));
        Map<String, AttributeValue> toKey = Map.of("id", s("acct" + to));
        long a = balance(engine.getItem(GetItemRequest.consistent("bank", fromKey)).item());
        long b = balance(engine.getItem(GetItemRequest.consistent("bank", toKey)).item());
        if (a < amount) {
            return false;
        }
        try {
            engine.transactWriteItems(TransactWriteItemsRequest.of(List.of(
                    TransactWriteItem.Update.of("bank", fromKey, "SET balance = :new", "balance = :old",
                            ExpressionInput.values(Map.of(":new", n(a - amount), ":old", n(a)))),
                    TransactWriteItem.Update.of("bank", toKey, "SET balance = :new", "balance = :old",
                            ExpressionInput.values(Map.of(":new", n(b + amount), ":old", n(b)))))));
            return true;
        } catch (DynamoException cancelled) {
            return false;
        }
    }

    static long balance(Item item) {
        return ((AttributeValue.N) item.get("balance")).value().toBigDecimal().longValueExact();
    }
}
