package keystorm.workloads.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;
import java.util.function.IntFunction;

/**
 * Combinators over {@link Generator}s, each a small immutable record. Randomness: a generator that
 * draws holds a seed; each draw seeds a {@link SplittableRandom} with it and carries on with that
 * random's next long, so a generator asked twice in the same state answers the same.
 *
 * <p>Threads: a generator picks the lowest free thread it may use; {@link #reserve} narrows which
 * threads a generator may use.
 */
public final class Generators {
    /** Draws one value from a seeded random source. */
    @FunctionalInterface
    public interface Draw<T> {
        T draw(SplittableRandom random);
    }

    /** How far behind its schedule a stagger may fall before it forgets the missed operations. */
    private static final long BACKLOG_NANOS_MAX = 1_000_000_000L;

    private Generators() {
    }

    /** Without end: each operation drawn afresh, on the lowest free thread, at once. */
    public static <T> Generator<T> random(long seed, Draw<T> draw) {
        return new Unfold<Boolean, T>(seed, Boolean.TRUE, (random, unit) -> new Unfold.Drawn<>(draw.draw(random), unit));
    }

    /** Without end, each operation drawn from the state the previous one left (see {@link Unfold}). */
    public static <S, T> Generator<T> unfold(long seed, S state, Unfold.Step<S, T> step) {
        return new Unfold<>(seed, state, step);
    }

    /** These values in order, each on the lowest free thread, then done. */
    public static <T> Generator<T> of(List<T> values) {
        return new Seq<>(List.copyOf(values), 0);
    }

    @SafeVarargs
    public static <T> Generator<T> of(T... values) {
        return of(List.of(values));
    }

    /** Each operation from one of these generators, chosen at random; done when all are. */
    public static <T> Generator<T> mix(long seed, List<Generator<T>> generators) {
        return new Mix<>(seed, List.copyOf(generators));
    }

    /** At most {@code n} operations. */
    public static <T> Generator<T> limit(long n, Generator<T> inner) {
        if (n < 0) {
            throw new IllegalArgumentException("limit must be >= 0, not " + n);
        }
        return new Limit<>(n, inner);
    }

    /** Operations until {@code length} after the first time it is asked. */
    public static <T> Generator<T> timeLimit(Duration length, Generator<T> inner) {
        return new TimeLimit<>(length.toNanos(), -1, inner);
    }

    /**
     * Spaces operations by a random gap, uniform in [0, 2 * mean], over all threads together
     * (Jepsen's stagger): a rate of 1 / mean operations per second on average.
     */
    public static <T> Generator<T> stagger(Duration mean, long seed, Generator<T> inner) {
        if (mean.isNegative()) {
            throw new IllegalArgumentException("stagger's mean must be >= 0, not " + mean);
        }
        return new Stagger<>(mean.toNanos(), seed, -1, inner);
    }

    /** About {@code opsPerSecond} operations a second over all threads (a stagger). */
    public static <T> Generator<T> rate(double opsPerSecond, long seed, Generator<T> inner) {
        if (!(opsPerSecond > 0)) {
            throw new IllegalArgumentException("rate must be > 0, not " + opsPerSecond);
        }
        return stagger(Duration.ofNanos(Math.round(1e9 / opsPerSecond)), seed, inner);
    }

    /**
     * Each generator to its end, one after another; before the next begins, every operation of
     * the one before must have completed (Jepsen's phases).
     */
    @SafeVarargs
    public static <T> Generator<T> phases(Generator<T>... generators) {
        return new Phases<>(List.of(generators), false);
    }

    /** Nothing for {@code length}, then done: a pause in a sequence of phases. */
    public static <T> Generator<T> sleep(Duration length) {
        return new Sleep<>(length.toNanos(), -1);
    }

    /** Without end: the 0th generator, then when it is done the 1st, and so on (waiting for idle between them). */
    public static <T> Generator<T> series(IntFunction<Generator<T>> nth) {
        return new Series<>(nth, 0, nth.apply(0), false);
    }

    /** Threads [0, n) take operations from {@code first}, the others from {@code rest}. */
    public static <T> Generator<T> reserve(int n, Generator<T> first, Generator<T> rest) {
        if (n < 0) {
            throw new IllegalArgumentException("reserve takes n >= 0 threads, not " + n);
        }
        return new Reserve<>(n, first, rest);
    }

    /**
     * Each worker thread its own generator, made by {@code nth(thread)} when the thread first asks
     * (Jepsen's each-thread): a thread only ever runs operations of its own generator, and the
     * whole is done when every thread's is.
     */
    public static <T> Generator<T> eachThread(IntFunction<Generator<T>> nth) {
        return new EachThread<>(nth, Map.of(), Set.of());
    }

    /** The same operations, transformed; completions are not passed on (their type differs). */
    public static <T, U> Generator<U> map(Function<T, U> f, Generator<T> inner) {
        return new Mapped<>(f, inner);
    }

    /** The first {@code n} operations a generator gives against an always-idle context at time 0, for tests. */
    public static <T> List<Invocation<T>> take(Generator<T> generator, int threads, int n) {
        List<Invocation<T>> out = new ArrayList<>();
        Generator<T> g = generator;
        long now = 0;
        for (int guard = 0; out.size() < n && guard < 10 * n + 100; guard++) {
            Next<T> next = g.next(Context.allFree(now, threads));
            switch (next) {
                case Next.Emit<T> emit -> {
                    out.add(emit.invocation());
                    now = Math.max(now, emit.invocation().nanos());
                    g = emit.rest();
                }
                case Next.Pending<T> pending -> {
                    if (pending.wakeNanos() == Long.MAX_VALUE) {
                        return out;
                    }
                    now = Math.max(now, pending.wakeNanos());
                    g = pending.rest();
                }
                case Next.Done<T> done -> {
                    return out;
                }
            }
        }
        return out;
    }

    // ------------------------------------------------------------------ the records

    private record Seq<T>(List<T> values, int index) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            if (index >= values.size()) {
                return new Next.Done<>();
            }
            int thread = context.firstFree();
            if (thread < 0) {
                return new Next.Pending<>(this);
            }
            return new Next.Emit<>(new Invocation<>(thread, context.nanos(), values.get(index)), new Seq<>(values, index + 1));
        }
    }

    private record Mix<T>(long seed, List<Generator<T>> generators) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            List<Generator<T>> live = new ArrayList<>(generators);
            long s = seed;
            long wake = Long.MAX_VALUE;
            while (!live.isEmpty()) {
                SplittableRandom random = new SplittableRandom(s);
                int i = random.nextInt(live.size());
                Next<T> next = live.get(i).next(context);
                switch (next) {
                    case Next.Emit<T> emit -> {
                        live.set(i, emit.rest());
                        return new Next.Emit<>(emit.invocation(), new Mix<>(random.nextLong(), live));
                    }
                    case Next.Pending<T> pending -> {
                        // Another generator may have something: try them in turn before waiting.
                        live.set(i, pending.rest());
                        wake = Math.min(wake, pending.wakeNanos());
                        for (int j = 1; j < live.size(); j++) {
                            int k = (i + j) % live.size();
                            Next<T> other = live.get(k).next(context);
                            if (other instanceof Next.Emit<T> emit) {
                                live.set(k, emit.rest());
                                return new Next.Emit<>(emit.invocation(), new Mix<>(random.nextLong(), live));
                            }
                            if (other instanceof Next.Pending<T> p) {
                                live.set(k, p.rest());
                                wake = Math.min(wake, p.wakeNanos());
                            }
                        }
                        return new Next.Pending<>(new Mix<>(s, live), wake);
                    }
                    case Next.Done<T> done -> {
                        live.remove(i);
                        s = random.nextLong();
                    }
                }
            }
            return new Next.Done<>();
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            List<Generator<T>> updated = new ArrayList<>(generators.size());
            for (Generator<T> g : generators) {
                updated.add(g.update(context, event));
            }
            return new Mix<>(seed, updated);
        }
    }

    private record Limit<T>(long remaining, Generator<T> inner) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            if (remaining <= 0) {
                return new Next.Done<>();
            }
            return switch (inner.next(context)) {
                case Next.Emit<T> emit -> new Next.Emit<>(emit.invocation(), new Limit<>(remaining - 1, emit.rest()));
                case Next.Pending<T> pending -> new Next.Pending<>(new Limit<>(remaining, pending.rest()), pending.wakeNanos());
                case Next.Done<T> done -> done;
            };
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return new Limit<>(remaining, inner.update(context, event));
        }
    }

    private record TimeLimit<T>(long lengthNanos, long deadlineNanos, Generator<T> inner) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            long deadline = deadlineNanos < 0 ? context.nanos() + lengthNanos : deadlineNanos;
            if (context.nanos() >= deadline) {
                return new Next.Done<>();
            }
            return switch (inner.next(context)) {
                case Next.Emit<T> emit -> emit.invocation().nanos() >= deadline ? new Next.Done<>()
                        : new Next.Emit<>(emit.invocation(), new TimeLimit<>(lengthNanos, deadline, emit.rest()));
                case Next.Pending<T> pending -> new Next.Pending<>(new TimeLimit<>(lengthNanos, deadline, pending.rest()),
                        Math.min(deadline, pending.wakeNanos()));
                case Next.Done<T> done -> done;
            };
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return new TimeLimit<>(lengthNanos, deadlineNanos, inner.update(context, event));
        }
    }

    private record Stagger<T>(long meanNanos, long seed, long nextNanos, Generator<T> inner) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            long earliest = nextNanos < 0 ? context.nanos() : nextNanos;
            return switch (inner.next(context)) {
                case Next.Emit<T> emit -> {
                    SplittableRandom random = new SplittableRandom(seed);
                    // An operation's time is its place in the schedule, not when the interpreter got
                    // round to it: a late loop catches up (at most a second's backlog, so a long stall
                    // is not followed by a burst), and the rate asked for is the rate given.
                    long available = emit.invocation().nanos();
                    long at = available > context.nanos() ? Math.max(earliest, available)
                            : Math.max(earliest, context.nanos() - BACKLOG_NANOS_MAX);
                    long gap = meanNanos == 0 ? 0 : random.nextLong(2 * meanNanos + 1);
                    Invocation<T> invocation = emit.invocation();
                    yield new Next.Emit<>(new Invocation<>(invocation.thread(), at, invocation.value()),
                            new Stagger<>(meanNanos, random.nextLong(), at + gap, emit.rest()));
                }
                case Next.Pending<T> pending -> new Next.Pending<>(new Stagger<>(meanNanos, seed, nextNanos, pending.rest()),
                        pending.wakeNanos());
                case Next.Done<T> done -> done;
            };
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return new Stagger<>(meanNanos, seed, nextNanos, inner.update(context, event));
        }
    }

    private record Phases<T>(List<Generator<T>> remaining, boolean waiting) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            if (remaining.isEmpty()) {
                return new Next.Done<>();
            }
            if (waiting && !context.allIdle()) {
                return new Next.Pending<>(this);
            }
            Generator<T> first = remaining.getFirst();
            return switch (first.next(context)) {
                case Next.Emit<T> emit -> new Next.Emit<>(emit.invocation(), new Phases<>(replaceFirst(emit.rest()), false));
                case Next.Pending<T> pending -> new Next.Pending<>(new Phases<>(replaceFirst(pending.rest()), false),
                        pending.wakeNanos());
                case Next.Done<T> done -> new Phases<>(remaining.subList(1, remaining.size()), true).next(context);
            };
        }

        private List<Generator<T>> replaceFirst(Generator<T> g) {
            List<Generator<T>> out = new ArrayList<>(remaining);
            out.set(0, g);
            return out;
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return remaining.isEmpty() ? this
                    : new Phases<>(replaceFirst(remaining.getFirst().update(context, event)), waiting);
        }
    }

    private record Sleep<T>(long lengthNanos, long untilNanos) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            long until = untilNanos < 0 ? context.nanos() + lengthNanos : untilNanos;
            if (context.nanos() >= until) {
                return new Next.Done<>();
            }
            return new Next.Pending<>(new Sleep<>(lengthNanos, until), until);
        }
    }

    private record Series<T>(IntFunction<Generator<T>> nth, int index, Generator<T> current, boolean waiting)
            implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            Series<T> series = this;
            for (int guard = 0; guard < 1_000; guard++) { // a run of generators that are done at once is bounded
                if (series.waiting && !context.allIdle()) {
                    return new Next.Pending<>(series);
                }
                Next<T> next = series.current.next(context);
                switch (next) {
                    case Next.Emit<T> emit -> {
                        return new Next.Emit<>(emit.invocation(), new Series<>(nth, series.index, emit.rest(), false));
                    }
                    case Next.Pending<T> pending -> {
                        return new Next.Pending<>(new Series<>(nth, series.index, pending.rest(), false), pending.wakeNanos());
                    }
                    case Next.Done<T> done -> series = new Series<>(nth, series.index + 1, nth.apply(series.index + 1), true);
                }
            }
            throw new IllegalStateException("series: 1,000 generators in a row were done before giving anything");
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return new Series<>(nth, index, current.update(context, event), waiting);
        }
    }

    private record Reserve<T>(int n, Generator<T> first, Generator<T> rest) implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            Next<T> a = first.next(context.only(0, n));
            if (a instanceof Next.Emit<T> emit) {
                return new Next.Emit<>(emit.invocation(), new Reserve<>(n, emit.rest(), rest));
            }
            Generator<T> firstAfter = a instanceof Next.Pending<T> p ? p.rest() : first;
            Next<T> b = rest.next(context.only(n, context.threads()));
            if (b instanceof Next.Emit<T> emit) {
                return new Next.Emit<>(emit.invocation(), new Reserve<>(n, firstAfter, emit.rest()));
            }
            if (a instanceof Next.Done<T> && b instanceof Next.Done<T>) {
                return new Next.Done<>();
            }
            Generator<T> restAfter = b instanceof Next.Pending<T> p ? p.rest() : rest;
            long wake = Math.min(a instanceof Next.Pending<T> p ? p.wakeNanos() : Long.MAX_VALUE,
                    b instanceof Next.Pending<T> p ? p.wakeNanos() : Long.MAX_VALUE);
            return new Next.Pending<>(new Reserve<>(n, firstAfter, restAfter), wake);
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            return event.thread() < n ? new Reserve<>(n, first.update(context, event), rest)
                    : new Reserve<>(n, first, rest.update(context, event));
        }
    }

    private record EachThread<T>(IntFunction<Generator<T>> nth, Map<Integer, Generator<T>> started, Set<Integer> done)
            implements Generator<T> {
        @Override
        public Next<T> next(Context context) {
            Map<Integer, Generator<T>> after = new HashMap<>(started);
            Set<Integer> doneAfter = new HashSet<>(done);
            long wake = Long.MAX_VALUE;
            for (int t = context.firstFree(); t >= 0; t = context.free().nextSetBit(t + 1)) {
                if (doneAfter.contains(t)) {
                    continue;
                }
                Generator<T> own = after.containsKey(t) ? after.get(t) : nth.apply(t);
                Next<T> next = own.next(context.only(t, t + 1));
                switch (next) {
                    case Next.Emit<T> emit -> {
                        after.put(t, emit.rest());
                        return new Next.Emit<>(emit.invocation(), new EachThread<>(nth, Map.copyOf(after), Set.copyOf(doneAfter)));
                    }
                    case Next.Pending<T> pending -> {
                        after.put(t, pending.rest());
                        wake = Math.min(wake, pending.wakeNanos());
                    }
                    case Next.Done<T> d -> {
                        after.remove(t);
                        doneAfter.add(t);
                    }
                }
            }
            if (doneAfter.size() >= context.threads()) {
                return new Next.Done<>();
            }
            return new Next.Pending<>(new EachThread<>(nth, Map.copyOf(after), Set.copyOf(doneAfter)), wake);
        }

        @Override
        public Generator<T> update(Context context, Event<T> event) {
            Generator<T> own = started.get(event.thread());
            if (own == null) {
                return this;
            }
            Map<Integer, Generator<T>> after = new HashMap<>(started);
            after.put(event.thread(), own.update(context, event));
            return new EachThread<>(nth, Map.copyOf(after), done);
        }
    }

    private record Mapped<T, U>(Function<T, U> f, Generator<T> inner) implements Generator<U> {
        @Override
        public Next<U> next(Context context) {
            return switch (inner.next(context)) {
                case Next.Emit<T> emit -> new Next.Emit<>(new Invocation<>(emit.invocation().thread(),
                        emit.invocation().nanos(), f.apply(emit.invocation().value())), new Mapped<>(f, emit.rest()));
                case Next.Pending<T> pending -> new Next.Pending<>(new Mapped<>(f, pending.rest()), pending.wakeNanos());
                case Next.Done<T> done -> new Next.Done<>();
            };
        }
    }
}
