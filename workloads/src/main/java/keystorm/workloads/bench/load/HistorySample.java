package keystorm.workloads.bench.load;

import java.io.IOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import keystorm.checker.history.JsonlHistory;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import keystorm.workloads.bench.BenchOutcome;

/**
 * A bounded sample of a benchmark's measured operations, for the run store's history.jsonl (the
 * file contract: for bench, a sample, never checked): every {@link #every()}-th cycle of this
 * shard, at most {@value #SAMPLED_MAX}, and besides them every operation that did not end ok, at
 * most {@value #FAILURES_MAX}.
 *
 * <p>Cost to the generator: a completed measured cycle makes one modulo and, when kept, one
 * atomic increment and one small object written into a preallocated slot; nothing else, no lock.
 * The key is a record number until the sample is written (the cycle source names it then).
 * A closed loop's cycle count is not known in advance: its sample is every cycle, so the first
 * {@value #SAMPLED_MAX} (and the failures among the rest).
 */
public final class HistorySample {
    public static final int SAMPLED_MAX = 100_000;
    public static final int FAILURES_MAX = 10_000;

    /**
     * One kept operation.
     *
     * @param record the cycle source's record number, or -1
     * @param startNanos when it was sent, System.nanoTime
     */
    public record Entry(int sender, int op, long record, long startNanos, long endNanos, BenchOutcome.Kind kind,
                        String error) {
    }

    private final long every;
    private final long originNanos;
    private final AtomicReferenceArray<Entry> sampled;
    private final AtomicInteger sampledCount = new AtomicInteger();
    private final AtomicReferenceArray<Entry> failures = new AtomicReferenceArray<>(FAILURES_MAX);
    private final AtomicInteger failureCount = new AtomicInteger();

    /**
     * @param expectedCycles the measured cycles this shard is expected to run, or 0 when not known
     * @param originNanos the run's time 0 (System.nanoTime) for the history's times
     */
    public HistorySample(long expectedCycles, long originNanos) {
        if (expectedCycles < 0) {
            throw new IllegalArgumentException("expected cycles are 0 or more, not " + expectedCycles);
        }
        this.every = Math.max(1, (expectedCycles + SAMPLED_MAX - 1) / SAMPLED_MAX);
        this.originNanos = originNanos;
        this.sampled = new AtomicReferenceArray<>((int) Math.min(SAMPLED_MAX, expectedCycles > 0
                ? expectedCycles / every + 1 : SAMPLED_MAX));
    }

    /** One operation kept in this many cycles. */
    public long every() {
        return every;
    }

    public long originNanos() {
        return originNanos;
    }

    /** What test.json's options.historySample says. */
    public String description() {
        return "every " + (every == 1 ? "" : ordinal(every) + " ") + "operation (at most " + SAMPLED_MAX
                + ") and failures: every operation that did not end ok, at most " + FAILURES_MAX + " more";
    }

    private static String ordinal(long n) {
        String suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : switch ((int) (n % 10)) {
            case 1 -> "st";
            case 2 -> "nd";
            case 3 -> "rd";
            default -> "th";
        };
        return n + suffix;
    }

    /** Offers one completed measured cycle ({@code localCycle} counts this shard's cycles from 0). */
    void offer(long localCycle, int sender, int op, long record, long startNanos, long endNanos, BenchOutcome outcome) {
        BenchOutcome.Kind kind = outcome == null ? BenchOutcome.Kind.INDETERMINATE : outcome.kind();
        if (localCycle % every == 0) {
            int slot = sampledCount.getAndIncrement();
            if (slot < sampled.length()) {
                sampled.set(slot, new Entry(sender, op, record, startNanos, endNanos, kind, error(outcome)));
                return;
            }
        }
        if (kind != BenchOutcome.Kind.OK) {
            int slot = failureCount.getAndIncrement();
            if (slot < FAILURES_MAX) {
                failures.set(slot, new Entry(sender, op, record, startNanos, endNanos, kind, error(outcome)));
            }
        }
    }

    private static String error(BenchOutcome outcome) {
        return outcome == null ? "no outcome" : outcome.errorType();
    }

    /** The kept operations, by the time they were sent. */
    public List<Entry> entries() {
        List<Entry> out = new ArrayList<>();
        for (AtomicReferenceArray<Entry> slots : List.of(sampled, failures)) {
            for (int i = 0; i < slots.length(); i++) {
                Entry e = slots.get(i);
                if (e != null) {
                    out.add(e);
                }
            }
        }
        out.sort(Comparator.comparingLong(Entry::startNanos));
        return out;
    }

    /**
     * Appends the entries' invocations and completions, in time order, as history lines from
     * index {@code firstIndex}, times from {@code originNanos}: process the sender (renumbered
     * while the sender has an earlier one open, see below), f the
     * operation's name, value its key; a throttled or refused operation is a fail with DynamoDB's
     * error, one with no answer an info.
     *
     * @return the next index
     */
    public static long write(Writer out, List<Entry> entries, List<String> operations,
                             java.util.function.LongFunction<String> key, long originNanos, long firstIndex)
            throws IOException {
        record Line(long nanos, boolean completion, Entry entry, int process) {
        }
        // A history has one operation at a time per process (readers pair an invocation with its
        // process's next completion), but a pipelined client's sender has many in flight: an
        // operation that starts while its sender's earlier ones are open goes on as sender +
        // k x senders, the first such lane free by then (Jepsen's renumbering of a busy process).
        int senders = entries.stream().mapToInt(Entry::sender).max().orElse(-1) + 1;
        java.util.Map<Integer, List<long[]>> lanes = new java.util.HashMap<>();
        List<Line> lines = new ArrayList<>(2 * entries.size());
        List<Entry> byStart = new ArrayList<>(entries);
        byStart.sort(Comparator.comparingLong(Entry::startNanos));
        for (Entry e : byStart) {
            long end = Math.max(e.startNanos(), e.endNanos());
            List<long[]> free = lanes.computeIfAbsent(e.sender(), s -> new ArrayList<>());
            int lane = 0;
            while (lane < free.size() && free.get(lane)[0] >= e.startNanos()) {
                lane++;
            }
            if (lane == free.size()) {
                free.add(new long[1]);
            }
            free.get(lane)[0] = end;
            int process = e.sender() + lane * senders;
            lines.add(new Line(e.startNanos(), false, e, process));
            lines.add(new Line(end, true, e, process));
        }
        lines.sort(Comparator.comparingLong(Line::nanos).thenComparing(Line::completion));
        long index = firstIndex;
        for (Line line : lines) {
            Entry e = line.entry();
            String name = key.apply(e.record());
            OpType type = !line.completion() ? OpType.INVOKE : switch (e.kind()) {
                case OK -> OpType.OK;
                case THROTTLED, FAILED -> OpType.FAIL;
                case INDETERMINATE -> OpType.INFO;
            };
            JsonlHistory.append(out, new Op(index++, line.nanos() - originNanos, line.process(), type, operations.get(e.op()),
                    name == null ? null : Values.NODES.textNode(name), line.completion() ? e.error() : null));
        }
        return index;
    }
}
