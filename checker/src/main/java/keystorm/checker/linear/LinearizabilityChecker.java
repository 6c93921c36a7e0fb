package keystorm.checker.linear;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.Call;
import keystorm.checker.history.History;
import keystorm.checker.history.RawCall;
import keystorm.checker.op.Payload;

/**
 * Checks that a history is linearizable with respect to a model. A history over independent
 * keys (Jepsen's independent tuples, or a keyed model such as kv) is split by key first: a
 * history is linearizable exactly when every key's sub-history is (Herlihy and Wing's
 * locality), and the keys are checked in parallel on all cores. Results are ordered by key, so
 * they do not depend on the number of threads.
 */
public final class LinearizabilityChecker implements Checker {
    /** Enough configurations for every corpus history many times over; about 1-2 GB at worst. */
    static final long CONFIGURATIONS_MAX = 2_000_000;

    private final CheckerOptions options;
    private final Model<?, ?, ?> model;

    public LinearizabilityChecker(CheckerOptions options) {
        this.options = options;
        if (options.model() == null) {
            throw new IllegalArgumentException("the linearizable checker needs --model (one of "
                    + String.join(", ", Models.names()) + ")");
        }
        this.model = Models.byName(options.model(), options.initial());
    }

    @Override
    public LinearResult check(History history) {
        return check(model, history);
    }

    private <S, I extends Payload, O extends Payload> LinearResult check(Model<S, I, O> model, History history) {
        S initial;
        List<RawCall> calls;
        try {
            initial = model.initialState(options.initial());
            calls = history.calls(options.independent() || model.splitsByKey());
        } catch (IllegalArgumentException e) {
            return new LinearResult(options.model(), List.of(), Validity.UNKNOWN, e.getMessage());
        }
        boolean keyed = calls.stream().anyMatch(call -> call.key() != null);
        Map<String, List<RawCall>> byKey = new TreeMap<>();
        for (RawCall call : calls) {
            byKey.computeIfAbsent(call.key() == null ? "" : call.key(), k -> new ArrayList<>()).add(call);
        }
        List<Map.Entry<String, List<RawCall>>> partitions = new ArrayList<>(byKey.entrySet());
        long deadline = System.nanoTime() + options.timeout().toNanos();
        int threads = options.threads() > 0 ? options.threads() : Runtime.getRuntime().availableProcessors();
        java.util.concurrent.atomic.AtomicReference<String> firstInvalid = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Supplier<String> cancelled = () -> options.exhaustive() || firstInvalid.get() == null ? null
                : "not finished: " + firstInvalid.get() + " is already invalid (--exhaustive checks every key to the end)";
        List<KeyVerdict> verdicts;
        if (partitions.size() == 1) {
            // one key: nothing to run in parallel, and no pool to start
            Map.Entry<String, List<RawCall>> only = partitions.getFirst();
            verdicts = List.of(checkKey(model, keyed ? only.getKey() : null, only.getValue(), initial, deadline, cancelled));
        } else {
            verdicts = inPool(threads, () -> partitions.parallelStream()
                    .map(p -> {
                        KeyVerdict verdict = checkKey(model, keyed ? p.getKey() : null, p.getValue(), initial, deadline,
                                cancelled);
                        if (verdict.validity() == Validity.INVALID) {
                            firstInvalid.compareAndSet(null, keyed ? "key " + p.getKey() : "the history");
                        }
                        return verdict;
                    })
                    .toList());
        }
        Validity overall = Validity.VALID;
        for (KeyVerdict verdict : verdicts) {
            overall = overall.and(verdict.validity());
        }
        return new LinearResult(options.model(), verdicts, overall, null);
    }

    /** Runs on the common pool when it has the threads asked for, else on a pool of its own. */
    private static <T> T inPool(int threads, java.util.concurrent.Callable<T> task) {
        if (threads == ForkJoinPool.getCommonPoolParallelism()) {
            return ForkJoinPool.commonPool().submit(task).join();
        }
        try (ForkJoinPool pool = new ForkJoinPool(threads)) {
            return pool.submit(task).join();
        }
    }

    /** Decodes one key's calls (once, before the search), then searches them. */
    private static <S, I extends Payload, O extends Payload> KeyVerdict checkKey(
            Model<S, I, O> model, String key, List<RawCall> keyCalls, S initial, long deadline,
            java.util.function.Supplier<String> cancelled) {
        List<Call<I, O>> calls = new ArrayList<>(keyCalls.size());
        CallDecoder<I, O> decoder = model.decoder();
        try {
            for (int i = 0; i < keyCalls.size(); i++) {
                calls.add(decoder.decode(keyCalls.get(i).withId(i)));
            }
        } catch (IllegalArgumentException e) {
            return new KeyVerdict(key, Validity.UNKNOWN, keyCalls.size(), e.getMessage(), null, null, null, null, null, 0);
        }
        if (calls.stream().anyMatch(c -> c.indeterminate() && model.readOnly(c.input()))) {
            List<Call<I, O>> kept = new ArrayList<>(calls.size());
            for (Call<I, O> call : calls) {
                if (!(call.indeterminate() && model.readOnly(call.input()))) {
                    kept.add(call.withId(kept.size()));
                }
            }
            calls = kept;
        }
        WglSearch.Outcome<S> outcome;
        try {
            outcome = WglSearch.run(calls, model.forCalls(calls, initial), initial, deadline, CONFIGURATIONS_MAX,
                    cancelled);
        } catch (IllegalArgumentException e) {
            return new KeyVerdict(key, Validity.UNKNOWN, calls.size(), e.getMessage(), null, null, null, null, null, 0);
        }
        if (outcome.validity() != Validity.INVALID) {
            return new KeyVerdict(key, outcome.validity(), calls.size(), outcome.reason(), null, null, null, null,
                    null, outcome.configurations());
        }
        return Counterexamples.explain(key, calls, model, outcome);
    }
}
