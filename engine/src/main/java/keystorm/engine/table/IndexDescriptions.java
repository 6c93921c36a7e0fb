package keystorm.engine.table;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.GlobalSecondaryIndexDescription;
import keystorm.engine.api.IndexCounts;
import keystorm.engine.api.IndexStatus;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.LocalSecondaryIndexDescription;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;

/**
 * The parts of a table's description that its secondary indexes decide: the AttributeDefinitions
 * (the table's keys, then each index's keys not already listed, as CreateTable required them), and
 * one description per index, in the order CreateTable listed them.
 *
 * <p>Every index is ACTIVE: indexes created with their table are ready when it is, and UpdateTable's
 * index states are kept by whoever changes them. A PAY_PER_REQUEST table's global index answers zero
 * units, as the service does.
 */
public record IndexDescriptions(List<AttributeDefinition> attributeDefinitions,
                                List<GlobalSecondaryIndexDescription> globals,
                                List<LocalSecondaryIndexDescription> locals) {
    public IndexDescriptions {
        attributeDefinitions = List.copyOf(attributeDefinitions);
        globals = List.copyOf(globals);
        locals = List.copyOf(locals);
    }

    /**
     * The descriptions of a table's indexes: {@code counts} gives each index's ItemCount and
     * IndexSizeBytes by name, {@code statuses} each global index's status (UpdateTable's Create:
     * CREATING, and Backfilling, until it is built), {@code decreasesToday} its NumberOfDecreasesToday.
     */
    public static IndexDescriptions of(TableSchema schema, String tableArn, Function<String, IndexCounts> counts,
                                       Function<String, IndexStatus> statuses,
                                       java.util.function.ToLongFunction<String> decreasesToday) {
        Map<String, ScalarAttributeType> definitions = new LinkedHashMap<>();
        definitions.put(schema.hashKey(), schema.hashKeyType());
        if (schema.hasRangeKey()) {
            definitions.put(schema.rangeKey(), schema.rangeKeyType());
        }
        List<GlobalSecondaryIndexDescription> globals = new ArrayList<>();
        List<LocalSecondaryIndexDescription> locals = new ArrayList<>();
        for (IndexSchema index : schema.indexes()) {
            definitions.putIfAbsent(index.hashKey(), index.hashKeyType());
            List<KeySchemaElement> keySchema = new ArrayList<>(2);
            keySchema.add(new KeySchemaElement(index.hashKey(), KeyType.HASH));
            if (index.hasRangeKey()) {
                definitions.putIfAbsent(index.rangeKey(), index.rangeKeyType());
                keySchema.add(new KeySchemaElement(index.rangeKey(), KeyType.RANGE));
            }
            IndexCounts count = counts.apply(index.name());
            String indexArn = tableArn + "/index/" + index.name();
            if (index.isGlobal()) {
                ProvisionedThroughput throughput = index.provisionedThroughput() == null
                        ? new ProvisionedThroughput(0, 0) : index.provisionedThroughput();
                globals.add(new GlobalSecondaryIndexDescription(index.name(), keySchema, index.projection(),
                        statuses.apply(index.name()), statuses.apply(index.name()) == IndexStatus.CREATING, throughput,
                        decreasesToday.applyAsLong(index.name()), count.sizeBytes(), count.itemCount(), indexArn));
            } else {
                locals.add(new LocalSecondaryIndexDescription(index.name(), keySchema, index.projection(),
                        count.sizeBytes(), count.itemCount(), indexArn));
            }
        }
        List<AttributeDefinition> attributes = new ArrayList<>(definitions.size());
        definitions.forEach((name, type) -> attributes.add(new AttributeDefinition(name, type)));
        return new IndexDescriptions(attributes, globals, locals);
    }
}
