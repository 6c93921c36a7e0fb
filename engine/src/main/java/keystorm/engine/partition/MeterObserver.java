package keystorm.engine.partition;

import keystorm.engine.item.AttributeValue;

/**
 * Sees every metering decision of a table's partitions, as it is made: the units a request part
 * consumed or was refused, and the units given back when a request was then refused as a whole.
 * The insights recorder is the one implementation; with none attached the partitions make one
 * null check. Called on the request's own thread, possibly inside an item's lock: it must not
 * block or call back into the engine.
 */
public interface MeterObserver {
    /**
     * @param table   the table's name
     * @param hashKey the partition-key value, or null for a Scan's units (many keys at once)
     * @param write   write units (else read units)
     * @param units   the units; negative when given back ({@code served} is then true)
     * @param served  consumed (also when throttling is off), or refused (throttled)
     */
    void metered(String table, AttributeValue hashKey, boolean write, double units, boolean served);
}
