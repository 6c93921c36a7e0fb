package keystorm.workloads.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.engine.fault.Bug;
import keystorm.engine.fault.Fault;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.keys.KeyDistribution;
import keystorm.workloads.nemesis.NemesisKind;

/**
 * What a simulated run did, as data: its parameters, and every step in the order it was invoked
 * (the client operations, each with its thread, its time, its payload and the seed of its random
 * streams; the nemesis's faults, each with its time), and when each phase's source was done.
 * {@link Simulation#replay} runs it again, exactly; with steps removed ({@link #without},
 * {@link #withSteps}) it still runs, each step at its time or when its thread is free.
 *
 * <p>The heal-all that ends a run with a nemesis is not a step: every replay of such a run heals
 * at the end of its main phase, so a fault whose own end was removed is healed there. As in the
 * runner, the nemesis starts nothing once the main phase's source is done: a fault step still
 * waiting then (only a reordered schedule has one) does not run.
 *
 * @param mainEndNanos  when the main phase's generator was done
 * @param finalEndNanos when the final phase's generator was done, or -1 if the workload has none
 */
public record Schedule(Parameters parameters, List<Step> steps, long mainEndNanos, long finalEndNanos) {
    /** The file's format; also the version of the simulation's model ({@link Latency}) it replays on. */
    public static final int FORMAT_VERSION = 1;
    /** The latest time a step may have (about 73 years of virtual time): later ones would overflow the clock's sums. */
    public static final long NANOS_MAX = Long.MAX_VALUE / 4;

    public Schedule {
        Objects.requireNonNull(parameters, "parameters");
        steps = List.copyOf(steps);
        if (mainEndNanos < 0 || mainEndNanos > NANOS_MAX) {
            throw new IllegalArgumentException("mainEndNanos must be in 0.." + NANOS_MAX + ", not " + mainEndNanos);
        }
        if (finalEndNanos < -1 || finalEndNanos > NANOS_MAX) {
            throw new IllegalArgumentException("finalEndNanos must be -1 (no final phase) or in 0.." + NANOS_MAX + ", not "
                    + finalEndNanos);
        }
    }

    /** One thing the run did. */
    public sealed interface Step permits ClientStep, FaultStep {
        /** When it was invoked, virtual nanoseconds since the run began. */
        long nanos();
    }

    /**
     * A client operation: on which logical thread, when, what ({@code f} and {@code value} as the
     * history's invocation line has them), the seed of its latency, network and window streams, and
     * whether it belongs to the final phase (after the heal). Integers in {@code value} are held as
     * longs, as the schedule's JSON reads them back, so a step equals its own reading.
     */
    public record ClientStep(int thread, long nanos, String f, JsonNode value, long stepSeed, boolean finalPhase)
            implements Step {
        public ClientStep {
            if (thread < 0) {
                throw new IllegalArgumentException("thread must be >= 0, not " + thread);
            }
            if (nanos < 0 || nanos > NANOS_MAX) {
                throw new IllegalArgumentException("nanos must be in 0.." + NANOS_MAX + ", not " + nanos);
            }
            Objects.requireNonNull(f, "f");
            value = ScheduleJson.canonical(Objects.requireNonNull(value, "value"));
        }
    }

    /** A fault the nemesis started. */
    public record FaultStep(long nanos, Fault fault) implements Step {
        public FaultStep {
            if (nanos < 0 || nanos > NANOS_MAX) {
                throw new IllegalArgumentException("nanos must be in 0.." + NANOS_MAX + ", not " + nanos);
            }
            Objects.requireNonNull(fault, "fault");
        }
    }

    /**
     * Everything a run was made of; all of it derives from {@link SimSpec} and its seed, and is
     * written out so that a replay does not depend on how it was derived.
     *
     * @param keyDistribution how the workload picks keys (its own key count may differ from {@code keys})
     * @param nemesis         the kinds of fault the run's nemesis drew from (empty: no nemesis, no heal)
     * @param engineSeed      the engine's own randomness (replica lag, replica choice)
     */
    public record Parameters(long seed, String workload, long workloadSeed, int keys, KeyDistribution keyDistribution,
                             String tablePrefix, ConsistencyModel consistencyModel, int concurrency, Duration timeLimit,
                             double rate, List<NemesisKind> nemesis, Duration nemesisInterval, Set<Bug> bugs,
                             ReplicaLag replicaLag, SyncPolicy sync, long engineSeed) {
        public Parameters {
            Objects.requireNonNull(workload, "workload");
            Objects.requireNonNull(keyDistribution, "keyDistribution");
            Objects.requireNonNull(tablePrefix, "tablePrefix");
            Objects.requireNonNull(timeLimit, "timeLimit");
            Objects.requireNonNull(nemesisInterval, "nemesisInterval");
            Objects.requireNonNull(replicaLag, "replicaLag");
            Objects.requireNonNull(sync, "sync");
            nemesis = List.copyOf(nemesis);
            bugs = bugs.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(bugs));
            if (concurrency < 1 || concurrency > 10_000) {
                throw new IllegalArgumentException("concurrency must be in 1..10000, not " + concurrency);
            }
        }

        public WorkloadOptions options() {
            return new WorkloadOptions(workloadSeed, keys, keyDistribution, tablePrefix, concurrency, consistencyModel);
        }

        /** Whether the engine keeps a write-ahead log: only when a fault may crash it. */
        public boolean durable() {
            return nemesis.contains(NemesisKind.CRASH) || nemesis.contains(NemesisKind.KILL);
        }

        /** Whether the main phase ends with a heal-all (as the runner's does when there is a nemesis). */
        public boolean heals() {
            return !nemesis.isEmpty();
        }
    }

    /** The client steps of one phase, in order. */
    public List<ClientStep> clientSteps(boolean finalPhase) {
        List<ClientStep> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof ClientStep c && c.finalPhase() == finalPhase) {
                out.add(c);
            }
        }
        return out;
    }

    public List<FaultStep> faultSteps() {
        List<FaultStep> out = new ArrayList<>();
        for (Step step : steps) {
            if (step instanceof FaultStep f) {
                out.add(f);
            }
        }
        return out;
    }

    /** The same run with other steps (a shrinker's candidate). */
    public Schedule withSteps(List<Step> newSteps) {
        return new Schedule(parameters, newSteps, mainEndNanos, finalEndNanos);
    }

    /** The same run without the steps {@code drop} selects. */
    public Schedule without(Predicate<Step> drop) {
        return withSteps(steps.stream().filter(drop.negate()).toList());
    }

    /** The schedule as JSON: a header object, one step per line (see {@link ScheduleJson}). */
    public String toJson() {
        return ScheduleJson.write(this);
    }

    /** Reads what {@link #toJson} wrote; IllegalArgumentException saying what is wrong otherwise. */
    public static Schedule fromJson(String json) {
        return ScheduleJson.read(json);
    }

    public void write(Path file) throws IOException {
        Files.writeString(file, toJson(), StandardCharsets.UTF_8);
    }

    public static Schedule read(Path file) throws IOException {
        return fromJson(Files.readString(file, StandardCharsets.UTF_8));
    }
}
