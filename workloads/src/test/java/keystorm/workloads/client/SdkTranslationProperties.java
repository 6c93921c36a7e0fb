package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.CancellationReason;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PageResponse;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ReturnConsumedCapacity;
import keystorm.engine.api.ReturnValue;
import keystorm.engine.api.ReturnValuesOnConditionCheckFailure;
import keystorm.engine.api.ScanRequest;
import keystorm.engine.api.Select;
import keystorm.engine.api.TransactGetItem;
import keystorm.engine.api.TransactGetItemsRequest;
import keystorm.engine.api.TransactWriteItem;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactionCanceledException;
import keystorm.engine.api.UpdateItemRequest;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;

/**
 * SdkStore's translation, both ways, over generated structures: engine value to SDK value and
 * back is the identity for every type; engine request to SDK request and back (a test-side
 * reading of the SDK request, field by field) is the identity for every field; SDK responses and
 * cancellations read back to what was put in them.
 */
class SdkTranslationProperties {
    @Property
    void everyValueCrossesBothWaysUnchanged(@ForAll("values") AttributeValue value) {
        software.amazon.awssdk.services.dynamodb.model.AttributeValue sdk = SdkValues.toSdk(value);
        assertThat(sdk.type().toString()).isEqualTo(value.typeName().equals("NULL") ? "NUL" : value.typeName());
        assertThat(SdkValues.fromSdk(sdk)).isEqualTo(value);
    }

    @Property
    void aNumberInAnyNotationReadsAsTheSameNumber(@ForAll("numbers") Num number, @ForAll("notations") int notation) {
        BigDecimal value = number.toBigDecimal();
        String text = switch (notation) {
            case 0 -> value.toString();
            case 1 -> value.toEngineeringString();
            default -> value.setScale(Math.max(value.scale(), 0) + 2).toPlainString(); // trailing zeros
        };
        AttributeValue read = SdkValues.fromSdk(software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(text));
        assertThat(read).isEqualTo(new AttributeValue.N(number));
        assertThat(SdkValues.toSdk(read).n()).isEqualTo(number.toString());
    }

    @Property
    void putItemCrosses(@ForAll("puts") PutItemRequest request) {
        assertThat(put(SdkRequests.putItem(request))).isEqualTo(request);
    }

    @Property
    void updateItemCrosses(@ForAll("updates") UpdateItemRequest request) {
        assertThat(update(SdkRequests.updateItem(request))).isEqualTo(request);
    }

    @Property
    void deleteItemCrosses(@ForAll("deletes") DeleteItemRequest request) {
        assertThat(delete(SdkRequests.deleteItem(request))).isEqualTo(request);
    }

    @Property
    void getItemCrosses(@ForAll("gets") GetItemRequest request) {
        assertThat(get(SdkRequests.getItem(request))).isEqualTo(request);
    }

    @Property
    void scanCrosses(@ForAll("scans") ScanRequest request) {
        assertThat(scan(SdkRequests.scan(request))).isEqualTo(request);
    }

    @Property
    void transactWriteItemsCross(@ForAll("transactWrites") TransactWriteItemsRequest request) {
        assertThat(transactWrite(SdkRequests.transactWriteItems(request))).isEqualTo(request);
    }

    @Property
    void transactGetItemsCross(@ForAll("transactGets") TransactGetItemsRequest request) {
        assertThat(transactGet(SdkRequests.transactGetItems(request))).isEqualTo(request);
    }

    @Property
    void aScanPageReadsBack(@ForAll("pages") PageResponse page) {
        var b = ScanResponse.builder()
                .items(page.items().stream().map(SdkValues::toSdk).toList())
                .count(page.count()).scannedCount(page.scannedCount())
                .lastEvaluatedKey(SdkValues.toSdk(page.lastEvaluatedKey()));
        if (page.consumedCapacity() != null) {
            ConsumedCapacity c = page.consumedCapacity();
            b.consumedCapacity(x -> x.tableName(c.tableName()).capacityUnits(c.capacityUnits())
                    .readCapacityUnits(c.readCapacityUnits()).writeCapacityUnits(c.writeCapacityUnits()));
        }
        assertThat(SdkRequests.scan(b.build())).isEqualTo(page);
    }

    @Property
    void cancellationReasonsReadBackInOrder(@ForAll("reasons") List<CancellationReason> reasons) {
        var sdk = software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.builder()
                .cancellationReasons(reasons.stream().map(r -> software.amazon.awssdk.services.dynamodb.model
                        .CancellationReason.builder().code(r.code()).message(r.message())
                        .item(SdkValues.toSdk(r.item())).build()).toList())
                .statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("TransactionCanceledException")
                        .errorMessage("Transaction cancelled").build())
                .build();
        RuntimeException translated = SdkStore.translate("TransactWriteItems", sdk);
        assertThat(translated).isInstanceOf(TransactionCanceledException.class);
        assertThat(((TransactionCanceledException) translated).reasons()).isEqualTo(reasons);
    }

    // ---- the SDK's requests read back, field by field (the inverse SdkStore has no need of)

    private static PutItemRequest put(software.amazon.awssdk.services.dynamodb.model.PutItemRequest r) {
        return new PutItemRequest(r.tableName(), item(r.item()), r.conditionExpression(),
                expressions(r.hasExpressionAttributeNames(), r.expressionAttributeNames(),
                        r.hasExpressionAttributeValues(), r.expressionAttributeValues()),
                named(ReturnValue.class, r.returnValuesAsString()),
                named(ReturnValuesOnConditionCheckFailure.class, r.returnValuesOnConditionCheckFailureAsString()),
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static UpdateItemRequest update(software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest r) {
        return new UpdateItemRequest(r.tableName(), SdkValues.fromSdk(r.key()), r.updateExpression(),
                r.conditionExpression(), expressions(r.hasExpressionAttributeNames(), r.expressionAttributeNames(),
                        r.hasExpressionAttributeValues(), r.expressionAttributeValues()),
                named(ReturnValue.class, r.returnValuesAsString()),
                named(ReturnValuesOnConditionCheckFailure.class, r.returnValuesOnConditionCheckFailureAsString()),
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static DeleteItemRequest delete(software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest r) {
        return new DeleteItemRequest(r.tableName(), SdkValues.fromSdk(r.key()), r.conditionExpression(),
                expressions(r.hasExpressionAttributeNames(), r.expressionAttributeNames(),
                        r.hasExpressionAttributeValues(), r.expressionAttributeValues()),
                named(ReturnValue.class, r.returnValuesAsString()),
                named(ReturnValuesOnConditionCheckFailure.class, r.returnValuesOnConditionCheckFailureAsString()),
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static GetItemRequest get(software.amazon.awssdk.services.dynamodb.model.GetItemRequest r) {
        return new GetItemRequest(r.tableName(), SdkValues.fromSdk(r.key()), Boolean.TRUE.equals(r.consistentRead()),
                r.projectionExpression(), r.hasExpressionAttributeNames() ? r.expressionAttributeNames() : null,
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static ScanRequest scan(software.amazon.awssdk.services.dynamodb.model.ScanRequest r) {
        return new ScanRequest(r.tableName(), r.filterExpression(), r.projectionExpression(),
                expressions(r.hasExpressionAttributeNames(), r.expressionAttributeNames(),
                        r.hasExpressionAttributeValues(), r.expressionAttributeValues()),
                named(Select.class, r.selectAsString()), r.limit(), Boolean.TRUE.equals(r.consistentRead()),
                r.hasExclusiveStartKey() ? SdkValues.fromSdk(r.exclusiveStartKey()) : null, r.segment(),
                r.totalSegments(), named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static TransactWriteItemsRequest transactWrite(
            software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest r) {
        List<TransactWriteItem> items = r.transactItems().stream().map(i -> {
            if (i.put() != null) {
                var p = i.put();
                return (TransactWriteItem) new TransactWriteItem.Put(p.tableName(), item(p.item()), p.conditionExpression(),
                        expressions(p.hasExpressionAttributeNames(), p.expressionAttributeNames(),
                                p.hasExpressionAttributeValues(), p.expressionAttributeValues()),
                        named(ReturnValuesOnConditionCheckFailure.class, p.returnValuesOnConditionCheckFailureAsString()));
            }
            if (i.update() != null) {
                var u = i.update();
                return new TransactWriteItem.Update(u.tableName(), SdkValues.fromSdk(u.key()), u.updateExpression(),
                        u.conditionExpression(), expressions(u.hasExpressionAttributeNames(), u.expressionAttributeNames(),
                                u.hasExpressionAttributeValues(), u.expressionAttributeValues()),
                        named(ReturnValuesOnConditionCheckFailure.class, u.returnValuesOnConditionCheckFailureAsString()));
            }
            if (i.delete() != null) {
                var d = i.delete();
                return new TransactWriteItem.Delete(d.tableName(), SdkValues.fromSdk(d.key()), d.conditionExpression(),
                        expressions(d.hasExpressionAttributeNames(), d.expressionAttributeNames(),
                                d.hasExpressionAttributeValues(), d.expressionAttributeValues()),
                        named(ReturnValuesOnConditionCheckFailure.class, d.returnValuesOnConditionCheckFailureAsString()));
            }
            var c = i.conditionCheck();
            return new TransactWriteItem.ConditionCheck(c.tableName(), SdkValues.fromSdk(c.key()), c.conditionExpression(),
                    expressions(c.hasExpressionAttributeNames(), c.expressionAttributeNames(),
                            c.hasExpressionAttributeValues(), c.expressionAttributeValues()),
                    named(ReturnValuesOnConditionCheckFailure.class, c.returnValuesOnConditionCheckFailureAsString()));
        }).toList();
        return new TransactWriteItemsRequest(items, r.clientRequestToken(),
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static TransactGetItemsRequest transactGet(
            software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest r) {
        return new TransactGetItemsRequest(r.transactItems().stream().map(i -> new TransactGetItem(i.get().tableName(),
                SdkValues.fromSdk(i.get().key()), i.get().projectionExpression(),
                i.get().hasExpressionAttributeNames() ? i.get().expressionAttributeNames() : null)).toList(),
                named(ReturnConsumedCapacity.class, r.returnConsumedCapacityAsString()));
    }

    private static Item item(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        return Item.of(SdkValues.fromSdk(values));
    }

    private static ExpressionInput expressions(boolean hasNames, Map<String, String> names, boolean hasValues,
                                               Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        return new ExpressionInput(hasNames ? names : null, hasValues ? SdkValues.fromSdk(values) : null);
    }

    private static <E extends Enum<E>> E named(Class<E> type, String name) {
        return name == null ? null : Enum.valueOf(type, name);
    }

    // ---- generators

    @Provide
    Arbitrary<AttributeValue> values() {
        return SdkGenerators.values(false);
    }

    @Provide
    Arbitrary<Num> numbers() {
        return SdkGenerators.numbers();
    }

    @Provide
    Arbitrary<Integer> notations() {
        return Arbitraries.integers().between(0, 2);
    }

    @Provide
    Arbitrary<PutItemRequest> puts() {
        return Combinators.combine(SdkGenerators.tables(), SdkGenerators.items(false), SdkGenerators.expressions(),
                SdkGenerators.expressionInputs(), SdkGenerators.enumsOrNull(ReturnValue.class),
                SdkGenerators.enumsOrNull(ReturnValuesOnConditionCheckFailure.class),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(PutItemRequest::new);
    }

    @Provide
    Arbitrary<UpdateItemRequest> updates() {
        return Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(), SdkGenerators.expressions(),
                SdkGenerators.expressions(), SdkGenerators.expressionInputs(), SdkGenerators.enumsOrNull(ReturnValue.class),
                SdkGenerators.enumsOrNull(ReturnValuesOnConditionCheckFailure.class),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(UpdateItemRequest::new);
    }

    @Provide
    Arbitrary<DeleteItemRequest> deletes() {
        return Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(), SdkGenerators.expressions(),
                SdkGenerators.expressionInputs(), SdkGenerators.enumsOrNull(ReturnValue.class),
                SdkGenerators.enumsOrNull(ReturnValuesOnConditionCheckFailure.class),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(DeleteItemRequest::new);
    }

    @Provide
    Arbitrary<GetItemRequest> gets() {
        return Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(), Arbitraries.of(true, false),
                SdkGenerators.expressions(), Arbitraries.maps(SdkGenerators.names().map(n -> "#" + n),
                        SdkGenerators.names()).ofMaxSize(3).injectNull(0.4),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(GetItemRequest::new);
    }

    @Provide
    Arbitrary<ScanRequest> scans() {
        Arbitrary<Integer[]> segments = Arbitraries.integers().between(1, 16)
                .flatMap(total -> Arbitraries.integers().between(0, total - 1).map(s -> new Integer[] {s, total}))
                .injectNull(0.5);
        Arbitrary<ScanRequest> base = Combinators.combine(SdkGenerators.tables(), SdkGenerators.expressions(),
                SdkGenerators.expressions(), SdkGenerators.expressionInputs(), SdkGenerators.enumsOrNull(Select.class),
                Arbitraries.integers().between(1, 1000).injectNull(0.4), Arbitraries.of(true, false),
                SdkGenerators.keys().injectNull(0.4)).as((table, filter, projection, expressions, select, limit,
                                                          consistent, start) -> new ScanRequest(table, filter, projection,
                expressions, select, limit, consistent, start, null, null, null));
        return Combinators.combine(base, segments, SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class))
                .as((r, segment, capacity) -> new ScanRequest(r.tableName(), r.filterExpression(),
                        r.projectionExpression(), r.expressions(), r.select(), r.limit(), r.consistentRead(),
                        r.exclusiveStartKey(), segment == null ? null : segment[0], segment == null ? null : segment[1],
                        capacity));
    }

    @Provide
    Arbitrary<TransactWriteItemsRequest> transactWrites() {
        Arbitrary<ReturnValuesOnConditionCheckFailure> onFailure =
                SdkGenerators.enumsOrNull(ReturnValuesOnConditionCheckFailure.class);
        Arbitrary<TransactWriteItem> put = Combinators.combine(SdkGenerators.tables(), SdkGenerators.items(false),
                SdkGenerators.expressions(), SdkGenerators.expressionInputs(), onFailure).as(TransactWriteItem.Put::new);
        Arbitrary<TransactWriteItem> update = Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(),
                SdkGenerators.expressions(), SdkGenerators.expressions(), SdkGenerators.expressionInputs(), onFailure)
                .as(TransactWriteItem.Update::new);
        Arbitrary<TransactWriteItem> delete = Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(),
                SdkGenerators.expressions(), SdkGenerators.expressionInputs(), onFailure).as(TransactWriteItem.Delete::new);
        Arbitrary<TransactWriteItem> check = Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(),
                SdkGenerators.expressions(), SdkGenerators.expressionInputs(), onFailure)
                .as(TransactWriteItem.ConditionCheck::new);
        return Combinators.combine(Arbitraries.oneOf(put, update, delete, check).list().ofMinSize(1).ofMaxSize(4),
                Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(36).injectNull(0.4),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(TransactWriteItemsRequest::new);
    }

    @Provide
    Arbitrary<TransactGetItemsRequest> transactGets() {
        Arbitrary<TransactGetItem> get = Combinators.combine(SdkGenerators.tables(), SdkGenerators.keys(),
                SdkGenerators.expressions(), Arbitraries.maps(SdkGenerators.names().map(n -> "#" + n),
                        SdkGenerators.names()).ofMaxSize(2).injectNull(0.5)).as(TransactGetItem::new);
        return Combinators.combine(get.list().ofMinSize(1).ofMaxSize(4),
                SdkGenerators.enumsOrNull(ReturnConsumedCapacity.class)).as(TransactGetItemsRequest::new);
    }

    @Provide
    Arbitrary<PageResponse> pages() {
        Arbitrary<ConsumedCapacity> consumed = Combinators.combine(SdkGenerators.tables(),
                Arbitraries.integers().between(0, 64), Arbitraries.integers().between(0, 64))
                .as((table, read, write) -> new ConsumedCapacity(table, (read + write) / 2.0, read / 2.0, write / 2.0))
                .injectNull(0.5);
        return Combinators.combine(SdkGenerators.items(false).list().ofMaxSize(4), Arbitraries.integers().between(0, 10),
                        SdkGenerators.keys().injectNull(0.5), consumed)
                .as((items, extra, last, capacity) -> new PageResponse(items, items.size(), items.size() + extra, last,
                        capacity));
    }

    @Provide
    Arbitrary<List<CancellationReason>> reasons() {
        Arbitrary<CancellationReason> reason = Arbitraries.oneOf(
                Arbitraries.just(CancellationReason.NONE),
                SdkGenerators.items(false).injectNull(0.5).map(CancellationReason::conditionalCheckFailed),
                Arbitraries.just(CancellationReason.conflict()),
                Arbitraries.of("ProvisionedThroughputExceeded", "ThrottlingError", "ValidationError")
                        .map(code -> new CancellationReason(code, code + " happened", null)));
        return reason.list().ofMinSize(1).ofMaxSize(5);
    }
}
