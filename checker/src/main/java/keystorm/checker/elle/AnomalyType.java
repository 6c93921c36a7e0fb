package keystorm.checker.elle;

import java.util.Comparator;

/**
 * The anomalies keystorm's Elle names, each with its spelling exactly as Elle (and Adya) write
 * it, which is what reports print. The cycle anomalies come at three levels: over the data
 * dependencies alone, with process edges ({@code -process}), and with realtime edges
 * ({@code -realtime}). G1 and G2 (and their variants) are never reported: they are what G1a, G1b,
 * G1c and G-single ... G2-item imply, and what consistency models forbid.
 */
public enum AnomalyType {
    G0("G0"), G0_PROCESS("G0-process"), G0_REALTIME("G0-realtime"),
    G1("G1"), G1_PROCESS("G1-process"), G1_REALTIME("G1-realtime"),
    G1A("G1a"), G1B("G1b"),
    G1C("G1c"), G1C_PROCESS("G1c-process"), G1C_REALTIME("G1c-realtime"),
    G_SINGLE("G-single"), G_SINGLE_PROCESS("G-single-process"), G_SINGLE_REALTIME("G-single-realtime"),
    G_NONADJACENT("G-nonadjacent"), G_NONADJACENT_PROCESS("G-nonadjacent-process"),
    G_NONADJACENT_REALTIME("G-nonadjacent-realtime"),
    G2("G2"), G2_PROCESS("G2-process"), G2_REALTIME("G2-realtime"),
    G2_ITEM("G2-item"), G2_ITEM_PROCESS("G2-item-process"), G2_ITEM_REALTIME("G2-item-realtime"),
    LOST_UPDATE("lost-update"),
    INTERNAL("internal"),
    DUPLICATE_ELEMENTS("duplicate-elements"),
    INCOMPATIBLE_ORDER("incompatible-order"),
    DIRTY_UPDATE("dirty-update"),
    GARBAGE_READ("garbage-read");

    /** Reports list anomalies in the order of their spelling, as they did when names were strings. */
    public static final Comparator<AnomalyType> BY_SPELLING = Comparator.comparing(AnomalyType::spelling);

    /** The level of a cycle: which edges beyond the data dependencies it may use. */
    public enum Level { DATA, PROCESS, REALTIME }

    private final String spelling;

    AnomalyType(String spelling) {
        this.spelling = spelling;
    }

    /** The name as Elle writes it: "G-single-process". */
    public String spelling() {
        return spelling;
    }

    /** Whether this is a cycle anomaly (or its G1/G2 generalisation) at the process or realtime level. */
    public Level level() {
        return spelling.endsWith("-realtime") ? Level.REALTIME : spelling.endsWith("-process") ? Level.PROCESS : Level.DATA;
    }

    /** This cycle anomaly at another level: G-single at PROCESS is G-single-process. */
    public AnomalyType at(Level level) {
        if (this.level() != Level.DATA) {
            throw new IllegalArgumentException(this + " is already a " + level() + " variant");
        }
        return switch (this) {
            case G0 -> pick(level, G0, G0_PROCESS, G0_REALTIME);
            case G1 -> pick(level, G1, G1_PROCESS, G1_REALTIME);
            case G1C -> pick(level, G1C, G1C_PROCESS, G1C_REALTIME);
            case G_SINGLE -> pick(level, G_SINGLE, G_SINGLE_PROCESS, G_SINGLE_REALTIME);
            case G_NONADJACENT -> pick(level, G_NONADJACENT, G_NONADJACENT_PROCESS, G_NONADJACENT_REALTIME);
            case G2 -> pick(level, G2, G2_PROCESS, G2_REALTIME);
            case G2_ITEM -> pick(level, G2_ITEM, G2_ITEM_PROCESS, G2_ITEM_REALTIME);
            default -> throw new IllegalArgumentException(this + " has no process or realtime variant");
        };
    }

    private static AnomalyType pick(Level level, AnomalyType data, AnomalyType process, AnomalyType realtime) {
        return switch (level) {
            case DATA -> data;
            case PROCESS -> process;
            case REALTIME -> realtime;
        };
    }

    @Override
    public String toString() {
        return spelling;
    }
}
