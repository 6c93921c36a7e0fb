package keystorm.engine.table;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.GlobalSecondaryIndex;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.LocalSecondaryIndex;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProjectionType;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;

/**
 * CreateTable's checks of GlobalSecondaryIndexes and LocalSecondaryIndexes, in the order DynamoDB
 * makes them, and the {@link IndexSchema}s they give.
 *
 * <p>Two kinds of check, as the service has them: the API's member constraints first (an index
 * name of 3 to 255 of {@code [a-zA-Z0-9_.-]}, a KeySchema of one or two elements, a Projection,
 * capacity units of at least 1), worded "1 validation error detected: Value ... at '...' failed to
 * satisfy constraint: ..."; then the table's semantic rules, worded "One or more parameter values
 * were invalid: ...": the local indexes one by one, their count, the global indexes one by one, their
 * count, the projected attributes over all indexes, and last the AttributeDefinitions, which must be
 * exactly the key attributes of the table and of its indexes. DynamoDB lists every constraint that
 * fails in one message; keystorm names the first, with the same error type.
 *
 * <p>The wording comes from DynamoDB's answers as third-party suites assert them (dynalite's
 * CreateTable tests, ScyllaDB Alternator's test_gsi.py and test_lsi.py) and, where those are silent,
 * from DynamoDB Local 3.1.0; {@code TableSchemaIndexesTest} lists which is which.
 *
 * <p>Rules that need to know whether a member was present at all (an empty GlobalSecondaryIndexes
 * list, NonKeyAttributes given as {@code []}) are the JSON reader's: the API records here hold an
 * absent list as an empty one.
 */
final class IndexDefinitions {
    private static final String INVALID = "One or more parameter values were invalid: ";
    private static final Pattern NAME_CHARACTERS = Pattern.compile("[a-zA-Z0-9_.-]+");

    private IndexDefinitions() {
    }

    /**
     * The member constraints of both lists: names, key schema lengths, projection present,
     * throughput units. Run before any semantic rule, as the service runs them.
     */
    static void checkConstraints(List<GlobalSecondaryIndex> globals, List<LocalSecondaryIndex> locals, Limits limits) {
        for (int i = 0; i < locals.size(); i++) {
            LocalSecondaryIndex index = locals.get(i);
            String where = "localSecondaryIndexes." + (i + 1) + ".member.";
            checkMember(index.indexName(), index.keySchema(), index.projection(), where, limits);
        }
        for (int i = 0; i < globals.size(); i++) {
            GlobalSecondaryIndex index = globals.get(i);
            String where = "globalSecondaryIndexes." + (i + 1) + ".member.";
            checkMember(index.indexName(), index.keySchema(), index.projection(), where, limits);
            ProvisionedThroughput throughput = index.provisionedThroughput();
            if (throughput != null) {
                checkUnits(throughput.readCapacityUnits(), where + "provisionedThroughput.readCapacityUnits");
                checkUnits(throughput.writeCapacityUnits(), where + "provisionedThroughput.writeCapacityUnits");
            }
        }
    }

    private static void checkMember(String name, List<KeySchemaElement> keySchema, Projection projection, String where,
                                    Limits limits) {
        if (name == null) {
            throw constraint("null", where + "indexName", "Member must not be null");
        }
        if (!NAME_CHARACTERS.matcher(name).matches()) {
            throw constraint("'" + name + "'", where + "indexName",
                    "Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+");
        }
        if (name.length() < 3) {
            throw constraint("'" + name + "'", where + "indexName", "Member must have length greater than or equal to 3");
        }
        if (name.length() > limits.tableNameLengthMax()) {
            throw constraint("'" + name + "'", where + "indexName",
                    "Member must have length less than or equal to " + limits.tableNameLengthMax());
        }
        if (keySchema.isEmpty()) {
            throw constraint("'[]'", where + "keySchema", "Member must have length greater than or equal to 1");
        }
        if (keySchema.size() > 2) {
            throw constraint("'" + keySchema + "'", where + "keySchema", "Member must have length less than or equal to 2");
        }
        for (int k = 0; k < keySchema.size(); k++) {
            TableSchema.checkAttributeName(keySchema.get(k).attributeName(), where + "keySchema." + (k + 1), true,
                    limits);
        }
        if (projection == null) {
            throw constraint("null", where + "projection", "Member must not be null");
        }
        // each name projected by INCLUDE is 1 to 255 characters, as a key attribute's name is (the
        // service's wording for a constraint on every member of a list)
        List<String> nonKey = projection.nonKeyAttributes();
        for (String attribute : nonKey) {
            if (attribute.isEmpty() || attribute.length() > limits.keyAttributeNameLengthMax()) {
                throw constraint("'" + nonKey + "'", where + "projection.nonKeyAttributes",
                        "Member must satisfy constraint: [Member must have length less than or equal to "
                                + limits.keyAttributeNameLengthMax() + ", Member must have length greater than or "
                                + "equal to 1]");
            }
        }
    }

    private static void checkUnits(long units, String where) {
        if (units < 1) {
            throw constraint("'" + units + "'", where, "Member must have value greater than or equal to 1");
        }
    }

    private static DynamoException constraint(String value, String where, String rule) {
        return DynamoException.validation("1 validation error detected: Value " + value + " at '" + where
                + "' failed to satisfy constraint: " + rule);
    }

    /**
     * The semantic rules, after the table's own key checks; {@code definitions} are the
     * AttributeDefinitions by name (already free of duplicates), in request order.
     */
    static List<IndexSchema> of(List<GlobalSecondaryIndex> globals, List<LocalSecondaryIndex> locals,
                                Map<String, ScalarAttributeType> definitions, String tableHash, String tableRange,
                                BillingMode billing, Limits limits) {
        // described global indexes first, as CreateTable's answer lists them; checked local ones first, as DynamoDB does
        List<IndexSchema> localSchemas = new ArrayList<>(locals.size());
        List<IndexSchema> indexes = new ArrayList<>(globals.size() + locals.size());
        Set<String> names = new HashSet<>();
        if (!locals.isEmpty() && tableRange == null) {
            throw DynamoException.validation(INVALID + "Table KeySchema does not have a range key, which is required "
                    + "when specifying a LocalSecondaryIndex");
        }
        for (LocalSecondaryIndex index : locals) {
            List<KeySchemaElement> keys = index.keySchema();
            checkKeySchema(keys, definitions);
            if (keys.size() != 2) {
                throw DynamoException.validation(INVALID + "Index KeySchema does not have a range key for index: "
                        + index.indexName());
            }
            String hash = keys.get(0).attributeName();
            if (!hash.equals(tableHash)) {
                throw DynamoException.validation(INVALID + "Index KeySchema does not have the same leading hash key as "
                        + "table KeySchema for index: " + index.indexName() + ". index hash key: " + hash
                        + ", table hash key: " + tableHash);
            }
            checkProjection(index.projection());
            checkUnique(names, index.indexName());
            String range = keys.get(1).attributeName();
            localSchemas.add(new IndexSchema(index.indexName(), IndexSchema.Kind.LOCAL, hash, definitions.get(hash), range,
                    definitions.get(range), index.projection(), null));
        }
        if (locals.size() > limits.localIndexesMax()) {
            throw DynamoException.validation(INVALID + "Number of LocalSecondaryIndexes exceeds per-table limit of "
                    + limits.localIndexesMax());
        }
        for (GlobalSecondaryIndex index : globals) {
            List<KeySchemaElement> keys = index.keySchema();
            checkKeySchema(keys, definitions);
            checkProjection(index.projection());
            ProvisionedThroughput throughput = index.provisionedThroughput();
            if (billing == BillingMode.PAY_PER_REQUEST && throughput != null) {
                throw DynamoException.validation(INVALID + "ProvisionedThroughput should not be specified for index: "
                        + index.indexName() + " when BillingMode is PAY_PER_REQUEST");
            }
            if (billing == BillingMode.PROVISIONED && throughput == null) {
                throw DynamoException.validation(INVALID + "ProvisionedThroughput is not specified for index: "
                        + index.indexName());
            }
            checkUnique(names, index.indexName());
            String hash = keys.get(0).attributeName();
            String range = keys.size() == 2 ? keys.get(1).attributeName() : null;
            indexes.add(new IndexSchema(index.indexName(), IndexSchema.Kind.GLOBAL, hash, definitions.get(hash), range,
                    range == null ? null : definitions.get(range), index.projection(), throughput));
        }
        if (globals.size() > limits.globalIndexesMax()) {
            throw DynamoException.validation(INVALID + "GlobalSecondaryIndex count exceeds the per-table limit of "
                    + limits.globalIndexesMax());
        }
        indexes.addAll(localSchemas);
        checkProjectedCount(indexes, limits);
        checkDefinitionsUsed(indexes, definitions, tableHash, tableRange);
        return indexes;
    }

    /** One index's KeySchema: attributes defined, HASH then RANGE of two names. */
    private static void checkKeySchema(List<KeySchemaElement> keys, Map<String, ScalarAttributeType> definitions) {
        List<String> names = keys.stream().map(KeySchemaElement::attributeName).toList();
        for (String name : names) {
            if (!definitions.containsKey(name)) {
                throw DynamoException.validation(INVALID + "Some index key attributes are not defined in "
                        + "AttributeDefinitions. Keys: " + names + ", AttributeDefinitions: " + definitions.keySet());
            }
        }
        if (keys.size() == 2 && names.get(0).equals(names.get(1))) {
            throw DynamoException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
        }
        if (keys.get(0).keyType() != KeyType.HASH) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keys.size() == 2 && keys.get(1).keyType() != KeyType.RANGE) {
            throw DynamoException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
        }
    }

    private static void checkProjection(Projection projection) {
        ProjectionType type = projection.projectionType();
        if (type == null) {
            throw DynamoException.validation(INVALID + "Unknown ProjectionType: null");
        }
        List<String> nonKey = projection.nonKeyAttributes();
        if (type != ProjectionType.INCLUDE && !nonKey.isEmpty()) {
            throw DynamoException.validation(INVALID + "ProjectionType is " + type + ", but NonKeyAttributes is specified");
        }
        if (type == ProjectionType.INCLUDE && nonKey.isEmpty()) {
            throw DynamoException.validation(INVALID + "ProjectionType is INCLUDE, but NonKeyAttributes is not specified");
        }
        Set<String> seen = new HashSet<>();
        for (String attribute : nonKey) {
            if (!seen.add(attribute)) {
                throw DynamoException.validation(INVALID + "Duplicate attribute name in NonKeyAttributes: " + attribute);
            }
        }
    }

    private static void checkUnique(Set<String> names, String name) {
        if (!names.add(name)) {
            throw DynamoException.validation(INVALID + "Duplicate index name: " + name);
        }
    }

    /** NonKeyAttributes summed over the indexes: an attribute projected into two indexes counts twice. */
    static void checkProjectedCount(List<IndexSchema> indexes, Limits limits) {
        int projected = 0;
        for (IndexSchema index : indexes) {
            projected += index.projection().nonKeyAttributes().size();
        }
        if (projected > limits.projectedAttributesMax()) {
            throw DynamoException.validation(INVALID + "Number of projected attributes in all indexes exceeds limit of "
                    + limits.projectedAttributesMax() + ", number of projected attributes:" + projected);
        }
    }

    /** Every AttributeDefinition must be a key of the table or of an index. */
    private static void checkDefinitionsUsed(List<IndexSchema> indexes, Map<String, ScalarAttributeType> definitions,
                                             String tableHash, String tableRange) {
        Set<String> used = new TreeSet<>();
        used.add(tableHash);
        if (tableRange != null) {
            used.add(tableRange);
        }
        for (IndexSchema index : indexes) {
            used.add(index.hashKey());
            if (index.hasRangeKey()) {
                used.add(index.rangeKey());
            }
        }
        if (!used.equals(definitions.keySet())) {
            throw DynamoException.validation(INVALID + "Some AttributeDefinitions are not used. AttributeDefinitions: "
                    + new TreeSet<>(definitions.keySet()) + ", keys used: " + used);
        }
    }
}
