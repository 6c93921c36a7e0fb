package keystorm.workloads.client;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.GetItemResponse;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.QueryRequest;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactGetItemsResponse;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.api.WriteResponse;
import keystorm.engine.item.Item;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The engine's request records into the SDK's requests, and the SDK's responses into the engine's
 * response records. Every field a record carries crosses; a field the record leaves null is not
 * set on the SDK request (so the service sees it absent, exactly as it would from the engine's
 * own JSON), and an empty map is sent as given (DynamoDB refuses it, as the engine does).
 * Enums cross by name: the engine names them as DynamoDB does.
 */
final class SdkRequests {
    private SdkRequests() {
    }

    /** An enum's wire name, or null (not sent) when the request leaves it out. */
    private static String name(Enum<?> value) {
        return value == null ? null : value.name();
    }

    static software.amazon.awssdk.services.dynamodb.model.PutItemRequest putItem(PutItemRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.PutItemRequest.builder()
                .tableName(r.tableName())
                .item(SdkValues.toSdk(r.item()))
                .conditionExpression(r.conditionExpression())
                .expressionAttributeNames(r.expressions().names())
                .expressionAttributeValues(SdkValues.toSdk(r.expressions().values()))
                .returnValues(name(r.returnValues()))
                .returnValuesOnConditionCheckFailure(name(r.returnValuesOnConditionCheckFailure()))
                .returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest updateItem(UpdateItemRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest.builder()
                .tableName(r.tableName())
                .key(SdkValues.toSdk(r.key()))
                .updateExpression(r.updateExpression())
                .conditionExpression(r.conditionExpression())
                .expressionAttributeNames(r.expressions().names())
                .expressionAttributeValues(SdkValues.toSdk(r.expressions().values()))
                .returnValues(name(r.returnValues()))
                .returnValuesOnConditionCheckFailure(name(r.returnValuesOnConditionCheckFailure()))
                .returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest deleteItem(DeleteItemRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest.builder()
                .tableName(r.tableName())
                .key(SdkValues.toSdk(r.key()))
                .conditionExpression(r.conditionExpression())
                .expressionAttributeNames(r.expressions().names())
                .expressionAttributeValues(SdkValues.toSdk(r.expressions().values()))
                .returnValues(name(r.returnValues()))
                .returnValuesOnConditionCheckFailure(name(r.returnValuesOnConditionCheckFailure()))
                .returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.GetItemRequest getItem(GetItemRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder()
                .tableName(r.tableName())
                .key(SdkValues.toSdk(r.key()))
                .consistentRead(r.consistentRead())
                .projectionExpression(r.projectionExpression())
                .expressionAttributeNames(r.expressionAttributeNames());
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.ScanRequest scan(ScanRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.ScanRequest.builder()
                .tableName(r.tableName())
                .indexName(r.indexName())
                .filterExpression(r.filterExpression())
                .projectionExpression(r.projectionExpression())
                .expressionAttributeNames(r.expressions().names())
                .expressionAttributeValues(SdkValues.toSdk(r.expressions().values()))
                .limit(r.limit())
                .consistentRead(r.consistentRead())
                .exclusiveStartKey(SdkValues.toSdk(r.exclusiveStartKey()))
                .segment(r.segment())
                .totalSegments(r.totalSegments());
        b.select(name(r.select()));
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.QueryRequest query(QueryRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.QueryRequest.builder()
                .tableName(r.tableName())
                .indexName(r.indexName())
                .keyConditionExpression(r.keyConditionExpression())
                .filterExpression(r.filterExpression())
                .projectionExpression(r.projectionExpression())
                .expressionAttributeNames(r.expressions().names())
                .expressionAttributeValues(SdkValues.toSdk(r.expressions().values()))
                .limit(r.limit())
                .consistentRead(r.consistentRead())
                .scanIndexForward(r.scanIndexForward())
                .exclusiveStartKey(SdkValues.toSdk(r.exclusiveStartKey()));
        b.select(name(r.select()));
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest transactWriteItems(
            TransactWriteItemsRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest.builder()
                .transactItems(r.transactItems().stream().map(SdkRequests::transactWriteItem).toList())
                .clientRequestToken(r.clientRequestToken());
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    private static software.amazon.awssdk.services.dynamodb.model.TransactWriteItem transactWriteItem(TransactWriteItem item) {
        ExpressionInput e = item.expressions();
        String onFailure = item.returnValuesOnConditionCheckFailure() == null ? null
                : item.returnValuesOnConditionCheckFailure().name();
        var b = software.amazon.awssdk.services.dynamodb.model.TransactWriteItem.builder();
        switch (item) {
            case TransactWriteItem.Put put -> b.put(p -> p.tableName(put.tableName()).item(SdkValues.toSdk(put.item()))
                    .conditionExpression(put.conditionExpression()).expressionAttributeNames(e.names())
                    .expressionAttributeValues(SdkValues.toSdk(e.values()))
                    .returnValuesOnConditionCheckFailure(onFailure));
            case TransactWriteItem.Update update -> b.update(u -> u.tableName(update.tableName())
                    .key(SdkValues.toSdk(update.key())).updateExpression(update.updateExpression())
                    .conditionExpression(update.conditionExpression()).expressionAttributeNames(e.names())
                    .expressionAttributeValues(SdkValues.toSdk(e.values()))
                    .returnValuesOnConditionCheckFailure(onFailure));
            case TransactWriteItem.Delete delete -> b.delete(d -> d.tableName(delete.tableName())
                    .key(SdkValues.toSdk(delete.key())).conditionExpression(delete.conditionExpression())
                    .expressionAttributeNames(e.names()).expressionAttributeValues(SdkValues.toSdk(e.values()))
                    .returnValuesOnConditionCheckFailure(onFailure));
            case TransactWriteItem.ConditionCheck check -> b.conditionCheck(c -> c.tableName(check.tableName())
                    .key(SdkValues.toSdk(check.key())).conditionExpression(check.conditionExpression())
                    .expressionAttributeNames(e.names()).expressionAttributeValues(SdkValues.toSdk(e.values()))
                    .returnValuesOnConditionCheckFailure(onFailure));
        }
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest transactGetItems(
            TransactGetItemsRequest r) {
        List<software.amazon.awssdk.services.dynamodb.model.TransactGetItem> items = new ArrayList<>();
        for (TransactGetItem get : r.transactItems()) {
            items.add(software.amazon.awssdk.services.dynamodb.model.TransactGetItem.builder()
                    .get(g -> g.tableName(get.tableName()).key(SdkValues.toSdk(get.key()))
                            .projectionExpression(get.projectionExpression())
                            .expressionAttributeNames(get.expressionAttributeNames()))
                    .build());
        }
        var b = software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest.builder().transactItems(items);
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.CreateTableRequest createTable(CreateTableRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder()
                .tableName(r.tableName())
                .attributeDefinitions(r.attributeDefinitions().stream()
                        .map(d -> software.amazon.awssdk.services.dynamodb.model.AttributeDefinition.builder()
                                .attributeName(d.attributeName()).attributeType(d.attributeType().name()).build())
                        .toList())
                .keySchema(r.keySchema().stream()
                        .map(k -> software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                                .attributeName(k.attributeName()).keyType(k.keyType().name()).build())
                        .toList());
        b.billingMode(name(r.billingMode()));
        if (r.provisionedThroughput() != null) {
            b.provisionedThroughput(t -> t.readCapacityUnits(r.provisionedThroughput().readCapacityUnits())
                    .writeCapacityUnits(r.provisionedThroughput().writeCapacityUnits()));
        }
        if (!r.globalSecondaryIndexes().isEmpty()) {
            b.globalSecondaryIndexes(r.globalSecondaryIndexes().stream().map(g -> {
                var index = software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder()
                        .indexName(g.indexName()).keySchema(keySchema(g.keySchema())).projection(projection(g.projection()));
                if (g.provisionedThroughput() != null) {
                    index.provisionedThroughput(t -> t.readCapacityUnits(g.provisionedThroughput().readCapacityUnits())
                            .writeCapacityUnits(g.provisionedThroughput().writeCapacityUnits()));
                }
                return index.build();
            }).toList());
        }
        if (!r.localSecondaryIndexes().isEmpty()) {
            b.localSecondaryIndexes(r.localSecondaryIndexes().stream().map(l ->
                    software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex.builder().indexName(l.indexName())
                            .keySchema(keySchema(l.keySchema())).projection(projection(l.projection())).build()).toList());
        }
        return b.build();
    }

    private static List<software.amazon.awssdk.services.dynamodb.model.KeySchemaElement> keySchema(
            List<keystorm.engine.api.KeySchemaElement> keys) {
        return keys.stream().map(k -> software.amazon.awssdk.services.dynamodb.model.KeySchemaElement.builder()
                .attributeName(k.attributeName()).keyType(k.keyType().name()).build()).toList();
    }

    /** INCLUDE's NonKeyAttributes are sent only for INCLUDE (DynamoDB refuses them beside ALL or KEYS_ONLY). */
    private static software.amazon.awssdk.services.dynamodb.model.Projection projection(keystorm.engine.api.Projection p) {
        var b = software.amazon.awssdk.services.dynamodb.model.Projection.builder().projectionType(name(p.projectionType()));
        if (!p.nonKeyAttributes().isEmpty()) {
            b.nonKeyAttributes(p.nonKeyAttributes());
        }
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest executeStatement(
            keystorm.engine.api.ExecuteStatementRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest.builder()
                .statement(r.statement())
                .limit(r.limit())
                .nextToken(r.nextToken())
                .returnConsumedCapacity(name(r.returnConsumedCapacity()))
                .returnValuesOnConditionCheckFailure(name(r.returnValuesOnConditionCheckFailure()));
        if (r.consistentRead()) {
            b.consistentRead(true);
        }
        if (!r.parameters().isEmpty()) {
            b.parameters(r.parameters().stream().map(SdkValues::toSdk).toList()); // none: not sent (the model's minimum is one)
        }
        return b.build();
    }

    static software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest executeTransaction(
            keystorm.engine.api.ExecuteTransactionRequest r) {
        var b = software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest.builder()
                .transactStatements(r.transactStatements().stream().map(s -> {
                    var statement = software.amazon.awssdk.services.dynamodb.model.ParameterizedStatement.builder()
                            .statement(s.statement())
                            .returnValuesOnConditionCheckFailure(name(s.returnValuesOnConditionCheckFailure()));
                    if (!s.parameters().isEmpty()) {
                        statement.parameters(s.parameters().stream().map(SdkValues::toSdk).toList());
                    }
                    return statement.build();
                }).toList())
                .clientRequestToken(r.clientRequestToken());
        b.returnConsumedCapacity(name(r.returnConsumedCapacity()));
        return b.build();
    }

    // ---- responses

    static keystorm.engine.api.ExecuteStatementResponse executeStatement(
            software.amazon.awssdk.services.dynamodb.model.ExecuteStatementResponse r) {
        List<Item> items = r.items().stream().map(i -> Item.of(SdkValues.fromSdk(i))).toList();
        return new keystorm.engine.api.ExecuteStatementResponse(items, r.nextToken(), consumed(r.consumedCapacity()),
                r.hasLastEvaluatedKey() ? SdkValues.fromSdk(r.lastEvaluatedKey()) : null);
    }

    /** A read transaction's items in order (null where the service answered {@code {}}); none for a write. */
    static keystorm.engine.api.ExecuteTransactionResponse executeTransaction(
            software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionResponse r) {
        List<Item> items = new ArrayList<>();
        r.responses().forEach(response -> items.add(SdkValues.item(response.hasItem(), response.item())));
        return new keystorm.engine.api.ExecuteTransactionResponse(items,
                r.hasConsumedCapacity() ? consumed(r.consumedCapacity()) : null);
    }

    static WriteResponse putItem(PutItemResponse r) {
        return new WriteResponse(SdkValues.item(r.hasAttributes(), r.attributes()), consumed(r.consumedCapacity()));
    }

    static WriteResponse updateItem(UpdateItemResponse r) {
        return new WriteResponse(SdkValues.item(r.hasAttributes(), r.attributes()), consumed(r.consumedCapacity()));
    }

    static WriteResponse deleteItem(DeleteItemResponse r) {
        return new WriteResponse(SdkValues.item(r.hasAttributes(), r.attributes()), consumed(r.consumedCapacity()));
    }

    static GetItemResponse getItem(software.amazon.awssdk.services.dynamodb.model.GetItemResponse r) {
        return new GetItemResponse(SdkValues.item(r.hasItem(), r.item()), consumed(r.consumedCapacity()));
    }

    static PageResponse scan(ScanResponse r) {
        List<Item> items = r.items().stream().map(i -> Item.of(SdkValues.fromSdk(i))).toList();
        Map<String, keystorm.engine.item.AttributeValue> last = r.hasLastEvaluatedKey()
                ? SdkValues.fromSdk(r.lastEvaluatedKey()) : null;
        // Count and ScannedCount are always present in DynamoDB's answer; a store that leaves them
        // out gets the number of items it returned.
        int count = r.count() == null ? items.size() : r.count();
        int scanned = r.scannedCount() == null ? count : r.scannedCount();
        return new PageResponse(items, count, scanned, last, consumed(r.consumedCapacity()));
    }

    static PageResponse query(software.amazon.awssdk.services.dynamodb.model.QueryResponse r) {
        List<Item> items = r.items().stream().map(i -> Item.of(SdkValues.fromSdk(i))).toList();
        Map<String, keystorm.engine.item.AttributeValue> last = r.hasLastEvaluatedKey()
                ? SdkValues.fromSdk(r.lastEvaluatedKey()) : null;
        int count = r.count() == null ? items.size() : r.count();
        int scanned = r.scannedCount() == null ? count : r.scannedCount();
        return new PageResponse(items, count, scanned, last, consumed(r.consumedCapacity()));
    }

    static TransactWriteItemsResponse transactWriteItems(
            software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsResponse r) {
        return new TransactWriteItemsResponse(r.hasConsumedCapacity() ? consumed(r.consumedCapacity()) : null);
    }

    /** One entry per Get, in order, null where there was no item (the service answers {@code {}}). */
    static TransactGetItemsResponse transactGetItems(
            software.amazon.awssdk.services.dynamodb.model.TransactGetItemsResponse r) {
        List<Item> items = new ArrayList<>();
        r.responses().forEach(response -> items.add(SdkValues.item(response.hasItem(), response.item())));
        return new TransactGetItemsResponse(java.util.Collections.unmodifiableList(items),
                r.hasConsumedCapacity() ? consumed(r.consumedCapacity()) : null);
    }

    static List<CancellationReason> reasons(List<software.amazon.awssdk.services.dynamodb.model.CancellationReason> reasons) {
        return reasons.stream().map(reason -> new CancellationReason(reason.code(), reason.message(),
                SdkValues.item(reason.hasItem(), reason.item()))).toList();
    }

    static ConsumedCapacity consumed(software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity c) {
        if (c == null) {
            return null;
        }
        return new ConsumedCapacity(c.tableName(), orZero(c.capacityUnits()), orZero(c.readCapacityUnits()),
                orZero(c.writeCapacityUnits()));
    }

    private static List<ConsumedCapacity> consumed(List<software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity> c) {
        return c.stream().map(SdkRequests::consumed).toList();
    }

    private static double orZero(Double value) {
        return value == null ? 0 : value;
    }
}
