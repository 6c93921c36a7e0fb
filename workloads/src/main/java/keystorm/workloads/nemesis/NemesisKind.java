package keystorm.workloads.nemesis;

import java.util.Locale;

/**
 * The faults {@code --nemesis} names, and who can carry each out: the engine's own faults need
 * the engine (in-process, or a {@code keystorm serve} child's admin endpoint), process faults a
 * child process, network faults the proxy (in front of any endpoint reached over TCP).
 */
public enum NemesisKind {
    LAG(Needs.ENGINE, "replica lag spikes: followers fall behind, eventually consistent reads go stale"),
    FAILOVER(Needs.ENGINE, "a partition's leader crashes and a follower takes over"),
    ISOLATE(Needs.ENGINE, "one replica is cut off from the others, then rejoins"),
    SQUEEZE(Needs.ENGINE, "a partition keeps a sliver of its capacity: requests are throttled"),
    CLOCK(Needs.ENGINE, "the engine's clock jumps by seconds either way"),
    CRASH(Needs.ENGINE, "power loss: the unsynced tail of the log is gone, the store recovers from disk"),
    KILL(Needs.PROCESS, "kill -9 of the serve process, restarted on the same data directory"),
    PAUSE(Needs.PROCESS, "SIGSTOP of the serve process, SIGCONT after the interval"),
    NET_DELAY(Needs.NETWORK, "the proxy delays every packet by tens of milliseconds"),
    NET_DROP(Needs.NETWORK, "the proxy drops a share of connections"),
    NET_RESET(Needs.NETWORK, "the proxy resets every connection (RST)"),
    NET_BLACKHOLE(Needs.NETWORK, "the proxy swallows everything: requests time out");

    /** What a kind of fault needs from the target. */
    public enum Needs { ENGINE, PROCESS, NETWORK }

    private final Needs needs;
    private final String summary;

    NemesisKind(Needs needs, String summary) {
        this.needs = needs;
        this.summary = summary;
    }

    public Needs needs() {
        return needs;
    }

    public String summary() {
        return summary;
    }

    /** {@code lag}, {@code net-delay} ... */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** The kind a {@link #cliName()} names, if one does. */
    public static java.util.Optional<NemesisKind> find(String name) {
        for (NemesisKind kind : values()) {
            if (kind.cliName().equals(name)) {
                return java.util.Optional.of(kind);
            }
        }
        return java.util.Optional.empty();
    }

    /** Every {@link #cliName()}, comma-separated, in declaration order. */
    public static String cliNames() {
        StringBuilder known = new StringBuilder();
        for (NemesisKind kind : values()) {
            known.append(known.isEmpty() ? "" : ", ").append(kind.cliName());
        }
        return known.toString();
    }

    /** The kind a {@link #cliName()} names; IllegalArgumentException listing them all otherwise. */
    public static NemesisKind byCliName(String name) {
        return find(name).orElseThrow(() -> new IllegalArgumentException(
                "--nemesis takes none or a comma-separated list of " + cliNames() + "; not '" + name + "'"));
    }
}
