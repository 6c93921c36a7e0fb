package keystorm.workloads.sim;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Zeller and Hildebrandt's ddmin ("Simplifying and Isolating Failure-Inducing Input", 2002): from
 * a list for which a test fails, a sublist for which it still fails and which is 1-minimal (taking
 * away any one element more makes it pass), found with a bounded number of tests.
 *
 * <p>Why delta debugging and not jqwik's shrinking: a simulated run's failure belongs to a
 * concrete schedule (these operations, on these threads, at these times, with these faults), not
 * to the random choices that produced it. jqwik shrinks the values its generators drew, and a
 * generated run's draws feed one another (the next operation depends on what completed), so
 * shrinking a draw changes everything after it. ddmin deletes recorded steps directly; every step
 * keeps its own random stream, so those left behave as they did, and each test is an exact replay.
 *
 * <p>Order is kept: the result lists the survivors in their original order. Tests are memoized by
 * the set of elements kept, so a configuration is never run twice.
 */
public final class DeltaDebugging<T> {
    private final Predicate<List<T>> fails;
    private final int maxTests;
    private final Map<BitSet, Boolean> seen = new HashMap<>();
    private int tests;

    /**
     * @param fails    whether the failure still happens with only these elements
     * @param maxTests the most tests to run; when spent, the smallest failing list so far is the answer
     */
    public DeltaDebugging(Predicate<List<T>> fails, int maxTests) {
        if (maxTests < 1) {
            throw new IllegalArgumentException("maxTests must be at least 1, not " + maxTests);
        }
        this.fails = fails;
        this.maxTests = maxTests;
    }

    /** How many tests have run (memoized repeats not counted). */
    public int tests() {
        return tests;
    }

    /** Whether the budget ran out before the answer was known to be 1-minimal. */
    public boolean exhausted() {
        return tests >= maxTests;
    }

    /**
     * A 1-minimal failing sublist of {@code items}, which must fail as a whole (not tested again).
     * With the budget spent, the smallest failing sublist found.
     */
    public List<T> minimize(List<T> items) {
        BitSet current = new BitSet(items.size());
        current.set(0, items.size());
        seen.put((BitSet) current.clone(), true);
        int n = 2;
        while (current.cardinality() >= 2 && !exhausted()) {
            List<BitSet> chunks = split(current, n);
            BitSet next = null;
            for (BitSet chunk : chunks) {
                if (test(items, chunk)) {
                    next = chunk;
                    n = 2;
                    break;
                }
            }
            if (next == null && n > 2) {
                for (BitSet chunk : chunks) {
                    BitSet complement = (BitSet) current.clone();
                    complement.andNot(chunk);
                    if (test(items, complement)) {
                        next = complement;
                        n = Math.max(n - 1, 2);
                        break;
                    }
                }
            }
            if (next != null) {
                current = next;
                continue;
            }
            int size = current.cardinality();
            if (n >= size) {
                break;
            }
            n = Math.min(2 * n, size);
        }
        return select(items, current);
    }

    private boolean test(List<T> items, BitSet kept) {
        Boolean known = seen.get(kept);
        if (known != null) {
            return known;
        }
        if (exhausted()) {
            return false;
        }
        tests++;
        boolean result = fails.test(select(items, kept));
        seen.put((BitSet) kept.clone(), result);
        return result;
    }

    /** {@code set} cut into {@code n} runs of consecutive members, as even as they come. */
    private static List<BitSet> split(BitSet set, int n) {
        int size = set.cardinality();
        List<BitSet> chunks = new ArrayList<>(n);
        int member = set.nextSetBit(0);
        for (int c = 0; c < n; c++) {
            int length = size / n + (c < size % n ? 1 : 0);
            BitSet chunk = new BitSet();
            for (int i = 0; i < length; i++) {
                chunk.set(member);
                member = set.nextSetBit(member + 1);
            }
            if (!chunk.isEmpty()) {
                chunks.add(chunk);
            }
        }
        return chunks;
    }

    private static <T> List<T> select(List<T> items, BitSet kept) {
        List<T> selected = new ArrayList<>(kept.cardinality());
        for (int i = kept.nextSetBit(0); i >= 0; i = kept.nextSetBit(i + 1)) {
            selected.add(items.get(i));
        }
        return selected;
    }
}
