package keystorm.engine.fault;

import java.time.Duration;

/**
 * A fault, as data: what a nemesis decides to do, recorded in the history and sent over the
 * wire before anything carries it out. Grouped by who carries it out:
 * <ul>
 * <li>{@link EngineFault}: the engine itself, through {@link Faults#apply} (in-process, or via
 * {@code POST /keystorm/faults} on a {@code keystorm serve --admin});</li>
 * <li>{@link ProcessFault}: the harness, on a {@code keystorm serve} child process (signals and
 * restarts, which a process cannot do to itself);</li>
 * <li>{@link NetworkFault}: the harness's TCP proxy between the clients and a server.</li>
 * </ul>
 * Every record checks its arguments when built, so a fault that exists can be carried out;
 * what only the target can know (is there such a table, such a partition) is checked there.
 * Wire names and JSON live in {@link FaultJson}.
 */
public sealed interface Fault permits Fault.EngineFault, Fault.ProcessFault, Fault.NetworkFault {
    /** The longest duration any fault takes (a lag spike, a skew either way, a network delay). */
    Duration DURATION_MAX = Duration.ofDays(1);

    /** The wire name: {@code lag-spike}, {@code kill}, {@code net-delay} ... */
    String name();

    sealed interface EngineFault extends Fault
            permits LagSpike, CrashLeader, RestartReplica, IsolateReplica, RejoinReplica, SqueezeCapacity, SkewClock,
            Crash, HealAll {}

    sealed interface ProcessFault extends Fault permits Kill, Restart, Pause, Resume {}

    sealed interface NetworkFault extends Fault permits NetDelay, NetDrop, NetReset, NetBlackhole, NetHeal {}

    // ---- engine faults

    /** For {@code length} from now, followers apply writes {@code extra} later than the configured lag. */
    record LagSpike(Duration extra, Duration length) implements EngineFault {
        public LagSpike {
            checkDuration("extra", extra, false);
            checkDuration("length", length, false);
        }

        public String name() {
            return "lag-spike";
        }
    }

    /** The leader of one partition crashes; an up-to-date follower takes over. */
    record CrashLeader(String table, int partition) implements EngineFault {
        public CrashLeader {
            checkTable(table);
            checkIndex("partition", partition);
        }

        public String name() {
            return "crash-leader";
        }
    }

    /** A crashed or cut-off replica comes back as a follower. */
    record RestartReplica(String table, int partition, int replica) implements EngineFault {
        public RestartReplica {
            checkTable(table);
            checkIndex("partition", partition);
            checkIndex("replica", replica);
        }

        public String name() {
            return "restart-replica";
        }
    }

    /** One replica is cut off from the others. */
    record IsolateReplica(String table, int partition, int replica) implements EngineFault {
        public IsolateReplica {
            checkTable(table);
            checkIndex("partition", partition);
            checkIndex("replica", replica);
        }

        public String name() {
            return "isolate-replica";
        }
    }

    /** A cut-off replica rejoins the others. */
    record RejoinReplica(String table, int partition, int replica) implements EngineFault {
        public RejoinReplica {
            checkTable(table);
            checkIndex("partition", partition);
            checkIndex("replica", replica);
        }

        public String name() {
            return "rejoin-replica";
        }
    }

    /** One partition keeps only {@code fraction}, in (0, 1], of its read and write capacity. */
    record SqueezeCapacity(String table, int partition, double fraction) implements EngineFault {
        public SqueezeCapacity {
            checkTable(table);
            checkIndex("partition", partition);
            if (!(fraction > 0 && fraction <= 1)) {
                throw new IllegalArgumentException("fraction must be in (0, 1]: " + fraction);
            }
        }

        public String name() {
            return "squeeze";
        }
    }

    /** The engine's clock moves by {@code offset}, either way, from the real one. */
    record SkewClock(Duration offset) implements EngineFault {
        public SkewClock {
            checkDuration("offset", offset, true);
        }

        public String name() {
            return "skew-clock";
        }
    }

    /** A power loss of the whole engine: the unsynced tail of its log is gone. */
    record Crash() implements EngineFault {
        public String name() {
            return "crash";
        }
    }

    /** Every engine fault undone but a crash. */
    record HealAll() implements EngineFault {
        public String name() {
            return "heal-all";
        }
    }

    // ---- process faults

    /** kill -9 of the server process. */
    record Kill() implements ProcessFault {
        public String name() {
            return "kill";
        }
    }

    /** The server process starts again on the same data directory. */
    record Restart() implements ProcessFault {
        public String name() {
            return "restart";
        }
    }

    /** SIGSTOP: the process holds its connections and answers nothing. */
    record Pause() implements ProcessFault {
        public String name() {
            return "pause";
        }
    }

    /** SIGCONT after a pause. */
    record Resume() implements ProcessFault {
        public String name() {
            return "resume";
        }
    }

    // ---- network faults

    /** Every forwarded chunk, both ways, waits {@code delay} plus or minus a uniform {@code jitter}. */
    record NetDelay(Duration delay, Duration jitter) implements NetworkFault {
        public NetDelay {
            checkDuration("delay", delay, false);
            checkDuration("jitter", jitter, false);
            if (jitter.compareTo(delay) > 0) {
                // delay - jitter is the shortest wait: it must not be negative.
                throw new IllegalArgumentException("jitter must be at most the delay: jitter " + jitter + ", delay " + delay);
            }
        }

        public String name() {
            return "net-delay";
        }
    }

    /** Each new connection, and each forwarded chunk's connection, is closed with this probability. */
    record NetDrop(double probability) implements NetworkFault {
        public NetDrop {
            if (!(probability >= 0 && probability <= 1)) {
                throw new IllegalArgumentException("probability must be in [0, 1]: " + probability);
            }
        }

        public String name() {
            return "net-drop";
        }
    }

    /** Every open connection is reset (RST), and every new one, until healed. */
    record NetReset() implements NetworkFault {
        public String name() {
            return "net-reset";
        }
    }

    /** Connections are accepted and read but nothing is forwarded either way, until healed. */
    record NetBlackhole() implements NetworkFault {
        public String name() {
            return "net-blackhole";
        }
    }

    /** Back to plain forwarding. */
    record NetHeal() implements NetworkFault {
        public String name() {
            return "net-heal";
        }
    }

    private static void checkDuration(String field, Duration value, boolean eitherWay) {
        if (value == null) {
            throw new IllegalArgumentException(field + " must be a duration, not null");
        }
        Duration magnitude = value.abs();
        if ((value.isNegative() && !eitherWay) || magnitude.compareTo(DURATION_MAX) > 0) {
            throw new IllegalArgumentException(field + " must be from " + (eitherWay ? "-1 day" : "0") + " to 1 day: " + value);
        }
    }

    private static void checkTable(String table) {
        if (table == null || table.isEmpty()) {
            throw new IllegalArgumentException("table must be a table name, not " + (table == null ? "null" : "empty"));
        }
    }

    private static void checkIndex(String field, int index) {
        if (index < 0) {
            throw new IllegalArgumentException(field + " must be 0 or more: " + index);
        }
    }
}
