package keystorm.checker.elle;

/**
 * The kinds of edge in Elle's dependency graph (Adya's ww, wr and rw, plus Elle's process and
 * realtime orders). Their ordinals are the edge types of the {@link keystorm.checker.graph.Digraph}.
 */
public enum Dependency {
    /** T2 wrote the version right after T1's: T1 -ww-> T2. */
    WW,
    /** T2 read a version T1 wrote. */
    WR,
    /** T1 read a version, T2 wrote the next one: T1 read before T2 wrote (an anti-dependency). */
    RW,
    /** T1 and T2 ran on the same process, T1 first. */
    PROCESS,
    /** T1 completed before T2 began. */
    REALTIME;

    public int bit() {
        return 1 << ordinal();
    }

    public static final int DATA = WW.bit() | WR.bit() | RW.bit();

    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
