package keystorm.engine.table;

import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ScalarAttributeType;

/**
 * One secondary index of a table, as CreateTable (or UpdateTable) validated it: its name, whether
 * it is global or local, its keys with their declared types, its projection and, for a global
 * index of a PROVISIONED table, its own throughput (null otherwise).
 *
 * <p>A local index's partition key is the table's; its sort key is another attribute. A global
 * index may have any partition key and an optional sort key.
 */
public record IndexSchema(String name, Kind kind, String hashKey, ScalarAttributeType hashKeyType, String rangeKey,
                          ScalarAttributeType rangeKeyType, Projection projection,
                          ProvisionedThroughput provisionedThroughput) {
    public enum Kind {
        GLOBAL,
        LOCAL
    }

    public boolean isGlobal() {
        return kind == Kind.GLOBAL;
    }

    public boolean hasRangeKey() {
        return rangeKey != null;
    }

    /** This index with another throughput (UpdateTable). */
    public IndexSchema withProvisionedThroughput(ProvisionedThroughput throughput) {
        return new IndexSchema(name, kind, hashKey, hashKeyType, rangeKey, rangeKeyType, projection, throughput);
    }
}
