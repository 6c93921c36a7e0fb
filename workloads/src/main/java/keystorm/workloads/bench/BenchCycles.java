package keystorm.workloads.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import keystorm.workloads.bench.load.CycleSource;
import keystorm.workloads.keys.KeyDistribution;

/**
 * A benchmark's cycles: cycle {@code n} is one logical operation of the workload, its kind and its
 * key drawn from a random seeded by {@code mix(seed, n)}, so the same cycle is the same operation
 * in any run and on any shard. The data model is YCSB's on a table of {@code pk}/{@code sk}: record
 * {@code k} is logical key {@code user<k>} (the key distribution scrambles already), item
 * {@link #RECORD_ITEM}, fields {@code field0}... ({@link ItemShape}); where its item lives is the
 * strategy's {@link KeyStrategy#writeKey} of the record, its number as the cycle and
 * {@link #RECORD_EPOCH_MILLIS} as the time, so an update or a read on any shard finds the item
 * the load phase wrote.
 *
 * <p>A logical read asks every key of {@link KeyStrategy#pointReadKeys} at once (a pipelined
 * client has them in flight together; a synchronous one answers each before the next is sent)
 * and merges ({@link #mergeRead}): found if any found (the item is there, whatever the other keys
 * answered), else throttled if any was, else indeterminate if any was, else failed if any failed,
 * else OK and not found. It counts its requests and read units into the {@link RequestTally}: the
 * read cost of the strategy.
 *
 * <p>Inserts (ycsb-d, ycsb-e) add records {@code records + shard + shards * i}, disjoint between
 * shards; the {@code latest} distribution sees the records below the contiguous prefix of
 * answered inserts ({@link AcknowledgedWindow}, as YCSB's acknowledged counter): an insert in
 * flight is not read, and one that was throttled or failed is a gap whose reads find nothing,
 * counted as not found ({@link RequestTally#notFound}). Write-heavy inserts an
 * item {@code c<cycle>} under a drawn logical key at the current time, and reads the item last
 * written under a drawn key (the loaded one until an insert there succeeds).
 *
 * <p>Only cycles from {@code firstMeasuredCycle} on are counted in the tally and the contributors:
 * the warm-up and the load phase are not. (The load generator intends cycle {@code c} at
 * {@code start + c / rate}, so the warm-up is the cycles below {@code warmup x rate}: a count,
 * not a clock, and the same on every shard.)
 */
public final class BenchCycles implements CycleSource {
    /** The item id of a YCSB record. */
    public static final String RECORD_ITEM = "item";
    /** The write time every record is dated at (2026-01-01T00:00Z), so every shard computes its key alike. */
    public static final long RECORD_EPOCH_MILLIS = 1_767_225_600_000L;
    /** Whether reads are strongly consistent: no, as YCSB's DynamoDB binding's default. */
    public static final boolean CONSISTENT_READS = false;

    /** What the cycles act on and count into. */
    public record Setup(String table, BenchWorkload workload, ItemShape shape, KeyStrategy strategy,
                        java.util.function.Function<IntSupplier, KeyDistribution> distribution, int records, long seed,
                        int shardIndex, int shardCount, BenchClient client, RequestTally tally,
                        KeyContributors contributors, long firstMeasuredCycle, LongSupplier clockMillis,
                        LongSupplier clockNanos) {
        public Setup {
            if (records < 1 || shardCount < 1 || shardIndex < 0 || shardIndex >= shardCount) {
                throw new IllegalArgumentException("records " + records + ", shard " + shardIndex + " of " + shardCount);
            }
        }
    }

    private record Written(String itemId, long writtenMillis, long cycle) {
    }

    private final Setup setup;
    private final List<BenchWorkload.Op> ops;
    private final int[] opIndex = new int[BenchWorkload.Op.values().length];
    private final KeyDistribution distribution;
    private final AtomicInteger insertsStarted = new AtomicInteger();
    private final AcknowledgedWindow insertsAcknowledged = new AcknowledgedWindow();
    private final AtomicReferenceArray<Written> lastWritten;

    public BenchCycles(Setup setup) {
        this.setup = setup;
        this.ops = setup.workload().operations();
        for (int i = 0; i < ops.size(); i++) {
            opIndex[ops.get(i).ordinal()] = i;
        }
        IntSupplier recordCount = () -> (int) Math.min(Integer.MAX_VALUE,
                setup.records() + insertsAcknowledged.prefix() * setup.shardCount());
        this.distribution = setup.distribution().apply(recordCount);
        this.lastWritten = setup.workload().writeHeavy() ? new AtomicReferenceArray<>(setup.records()) : null;
    }

    /**
     * The numbers {@code 0, 1, 2...} handed out in order and answered in any order, and the
     * contiguous prefix of the answered ones. Reading the prefix (every {@code latest} draw) is one
     * volatile read; answering (one per insert) takes a lock. Answers ahead of the prefix wait in a
     * set, however far ahead: one insert stalled for seconds under a fault while others are answered
     * holds the prefix back (as YCSB's acknowledged counter does) and costs memory for the answers
     * behind it, never an error.
     */
    static final class AcknowledgedWindow {
        private final java.util.HashSet<Long> ahead = new java.util.HashSet<>();
        private volatile long prefix;

        /** The numbers below this are all answered. */
        long prefix() {
            return prefix;
        }

        synchronized void acknowledge(long number) {
            long p = prefix;
            if (number > p) {
                if (!ahead.add(number)) {
                    throw new IllegalStateException("insert " + number + " answered twice");
                }
                return;
            }
            if (number < p) {
                throw new IllegalStateException("insert " + number + " answered twice (the prefix is past it)");
            }
            p++;
            while (ahead.remove(p)) {
                p++;
            }
            prefix = p;
        }
    }

    /** SplitMix64's finaliser of the seed and the cycle: independent streams for neighbouring cycles. */
    public static long mix(long seed, long cycle) {
        long z = seed + 0x9E3779B97F4A7C15L * (cycle + 1);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** The logical key of record {@code k}. */
    public static String logicalKey(long record) {
        return "user" + record;
    }

    /** The physical key record {@code k}'s item is written under. */
    public BenchKey recordKey(long record) {
        String logical = logicalKey(record);
        return new BenchKey(setup.strategy().writeKey(logical, RECORD_ITEM, record, RECORD_EPOCH_MILLIS), RECORD_ITEM);
    }

    @Override
    public List<String> operations() {
        return ops.stream().map(BenchWorkload.Op::spelling).toList();
    }

    /** The operation cycle {@code cycle} runs, without running it. */
    public BenchWorkload.Op operation(long cycle) {
        return setup.workload().choose(new SplittableRandom(mix(setup.seed(), cycle)).nextDouble());
    }

    @Override
    public Started start(long cycle, long intendedNanos) {
        SplittableRandom random = new SplittableRandom(mix(setup.seed(), cycle));
        BenchWorkload.Op op = setup.workload().choose(random.nextDouble());
        boolean counted = cycle >= setup.firstMeasuredCycle();
        return setup.workload().writeHeavy() ? writeHeavy(op, cycle, random, counted) : ycsb(op, random, counted);
    }

    /** The logical key of a record, for a history sample. */
    @Override
    public String key(long record) {
        return record < 0 ? null : logicalKey(record);
    }

    /** The most tries of one record's put in the load phase. */
    static final int LOAD_TRIES_MAX = 30;
    /** The longest wait between two tries. */
    static final long LOAD_BACKOFF_MILLIS_MAX = 1_000;

    /**
     * The load phase: cycle {@code k} writes record {@code k}, for k below {@code records} (the
     * load generator's cycle limit); never counted. A put that is throttled or has no answer is
     * tried again (a put of the same item is idempotent), after 10 ms doubled each time up to
     * {@link #LOAD_BACKOFF_MILLIS_MAX}, at most {@link #LOAD_TRIES_MAX} times, as an SDK's retry
     * policy would: a provisioned table is throttled by a load at full speed, and the measured
     * phase needs every record there.
     */
    public CycleSource loadPhase() {
        return new CycleSource() {
            @Override
            public List<String> operations() {
                return List.of("load");
            }

            @Override
            public Started start(long cycle, long intendedNanos) {
                SplittableRandom random = new SplittableRandom(mix(setup.seed() ^ 0x10AD, cycle));
                BenchRequest.Put put = new BenchRequest.Put(setup.table(), recordKey(cycle), setup.shape().fields(random));
                return new Started(0, load(put, 1));
            }
        };
    }

    private CompletableFuture<BenchOutcome> load(BenchRequest.Put put, int attempt) {
        return send(put, false).thenCompose(outcome -> {
            boolean again = outcome.kind() == BenchOutcome.Kind.THROTTLED || outcome.kind() == BenchOutcome.Kind.INDETERMINATE;
            if (!again || attempt >= LOAD_TRIES_MAX) {
                return CompletableFuture.completedFuture(outcome);
            }
            long waitMillis = Math.min(LOAD_BACKOFF_MILLIS_MAX, 10L << Math.min(attempt - 1, 20));
            return CompletableFuture.supplyAsync(() -> null,
                            CompletableFuture.delayedExecutor(waitMillis, java.util.concurrent.TimeUnit.MILLISECONDS))
                    .thenCompose(ignored -> load(put, attempt + 1));
        });
    }

    private Started ycsb(BenchWorkload.Op op, SplittableRandom random, boolean counted) {
        int index = opIndex[op.ordinal()];
        return switch (op) {
            case READ -> {
                int record = distribution.next(random);
                yield new Started(index, read(op, logicalKey(record), RECORD_ITEM, RECORD_EPOCH_MILLIS, counted), record);
            }
            case UPDATE -> {
                int record = distribution.next(random);
                yield new Started(index, update(recordKey(record), random, counted), record);
            }
            case INSERT -> {
                int number = insertsStarted.getAndIncrement();
                long record = setup.records() + setup.shardIndex() + (long) setup.shardCount() * number;
                yield new Started(index, send(new BenchRequest.Put(setup.table(), recordKey(record),
                        setup.shape().fields(random)), counted).thenApply(outcome -> {
                            insertsAcknowledged.acknowledge(number);
                            return outcome;
                        }), record);
            }
            case SCAN -> {
                int record = distribution.next(random);
                BenchKey start = recordKey(record);
                int length = 1 + random.nextInt(setup.workload().maxScanLength());
                yield new Started(index, send(new BenchRequest.Scan(setup.table(), start, length), counted), record);
            }
            case READ_MODIFY_WRITE -> {
                int record = distribution.next(random);
                yield new Started(index, read(op, logicalKey(record), RECORD_ITEM, RECORD_EPOCH_MILLIS, counted)
                        .thenCompose(read -> update(recordKey(record), random, counted)
                                .thenApply(write -> merge(List.of(read, write)))), record);
            }
        };
    }

    private Started writeHeavy(BenchWorkload.Op op, long cycle, SplittableRandom random, boolean counted) {
        int record = distribution.next(random) % setup.records();
        return new Started(opIndex[op.ordinal()], writeHeavy(op, cycle, record, random, counted), record);
    }

    private CompletableFuture<BenchOutcome> writeHeavy(BenchWorkload.Op op, long cycle, int record, SplittableRandom random,
                                                       boolean counted) {
        String logical = logicalKey(record);
        return switch (op) {
            case INSERT -> {
                String itemId = "c" + cycle;
                long now = setup.clockMillis().getAsLong();
                BenchKey key = new BenchKey(setup.strategy().writeKey(logical, itemId, cycle, now), itemId);
                Written written = new Written(itemId, now, cycle);
                yield send(new BenchRequest.Put(setup.table(), key, setup.shape().fields(random)), counted)
                        .thenApply(outcome -> {
                            if (outcome.kind() == BenchOutcome.Kind.OK) {
                                lastWritten.accumulateAndGet(record, written,
                                        (old, mine) -> old == null || old.cycle() < mine.cycle() ? mine : old);
                            }
                            return outcome;
                        });
            }
            case READ -> {
                Written last = lastWritten.get(record);
                yield last == null ? read(op, logical, RECORD_ITEM, RECORD_EPOCH_MILLIS, counted)
                        : read(op, logical, last.itemId(), last.writtenMillis(), counted);
            }
            default -> throw new IllegalStateException("write-heavy has no " + op.spelling());
        };
    }

    private CompletableFuture<BenchOutcome> update(BenchKey key, SplittableRandom random, boolean counted) {
        int field = random.nextInt(setup.shape().fieldCount());
        return send(new BenchRequest.Update(setup.table(), key, setup.shape().fieldName(field), setup.shape().value(random)),
                counted);
    }

    /** A logical point read: every key the strategy names, merged, and its cost tallied. */
    private CompletableFuture<BenchOutcome> read(BenchWorkload.Op op, String logical, String itemId, long writtenMillis,
                                                 boolean counted) {
        List<String> pks = setup.strategy().pointReadKeys(logical, itemId, writtenMillis);
        List<CompletableFuture<BenchOutcome>> futures = new ArrayList<>(pks.size());
        for (String pk : pks) {
            futures.add(send(new BenchRequest.Get(setup.table(), new BenchKey(pk, itemId), CONSISTENT_READS), counted));
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<BenchOutcome> outcomes = futures.stream().map(CompletableFuture::join).toList();
            BenchOutcome merged = mergeRead(outcomes);
            if (counted) {
                setup.tally().logicalRead(outcomes.size(), merged.readUnits());
                if (merged.kind() == BenchOutcome.Kind.OK && merged.items() == 0) {
                    setup.tally().notFound(op.spelling());
                }
            }
            return merged;
        });
    }

    /** Sends one request; tallies it and its partition key if counted. Never completes exceptionally. */
    private CompletableFuture<BenchOutcome> send(BenchRequest request, boolean counted) {
        CompletableFuture<BenchOutcome> sent;
        try {
            sent = setup.client().execute(request);
        } catch (RuntimeException e) {
            sent = CompletableFuture.completedFuture(BenchOutcome.indeterminate(e.toString()));
        }
        CompletableFuture<BenchOutcome> outcome = sent.exceptionally(e -> BenchOutcome.indeterminate(e.toString()));
        if (!counted) {
            return outcome;
        }
        return outcome.thenApply(result -> {
            setup.tally().request(result);
            contribute(request, result);
            return result;
        });
    }

    private void contribute(BenchRequest request, BenchOutcome outcome) {
        BenchKey key = switch (request) {
            case BenchRequest.Get g -> g.key();
            case BenchRequest.Put p -> p.key();
            case BenchRequest.Update u -> u.key();
            case BenchRequest.Query q -> null;
            case BenchRequest.Scan s -> null;
            case BenchRequest.BatchGet b -> null;
        };
        if (key == null || outcome.kind() == BenchOutcome.Kind.FAILED || outcome.kind() == BenchOutcome.Kind.INDETERMINATE) {
            return;
        }
        long now = setup.clockNanos().getAsLong();
        if (outcome.kind() == BenchOutcome.Kind.OK) {
            setup.contributors().add(now, key.pk(), outcome.readUnits(), outcome.writeUnits(), false);
        } else if (request instanceof BenchRequest.Get get) {
            setup.contributors().add(now, key.pk(), setup.shape().readUnits(key, get.consistent()), 0, true);
        } else {
            setup.contributors().add(now, key.pk(), 0, setup.shape().writeUnits(key), true);
        }
    }

    /**
     * Merges the answers of one logical read's keys: OK if any found the item (a read that found
     * it succeeded, whatever another suffix answered), else as {@link #merge}.
     */
    static BenchOutcome mergeRead(List<BenchOutcome> outcomes) {
        BenchOutcome merged = merge(outcomes);
        if (merged.kind() != BenchOutcome.Kind.OK
                && outcomes.stream().anyMatch(o -> o.kind() == BenchOutcome.Kind.OK && o.items() > 0)) {
            return BenchOutcome.ok(merged.readUnits(), merged.writeUnits(), merged.items());
        }
        return merged;
    }

    /**
     * Merges the outcomes of one logical operation's steps (a read-modify-write's read and write):
     * the worst of them, throttled before indeterminate before failed; the units and items summed.
     */
    static BenchOutcome merge(List<BenchOutcome> outcomes) {
        double read = 0;
        double write = 0;
        int items = 0;
        BenchOutcome worst = null;
        for (BenchOutcome outcome : outcomes) {
            read += outcome.readUnits();
            write += outcome.writeUnits();
            items += outcome.items();
            if (outcome.kind() != BenchOutcome.Kind.OK && (worst == null || rank(outcome.kind()) > rank(worst.kind()))) {
                worst = outcome;
            }
        }
        return worst == null ? BenchOutcome.ok(read, write, items)
                : new BenchOutcome(worst.kind(), worst.errorType(), read, write, items);
    }

    private static int rank(BenchOutcome.Kind kind) {
        return switch (kind) {
            case OK -> 0;
            case FAILED -> 1;
            case INDETERMINATE -> 2;
            case THROTTLED -> 3;
        };
    }
}
