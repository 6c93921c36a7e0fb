package keystorm.engine.fault;

import java.time.Duration;
import java.util.List;
import keystorm.engine.partition.Partition;

/**
 * The engine's fault hooks, for nemeses in-process and (through the server's admin endpoint)
 * in another process: {@link #apply} carries out an {@link Fault.EngineFault}, and one method per
 * fault does the same for callers that build no record. Every fault can be undone by
 * {@link #healAll()}, except {@link #crash()}, after which the engine must be opened again on its
 * data directory.
 */
public final class Faults {
    private final FaultTarget target;

    /** Faults acting on what {@code target} grants (an engine passes a private view of itself). */
    public Faults(FaultTarget target) {
        if (target == null) {
            throw new IllegalArgumentException("target must not be null");
        }
        this.target = target;
    }

    /**
     * Carries out one engine fault. Throws IllegalArgumentException or a DynamoException
     * (ResourceNotFoundException) if the engine has no such table, partition or replica.
     */
    public void apply(Fault.EngineFault fault) {
        switch (fault) {
            case Fault.LagSpike f -> lagSpike(f.extra(), f.length());
            case Fault.CrashLeader f -> crashLeader(f.table(), f.partition());
            case Fault.RestartReplica f -> restartReplica(f.table(), f.partition(), f.replica());
            case Fault.IsolateReplica f -> isolateReplica(f.table(), f.partition(), f.replica());
            case Fault.RejoinReplica f -> rejoinReplica(f.table(), f.partition(), f.replica());
            case Fault.SqueezeCapacity f -> squeezeCapacity(f.table(), f.partition(), f.fraction());
            case Fault.SkewClock f -> skewClock(f.offset());
            case Fault.Crash f -> crash();
            case Fault.HealAll f -> healAll();
        }
    }

    /** For {@code length} from now, followers apply writes {@code extra} later than the configured lag. */
    public void lagSpike(Duration extra, Duration length) {
        target.lagSpike(extra.toNanos(), length.toNanos());
    }

    /**
     * Crashes the leader of one partition: an up-to-date follower takes over at once (the
     * crashed replica stays down until {@link #restartReplica} or {@link #healAll}). With the
     * bug {@link Bug#STALE_FAILOVER} the most lagging follower takes over, as it is.
     */
    public void crashLeader(String table, int partition) {
        FaultTarget.TableParts live = target.table(table);
        live.partitions().crashLeader(live.data(), partition, target.has(Bug.STALE_FAILOVER));
    }

    /** Brings a crashed or cut-off replica back as a follower, copying the leader's items. */
    public void restartReplica(String table, int partition, int replica) {
        FaultTarget.TableParts live = target.table(table);
        live.partitions().restart(live.data(), partition, replica);
    }

    /**
     * Cuts one replica off from the others. A cut-off follower stops receiving writes (and
     * serves ever staler eventually consistent reads); a cut-off leader cannot reach a majority,
     * so writes to its partition fail until it is rejoined or its partition fails over.
     */
    public void isolateReplica(String table, int partition, int replica) {
        FaultTarget.TableParts live = target.table(table);
        live.partitions().isolate(live.data(), partition, replica, true);
    }

    public void rejoinReplica(String table, int partition, int replica) {
        FaultTarget.TableParts live = target.table(table);
        live.partitions().isolate(live.data(), partition, replica, false);
    }

    /** Keeps only {@code fraction} (0 to 1] of one partition's read and write capacity. */
    public void squeezeCapacity(String table, int partition, double fraction) {
        target.table(table).partitions().squeeze(partition, fraction);
    }

    /** Moves the engine's clock by {@code offset} (either way) from the real one. */
    public void skewClock(Duration offset) {
        target.skewClock(offset.toNanos());
    }

    /**
     * A simulated crash of the whole engine (a power loss): whatever the log had not fsynced is
     * gone, in-flight requests fail, and the engine answers nothing more. Open a new engine on
     * the same data directory to recover.
     */
    public void crash() {
        target.crash();
    }

    /** Undoes every fault but a crash: no lag spike, no skew, every replica back, full capacity. */
    public void healAll() {
        target.lagSpike(0, 0);
        target.skewClock(0);
        for (String name : target.tableNames()) {
            FaultTarget.TableParts live = target.table(name);
            live.partitions().healAll(live.data());
        }
    }

    /** Where the partitions of a table stand, for a nemesis choosing its next target. */
    public List<Partition.Metrics> partitions(String table) {
        return target.table(table).partitions().metrics();
    }
}
