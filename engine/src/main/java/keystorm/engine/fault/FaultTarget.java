package keystorm.engine.fault;

import java.util.List;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.table.Table;

/**
 * What {@link Faults} may reach inside an engine, and nothing more: the engine grants it (a
 * private view of itself), so the faults need no back-reference to the whole engine.
 */
public interface FaultTarget {
    /** One table's items (the leaders' copy) and the partitions that hold them. */
    record TableParts(Table data, PartitionMap partitions) {}

    /** The table of that name; ResourceNotFoundException if there is none. */
    TableParts table(String name);

    /** Every table's name, sorted. */
    List<String> tableNames();

    /** Whether a seeded bug is switched on (it changes how a failover goes). */
    boolean has(Bug bug);

    /** From now, for {@code lengthNanos}, followers apply writes {@code extraNanos} late; (0, 0) ends it. */
    void lagSpike(long extraNanos, long lengthNanos);

    /** Sets the engine clock's offset from the real one (0: none). */
    void skewClock(long offsetNanos);

    /** A power loss: the unsynced log tail is gone and the engine answers nothing more. */
    void crash();
}
