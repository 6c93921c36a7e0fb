package keystorm.workloads.sim;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import keystorm.checker.Validity;
import keystorm.engine.fault.Fault;

/**
 * Shrinks a failing simulated run to a schedule that still fails and that a person can read in a
 * minute: fewer operations, fewer processes, fewer and shorter faults. Each candidate is an exact
 * replay ({@link Simulation#replay}) of a schedule with steps taken away; it "still fails" when the
 * workload's checker says invalid again.
 *
 * <p>The passes, cheapest first, each with delta debugging ({@link DeltaDebugging}) where it
 * removes elements:
 * <ol>
 *   <li>cut the main phase after the fewest operations that still fail (binary search over the
 *       prefix, faults after the cut dropped, the final phase kept), then before the most that can
 *       go (faults started before what is kept dropped with them);</li>
 *   <li>remove faults;</li>
 *   <li>remove whole logical threads (a process and those that took its place after an info);</li>
 *   <li>remove single operations, main and final phase together;</li>
 *   <li>shorten the faults left: move each fault's end halfway to its start while it still fails;
 *       and if that changed anything, remove single operations again.</li>
 * </ol>
 * Every test costs one replay and one check; the budget bounds them. Replays are deterministic, so
 * the same failing schedule always shrinks to the same minimal one.
 */
public final class Shrinker {
    /** The default budget of replays. */
    public static final int DEFAULT_MAX_TESTS = 3_000;

    /** One pass: its name, the replays it ran, and the client operations left after it. */
    public record Pass(String name, int tests, int operationsAfter, int faultsAfter) {
    }

    /**
     * What shrinking gave.
     *
     * @param minimal   the smallest failing schedule found
     * @param result    its replay, checked (invalid)
     * @param exhausted whether the budget ran out before every pass was done
     */
    public record Outcome(Schedule original, Schedule minimal, SimResult result, List<Pass> passes, int tests,
                          boolean exhausted, long wallNanos) {
        public int originalOperations() {
            return original.clientSteps(false).size() + original.clientSteps(true).size();
        }

        public int minimalOperations() {
            return minimal.clientSteps(false).size() + minimal.clientSteps(true).size();
        }
    }

    private final int maxTests;
    private int tests;
    /** The last candidate that failed, with its replay: the answer, without replaying it again. */
    private Failing lastFailing;

    private record Failing(Schedule schedule, SimResult result) {
    }

    private Shrinker(int maxTests) {
        this.maxTests = maxTests;
    }

    /** Shrinks {@code failing}, which must fail when replayed, within {@link #DEFAULT_MAX_TESTS} replays. */
    public static Outcome shrink(Schedule failing) {
        return shrink(failing, DEFAULT_MAX_TESTS);
    }

    public static Outcome shrink(Schedule failing, int maxTests) {
        if (maxTests < 1) {
            throw new IllegalArgumentException("maxTests must be at least 1, not " + maxTests);
        }
        return new Shrinker(maxTests).run(failing);
    }

    private Outcome run(Schedule original) {
        long start = System.nanoTime();
        List<Pass> passes = new ArrayList<>();
        Schedule current = original;
        current = pass(passes, "cut the main phase", current, this::truncate);
        current = pass(passes, "cut its beginning", current, this::dropBeginning);
        current = pass(passes, "remove faults", current, this::removeFaults);
        current = pass(passes, "remove threads", current, this::removeThreads);
        current = pass(passes, "remove operations", current, this::removeOperations);
        Schedule shortened = pass(passes, "shorten faults", current, this::shortenFaults);
        if (!shortened.equals(current)) {
            shortened = pass(passes, "remove operations again", shortened, this::removeOperations);
        }
        current = shortened;
        SimResult result = lastFailing != null && lastFailing.schedule().equals(current) ? lastFailing.result() : null;
        if (result == null) { // nothing smaller failed: the original is the answer, replayed once to show it
            tests++;
            result = replay(current);
            if (result.validity() != Validity.INVALID) {
                throw new IllegalStateException("the schedule did not fail when replayed: shrinking needs a failing run");
            }
        }
        return new Outcome(original, current, result, passes, tests, tests >= maxTests, System.nanoTime() - start);
    }

    private interface Step {
        Schedule apply(Schedule schedule);
    }

    private Schedule pass(List<Pass> passes, String name, Schedule schedule, Step step) {
        int before = tests;
        Schedule after = tests >= maxTests ? schedule : step.apply(schedule);
        passes.add(new Pass(name, tests - before, after.clientSteps(false).size() + after.clientSteps(true).size(),
                after.faultSteps().size()));
        return after;
    }

    /** Whether the schedule still fails; a schedule that cannot even run does not. */
    private boolean fails(Schedule candidate) {
        if (tests >= maxTests) {
            return false;
        }
        tests++;
        try {
            SimResult result = replay(candidate);
            if (result.validity() == Validity.INVALID) {
                lastFailing = new Failing(candidate, result);
                return true;
            }
            return false;
        } catch (RuntimeException e) {
            return false;
        }
    }

    private static SimResult replay(Schedule schedule) {
        try {
            return Simulation.replay(schedule, null, true);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot replay a schedule", e);
        }
    }

    /** The shortest prefix of the main phase that still fails; later faults go with what is cut. */
    private Schedule truncate(Schedule schedule) {
        List<Schedule.ClientStep> main = schedule.clientSteps(false);
        int lo = 1;
        int hi = main.size();
        Schedule best = schedule;
        while (lo < hi && tests < maxTests) {
            int mid = (lo + hi) >>> 1;
            Schedule candidate = prefix(schedule, main, mid);
            if (fails(candidate)) {
                hi = mid;
                best = candidate;
            } else {
                lo = mid + 1;
            }
        }
        return best;
    }

    /**
     * The most operations at the start of the main phase that can go, and the faults before the
     * first one kept (binary search, as {@link #truncate}): a failure late in a run, or one that
     * needs a whole window of operations (more writes in a second than a partition allows), keeps
     * only its end.
     */
    private Schedule dropBeginning(Schedule schedule) {
        List<Schedule.ClientStep> main = schedule.clientSteps(false);
        int lo = 0; // dropping lo steps fails (nothing dropped: the schedule as given)
        int hi = main.size() - 1; // at least one step stays
        Schedule best = schedule;
        while (lo < hi && tests < maxTests) {
            int mid = (lo + hi + 1) >>> 1;
            Schedule candidate = suffix(schedule, main, mid);
            if (fails(candidate)) {
                lo = mid;
                best = candidate;
            } else {
                hi = mid - 1;
            }
        }
        return best;
    }

    private static Schedule suffix(Schedule schedule, List<Schedule.ClientStep> main, int drop) {
        long from = main.get(drop).nanos();
        Set<Schedule.Step> dropped = identities(main.subList(0, drop));
        return schedule.without(step -> switch (step) {
            case Schedule.ClientStep c -> dropped.contains(c);
            case Schedule.FaultStep f -> f.nanos() < from && !ends(f.fault());
        });
    }

    private static Schedule prefix(Schedule schedule, List<Schedule.ClientStep> main, int keep) {
        long cut = main.get(keep - 1).nanos();
        Set<Schedule.Step> kept = identities(main.subList(0, keep));
        return schedule.without(step -> switch (step) {
            case Schedule.ClientStep c -> !c.finalPhase() && !kept.contains(c);
            case Schedule.FaultStep f -> f.nanos() > cut;
        });
    }

    private Schedule removeFaults(Schedule schedule) {
        List<Schedule.FaultStep> faults = schedule.faultSteps();
        if (faults.isEmpty()) {
            return schedule;
        }
        // ddmin keeps at least one element: whether the run fails with no fault at all is asked first.
        Schedule none = schedule.without(step -> step instanceof Schedule.FaultStep);
        if (fails(none)) {
            return none;
        }
        return keepOnly(schedule, minimize(faults, kept -> keepOnly(schedule, kept, Schedule.FaultStep.class)),
                Schedule.FaultStep.class);
    }

    private Schedule removeThreads(Schedule schedule) {
        List<Integer> threads = new ArrayList<>(new TreeSet<>(schedule.clientSteps(false).stream()
                .map(Schedule.ClientStep::thread).toList()));
        if (threads.size() < 2) {
            return schedule;
        }
        List<Integer> keep = minimize(threads, kept -> dropThreads(schedule, kept));
        return dropThreads(schedule, keep);
    }

    private static Schedule dropThreads(Schedule schedule, List<Integer> keptThreads) {
        return schedule.without(step -> step instanceof Schedule.ClientStep c && !c.finalPhase()
                && !keptThreads.contains(c.thread()));
    }

    private Schedule removeOperations(Schedule schedule) {
        List<Schedule.ClientStep> operations = new ArrayList<>(schedule.clientSteps(false));
        operations.addAll(schedule.clientSteps(true));
        if (operations.size() < 2) {
            return schedule;
        }
        return keepOnly(schedule, minimize(operations, kept -> keepOnly(schedule, kept, Schedule.ClientStep.class)),
                Schedule.ClientStep.class);
    }

    /**
     * Moves each fault that ends another (a heal, a rejoin, a resume, a restart) halfway back to the
     * start of the fault it ends (the last fault before it that is not itself an end), again and
     * again while the run still fails: the fault lasts less.
     */
    private Schedule shortenFaults(Schedule schedule) {
        Schedule current = schedule;
        for (int i = 1; i < current.faultSteps().size() && tests < maxTests; i++) {
            for (int halvings = 0; halvings < 12 && tests < maxTests; halvings++) {
                List<Schedule.FaultStep> faults = current.faultSteps();
                Schedule.FaultStep end = faults.get(i);
                if (!ends(end.fault())) {
                    break;
                }
                int begin = i - 1;
                while (begin > 0 && ends(faults.get(begin).fault())) {
                    begin--;
                }
                long from = faults.get(begin).nanos();
                long moved = from + (end.nanos() - from) / 2;
                if (moved >= end.nanos() || end.nanos() - moved < 1_000_000) {
                    break; // within a millisecond of its start: short enough
                }
                Schedule candidate = replace(current, end, new Schedule.FaultStep(moved, end.fault()));
                if (!fails(candidate)) {
                    break;
                }
                current = candidate;
            }
        }
        return current;
    }

    private static boolean ends(Fault fault) {
        return fault instanceof Fault.HealAll || fault instanceof Fault.RejoinReplica || fault instanceof Fault.NetHeal
                || fault instanceof Fault.Resume || fault instanceof Fault.Restart;
    }

    /** The schedule with one step replaced, the steps kept in time order. */
    private static Schedule replace(Schedule schedule, Schedule.Step old, Schedule.Step replacement) {
        List<Schedule.Step> steps = new ArrayList<>();
        for (Schedule.Step step : schedule.steps()) {
            if (step != old) {
                steps.add(step);
            }
        }
        int at = 0;
        while (at < steps.size() && steps.get(at).nanos() <= replacement.nanos()) {
            at++;
        }
        steps.add(at, replacement);
        return schedule.withSteps(steps);
    }

    private <T> List<T> minimize(List<T> items, java.util.function.Function<List<T>, Schedule> candidate) {
        int budget = maxTests - tests;
        if (budget < 1) {
            return items;
        }
        DeltaDebugging<T> dd = new DeltaDebugging<>(kept -> fails(candidate.apply(kept)), budget);
        return dd.minimize(items);
    }

    /** The schedule with, of the steps of {@code kind}, only those in {@code kept} (the very objects). */
    private static Schedule keepOnly(Schedule schedule, List<? extends Schedule.Step> kept,
                                     Class<? extends Schedule.Step> kind) {
        Set<Schedule.Step> set = identities(kept);
        return schedule.without(step -> kind.isInstance(step) && !set.contains(step));
    }

    /** The very step objects (equal steps, the same operation at the same time on one thread, stay apart). */
    private static Set<Schedule.Step> identities(List<? extends Schedule.Step> steps) {
        Set<Schedule.Step> set = Collections.newSetFromMap(new IdentityHashMap<>());
        set.addAll(steps);
        return set;
    }

    /** The passes as lines for a person. */
    public static String render(Outcome outcome) {
        StringBuilder out = new StringBuilder();
        out.append(String.format("shrunk %s and %s to %s and %s in %,d replays (%.1f s)%s%n",
                count(outcome.originalOperations(), "operation"), count(outcome.original().faultSteps().size(), "fault"),
                count(outcome.minimalOperations(), "operation"), count(outcome.minimal().faultSteps().size(), "fault"),
                outcome.tests(), outcome.wallNanos() / 1e9, outcome.exhausted() ? ", budget spent" : ""));
        for (Pass pass : outcome.passes()) {
            out.append(String.format("  %-24s %5d replays -> %s, %s%n", pass.name(), pass.tests(),
                    count(pass.operationsAfter(), "operation"), count(pass.faultsAfter(), "fault")));
        }
        return out.toString();
    }

    private static String count(int n, String noun) {
        return String.format("%,d %s%s", n, noun, n == 1 ? "" : "s");
    }
}
