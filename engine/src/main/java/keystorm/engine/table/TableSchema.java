package keystorm.engine.table;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import keystorm.engine.api.AttributeDefinition;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.ItemSize;

/**
 * A table's name, keys, billing and secondary indexes, validated as CreateTable validates them,
 * and the checks every item and key of the table must pass.
 */
public record TableSchema(String name, String hashKey, ScalarAttributeType hashKeyType, String rangeKey,
                          ScalarAttributeType rangeKeyType, BillingMode billingMode,
                          ProvisionedThroughput provisionedThroughput, List<IndexSchema> indexes) {
    public TableSchema {
        indexes = indexes == null ? List.of() : List.copyOf(indexes);
    }

    /** A table without secondary indexes. */
    public TableSchema(String name, String hashKey, ScalarAttributeType hashKeyType, String rangeKey,
                       ScalarAttributeType rangeKeyType, BillingMode billingMode,
                       ProvisionedThroughput provisionedThroughput) {
        this(name, hashKey, hashKeyType, rangeKey, rangeKeyType, billingMode, provisionedThroughput, List.of());
    }

    /** The secondary index of this name, or null. */
    public IndexSchema index(String indexName) {
        for (IndexSchema index : indexes) {
            if (index.name().equals(indexName)) {
                return index;
            }
        }
        return null;
    }

    /** This schema with these indexes in place of its own (UpdateTable). */
    public TableSchema withIndexes(List<IndexSchema> indexes) {
        return new TableSchema(name, hashKey, hashKeyType, rangeKey, rangeKeyType, billingMode, provisionedThroughput,
                indexes);
    }
    private static final Limits LIMITS = Limits.DYNAMODB;
    private static final Pattern TABLE_NAME = Pattern.compile("[A-Za-z0-9_.-]{3," + LIMITS.tableNameLengthMax() + "}");

    public static TableSchema of(CreateTableRequest request) {
        return of(request, LIMITS);
    }

    /** CreateTable's checks with these limits (the engine's; index counts and projections read them). */
    /**
     * UpdateTable's GlobalSecondaryIndexUpdates Create: this schema with one more global index, checked as
     * CreateTable checks one. Its key attributes take their types from {@code attributeDefinitions}, which must
     * name them even when they are keys already (of another type there: "redefined", a ValidationException);
     * definitions the index does not use are ignored, as DynamoDB ignores them in UpdateTable. {@code billing} is the table's billing mode after the update.
     */
    public TableSchema withGlobalIndex(keystorm.engine.api.GlobalSecondaryIndex index,
                                       List<AttributeDefinition> attributeDefinitions, BillingMode billing,
                                       Limits limits) {
        IndexDefinitions.checkConstraints(List.of(index), List.of(), limits);
        // member constraints first, as in CreateTable: a name over 255 is refused even when no key uses it
        for (int i = 0; i < attributeDefinitions.size(); i++) {
            checkAttributeName(attributeDefinitions.get(i).attributeName(), "attributeDefinitions." + (i + 1), false,
                    limits);
        }
        Map<String, ScalarAttributeType> known = new LinkedHashMap<>();
        known.put(hashKey, hashKeyType);
        if (rangeKey != null) {
            known.put(rangeKey, rangeKeyType);
        }
        for (IndexSchema existing : indexes) {
            known.putIfAbsent(existing.hashKey(), existing.hashKeyType());
            if (existing.hasRangeKey()) {
                known.putIfAbsent(existing.rangeKey(), existing.rangeKeyType());
            }
        }
        Map<String, ScalarAttributeType> given = new LinkedHashMap<>();
        for (AttributeDefinition definition : attributeDefinitions) {
            if (given.put(definition.attributeName(), definition.attributeType()) != null) {
                throw DynamoException.validation("Cannot have two attributes with the same name: duplicate "
                        + "AttributeDefinitions entry for " + definition.attributeName());
            }
            ScalarAttributeType was = known.get(definition.attributeName());
            if (was != null && was != definition.attributeType()) {
                throw DynamoException.validation("One or more parameter values were invalid: Attribute "
                        + definition.attributeName() + " is redefined: it is a key of type " + was
                        + " and AttributeDefinitions give it type " + definition.attributeType());
            }
        }
        Map<String, ScalarAttributeType> definitions = new LinkedHashMap<>();
        definitions.put(hashKey, hashKeyType);
        if (rangeKey != null) {
            definitions.put(rangeKey, rangeKeyType);
        }
        for (KeySchemaElement key : index.keySchema()) {
            // DynamoDB wants every key of the new index in AttributeDefinitions, even one it knows already
            ScalarAttributeType type = given.get(key.attributeName());
            if (type != null) {
                definitions.put(key.attributeName(), type);
            } else {
                definitions.remove(key.attributeName());
            }
        }
        long globals = indexes.stream().filter(IndexSchema::isGlobal).count();
        if (globals + 1 > limits.globalIndexesMax()) {
            throw DynamoException.validation("One or more parameter values were invalid: GlobalSecondaryIndex count "
                    + "exceeds the per-table limit of " + limits.globalIndexesMax());
        }
        IndexSchema created = IndexDefinitions.of(List.of(index), List.of(), definitions, hashKey, rangeKey, billing,
                limits).getFirst();
        List<IndexSchema> next = new java.util.ArrayList<>(indexes);
        next.add(created);
        IndexDefinitions.checkProjectedCount(next, limits);
        return withIndexes(next);
    }

    public static TableSchema of(CreateTableRequest request, Limits limits) {
        checkTableName(request.tableName());
        List<KeySchemaElement> keySchema = request.keySchema();
        if (keySchema.isEmpty() || keySchema.size() > 2) {
            throw DynamoException.validation("1 validation error detected: Value '" + keySchema
                    + "' at 'keySchema' failed to satisfy constraint: Member must have length less than or equal to 2");
        }
        for (int i = 0; i < keySchema.size(); i++) {
            checkAttributeName(keySchema.get(i).attributeName(), "keySchema." + (i + 1), true);
        }
        IndexDefinitions.checkConstraints(request.globalSecondaryIndexes(), request.localSecondaryIndexes(), limits);
        if (keySchema.get(0).keyType() != KeyType.HASH) {
            throw DynamoException.validation("Invalid KeySchema: The first KeySchemaElement is not a HASH key type");
        }
        if (keySchema.size() == 2) {
            if (keySchema.get(1).keyType() != KeyType.RANGE) {
                throw DynamoException.validation("Invalid KeySchema: The second KeySchemaElement is not a RANGE key type");
            }
            if (keySchema.get(0).attributeName().equals(keySchema.get(1).attributeName())) {
                throw DynamoException.validation("Both the Hash Key and the Range Key element in the KeySchema have the same name");
            }
        }
        Map<String, ScalarAttributeType> definitions = new LinkedHashMap<>();
        for (int i = 0; i < request.attributeDefinitions().size(); i++) {
            checkAttributeName(request.attributeDefinitions().get(i).attributeName(),
                    "attributeDefinitions." + (i + 1), false);
        }
        for (AttributeDefinition definition : request.attributeDefinitions()) {
            if (definitions.put(definition.attributeName(), definition.attributeType()) != null) {
                throw DynamoException.validation("Cannot have two attributes with the same name: duplicate "
                        + "AttributeDefinitions entry for " + definition.attributeName());
            }
        }
        Set<String> keyNames = new HashSet<>();
        for (KeySchemaElement element : keySchema) {
            keyNames.add(element.attributeName());
            if (!definitions.containsKey(element.attributeName())) {
                throw DynamoException.validation("One or more parameter values were invalid: Some index key attributes "
                        + "are not defined in AttributeDefinitions. Keys: [" + element.attributeName()
                        + "], AttributeDefinitions: " + definitions.keySet());
            }
        }
        boolean indexed = !request.globalSecondaryIndexes().isEmpty() || !request.localSecondaryIndexes().isEmpty();
        if (!indexed && !keyNames.equals(definitions.keySet())) {
            throw DynamoException.validation("One or more parameter values were invalid: Number of attributes in "
                    + "KeySchema does not exactly match number of attributes defined in AttributeDefinitions");
        }
        BillingMode billing = request.billingMode() == null ? BillingMode.PROVISIONED : request.billingMode();
        ProvisionedThroughput throughput = request.provisionedThroughput();
        if (billing == BillingMode.PROVISIONED) {
            if (throughput == null) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: ReadCapacityUnits and WriteCapacityUnits must both be specified when BillingMode is PROVISIONED");
            }
            if (throughput.readCapacityUnits() < 1 || throughput.writeCapacityUnits() < 1) {
                throw DynamoException.validation(
                        "One or more parameter values were invalid: Read and write capacity units must both be at least 1");
            }
        } else if (throughput != null) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
        }
        String hash = keySchema.get(0).attributeName();
        String range = keySchema.size() == 2 ? keySchema.get(1).attributeName() : null;
        List<IndexSchema> indexes = IndexDefinitions.of(request.globalSecondaryIndexes(),
                request.localSecondaryIndexes(), definitions, hash, range, billing, limits);
        return new TableSchema(request.tableName(), hash, definitions.get(hash), range,
                range == null ? null : definitions.get(range), billing, throughput, indexes);
    }

    public static void checkTableName(String name) {
        if (name == null || !TABLE_NAME.matcher(name).matches()) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at 'tableName' failed "
                    + "to satisfy constraint: Member must satisfy regular expression pattern: [a-zA-Z0-9_.-]+ and have "
                    + "length between 3 and " + LIMITS.tableNameLengthMax());
        }
    }

    public boolean hasRangeKey() {
        return rangeKey != null;
    }

    /** The key attributes' names: the partition key's, then the sort key's if any. */
    public java.util.Set<String> keyAttributeNames() {
        return hasRangeKey() ? java.util.Set.of(hashKey(), rangeKey()) : java.util.Set.of(hashKey());
    }

    /** The API's length constraint on a key attribute's name at {@code where} (1 to 255 characters). */
    private static void checkAttributeName(String name, String where, boolean required) {
        checkAttributeName(name, where, required, LIMITS);
    }

    static void checkAttributeName(String name, String where, boolean required, Limits limits) {
        boolean missing = required && (name == null || name.isEmpty());
        if (missing || name != null && name.length() > limits.keyAttributeNameLengthMax()) {
            throw DynamoException.validation("1 validation error detected: Value '" + name + "' at '" + where
                    + ".member.attributeName' failed to satisfy constraint: Member must have length "
                    + (missing ? "greater than or equal to 1" : "less than or equal to " + limits.keyAttributeNameLengthMax()));
        }
    }

    public boolean isKeyAttribute(String attribute) {
        return attribute.equals(hashKey) || attribute.equals(rangeKey);
    }

    /** Checks a whole item: key attributes present with the declared types, limits. */
    public void checkItem(Item item) {
        checkKeyAttribute(item.get(hashKey), hashKey, hashKeyType, true, true);
        if (rangeKey != null) {
            checkKeyAttribute(item.get(rangeKey), rangeKey, rangeKeyType, false, true);
        }
        if (!indexes.isEmpty()) {
            checkIndexKeys(item);
        }
        ItemSize.checkLimits(item);
    }

    /**
     * An item may lack an index's key attribute (it is then not in that index), but one it has must
     * be of the type the index declares, and not an empty string or binary. Checked before anything
     * is written, so a refused item reaches neither the table nor any index.
     */
    private void checkIndexKeys(Item item) {
        for (IndexSchema index : indexes) {
            checkIndexKey(item, index, index.hashKey(), index.hashKeyType(), LIMITS.partitionKeyBytesMax());
            if (index.hasRangeKey()) {
                checkIndexKey(item, index, index.rangeKey(), index.rangeKeyType(), LIMITS.sortKeyBytesMax());
            }
        }
    }

    /**
     * An item whose index key has the wrong type: a ValidationException of its own, because a
     * transaction answers it as a cancellation reason (ValidationError) where a single write answers
     * it as is (DynamoDB Local 3.1.0 does so, and so does the service by other emulators' probes).
     */
    public static final class IndexKeyTypeMismatch extends DynamoException {
        IndexKeyTypeMismatch(String message) {
            super(keystorm.engine.api.ErrorType.ValidationException, message);
        }
    }

    /** An update may not reach into an index key ({@code SET k.x}, {@code SET k[0]}): keys are scalars. */
    public void checkNoNestedIndexKey(java.util.Collection<String> nestedTopLevelNames) {
        for (String name : nestedTopLevelNames) {
            for (IndexSchema index : indexes) {
                if (name.equals(index.hashKey()) || name.equals(index.rangeKey())) {
                    throw DynamoException.validation("Key attributes must be scalars; list random access '[]' and map "
                            + "lookup '.' are not allowed: IndexKey: " + name);
                }
            }
        }
    }

    private void checkIndexKey(Item item, IndexSchema index, String name, ScalarAttributeType type, int bytesMax) {
        AttributeValue value = item.get(name);
        if (value == null) {
            return;
        }
        // An index key is held to the key size limits of its role in the index (a table's partition
        // key may be an index's sort key), so an item whose index key could not be stored is refused.
        long bytes = keyBytes(value, bytesMax);
        if (bytes > bytesMax) {
            throw DynamoException.validation("One or more parameter values were invalid: Size limit exceeded for "
                    + "Index Key " + name + " Actual Size: " + bytes + " bytes Max Size: " + bytesMax + " bytes "
                    + "IndexName: " + index.name());
        }
        if (isKeyAttribute(name)) {
            return; // the table's own keys were checked already
        }
        if (!matches(value, type)) {
            throw new IndexKeyTypeMismatch("One or more parameter values were invalid: Type mismatch for Index Key "
                    + name + " Expected: " + type + " Actual: " + value.typeName() + " IndexName: " + index.name());
        }
        boolean empty = value instanceof AttributeValue.S s ? s.value().isEmpty()
                : value instanceof AttributeValue.B b && b.value().length() == 0;
        if (empty) {
            throw DynamoException.validation("One or more parameter values are not valid. A value specified for a "
                    + "secondary index key is not supported. The AttributeValue for a key attribute cannot contain an "
                    + "empty " + (value instanceof AttributeValue.S ? "string" : "binary") + " value. IndexName: "
                    + index.name() + ", IndexKey: " + name);
        }
    }

    /** Checks a Key parameter: exactly the key attributes, of the declared types. */
    public void checkKey(Map<String, AttributeValue> key) {
        if (key == null || key.size() != (rangeKey == null ? 1 : 2)) {
            throw DynamoException.validation("The provided key element does not match the schema");
        }
        checkKeyAttribute(key.get(hashKey), hashKey, hashKeyType, true, false);
        if (rangeKey != null) {
            checkKeyAttribute(key.get(rangeKey), rangeKey, rangeKeyType, false, false);
        }
    }

    private static void checkKeyAttribute(AttributeValue value, String name, ScalarAttributeType type,
                                          boolean partitionKey, boolean inItem) {
        int bytesMax = partitionKey ? LIMITS.partitionKeyBytesMax() : LIMITS.sortKeyBytesMax();
        if (value == null) {
            throw DynamoException.validation(inItem
                    ? "One or more parameter values were invalid: Missing the key " + name + " in the item"
                    : "The provided key element does not match the schema");
        }
        if (!matches(value, type)) {
            throw DynamoException.validation(inItem
                    ? "One or more parameter values were invalid: Type mismatch for key " + name + " expected: " + type
                    + " actual: " + value.typeName()
                    : "The provided key element does not match the schema");
        }
        long bytes = keyBytes(value, bytesMax);
        if (bytes == 0) {
            throw DynamoException.validation("One or more parameter values are not valid. The AttributeValue for a key "
                    + "attribute cannot contain an empty " + (value instanceof AttributeValue.S ? "string" : "binary")
                    + " value. Key: " + name);
        }
        if (bytes > bytesMax) {
            throw DynamoException.validation("One or more parameter values were invalid: Size of "
                    + (partitionKey ? "hashkey" : "rangekey") + " has exceeded the maximum size limit of "
                    + bytesMax + " bytes");
        }
    }

    /**
     * A key value's size as the key limits count it, against a bound of {@code bytesMax}: a binary's
     * bytes; a string's UTF-8 bytes when it could pass the bound, otherwise its length (at most 3 bytes
     * a char: a short string needs no count; zero exactly when empty either way); 1 for a number.
     */
    public static long keyBytes(AttributeValue value, int bytesMax) {
        return switch (value) {
            case AttributeValue.S s -> s.value().length() * 3L <= bytesMax ? s.value().length()
                    : ItemSize.utf8Bytes(s.value());
            case AttributeValue.B b -> b.value().length();
            default -> 1;
        };
    }

    public static boolean matches(AttributeValue value, ScalarAttributeType type) {
        return switch (type) {
            case S -> value instanceof AttributeValue.S;
            case N -> value instanceof AttributeValue.N;
            case B -> value instanceof AttributeValue.B;
        };
    }

    /** The key attributes of an item, as a Key map (LastEvaluatedKey, batch keys). */
    public Map<String, AttributeValue> keyOf(Item item) {
        return rangeKey == null ? Map.of(hashKey, item.get(hashKey))
                : Map.of(hashKey, item.get(hashKey), rangeKey, item.get(rangeKey));
    }

    /** A key map as an item containing only the key attributes (the base of an upsert). */
    public Item keyItem(Map<String, AttributeValue> key) {
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        attributes.put(hashKey, key.get(hashKey));
        if (rangeKey != null) {
            attributes.put(rangeKey, key.get(rangeKey));
        }
        return Item.of(attributes);
    }
}
