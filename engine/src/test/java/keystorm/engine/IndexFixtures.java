package keystorm.engine;

import java.util.List;
import java.util.Map;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.Projection;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;

/**
 * Tables with secondary indexes built by hand, through the engine's package-private CreateTable of a
 * validated schema (CreateTable's own parsing of index definitions is another part of issue 15).
 */
final class IndexFixtures {
    static final ScalarAttributeType S = ScalarAttributeType.S;
    static final ScalarAttributeType N = ScalarAttributeType.N;

    private IndexFixtures() {
    }

    static TableSchema table(String name, String hashKey, ScalarAttributeType hashType, String rangeKey,
                             ScalarAttributeType rangeType, IndexSchema... indexes) {
        return new TableSchema(name, hashKey, hashType, rangeKey, rangeType, BillingMode.PAY_PER_REQUEST, null,
                List.of(indexes));
    }

    static IndexSchema gsi(String name, String hashKey, ScalarAttributeType hashType, String rangeKey,
                           ScalarAttributeType rangeType, Projection projection) {
        return new IndexSchema(name, IndexSchema.Kind.GLOBAL, hashKey, hashType, rangeKey, rangeType, projection, null);
    }

    static IndexSchema lsi(TableSchema base, String name, String rangeKey, ScalarAttributeType rangeType,
                           Projection projection) {
        return new IndexSchema(name, IndexSchema.Kind.LOCAL, base.hashKey(), base.hashKeyType(), rangeKey, rangeType,
                projection, null);
    }

    static void create(Engine engine, TableSchema schema) {
        engine.createTable(schema, 0);
    }

    /** A Query of an index with {@code #k} and {@code :v} placeholders given as pairs. */
    static QueryRequest query(String table, String index, String keyCondition, Map<String, String> names,
                              Map<String, AttributeValue> values) {
        return QueryRequest.of(table, keyCondition, new ExpressionInput(names.isEmpty() ? null : names, values))
                .withIndexName(index);
    }

    static ScanRequest scan(String table, String index) {
        return ScanRequest.of(table).withIndexName(index);
    }
}
