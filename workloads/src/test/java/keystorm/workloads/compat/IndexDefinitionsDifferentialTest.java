package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.LocalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * CreateTable with secondary indexes against DynamoDB Local 3.1.0 and keystorm serve: every
 * request below is refused by both with the same error type, or accepted by both and described
 * alike (index names, keys, projections, status, ARN, counts; AttributeDefinitions as a set).
 *
 * <p>Messages are not compared: DynamoDB Local words every one of these refusals its own way
 * ("Invalid table/index name. Table/index names must be between 3 and 255 characters long...",
 * "Two global secondary indices have the same name", "Local secondary indices must have a range
 * key", "No provisioned throughput specified for the global secondary index", "The number of
 * attributes in key schema must match the number of attributes defined in attribute definitions"
 * for unused definitions, "No more than 20 attributes per table can be projected into Local
 * Secondary Indices" for the limit of 100...), where keystorm answers DynamoDB's wording (see
 * {@code TableSchemaIndexesTest} for its sources).
 *
 * <p>DynamoDB Local's departures from DynamoDB, left out of the cases below (keystorm follows
 * DynamoDB): it accepts a GSI ProvisionedThroughput on a PAY_PER_REQUEST table (DynamoDB: "ProvisionedThroughput
 * should not be specified for index: ... when BillingMode is PAY_PER_REQUEST"); it accepts
 * NonKeyAttributes {@code []} with ProjectionType ALL (DynamoDB: the list's length constraint);
 * over raw JSON it accepts a number among NonKeyAttributes and capacity units as strings, and answers a
 * GlobalSecondaryIndexes that is not a list with a 500 InternalFailure (DynamoDB: SerializationException);
 * it describes an on-demand table's GSI without ProvisionedThroughput (DynamoDB answers zero units),
 * and DeleteTable answers ACTIVE with the whole description.
 */
class IndexDefinitionsDifferentialTest {
    static Peers peers;
    static final AtomicInteger TABLES = new AtomicInteger();

    @BeforeAll
    static void start() throws Exception {
        peers = new Peers();
    }

    @AfterAll
    static void stop() throws Exception {
        if (peers != null) {
            peers.close();
        }
    }

    static KeySchemaElement hash(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.HASH).build();
    }

    static KeySchemaElement range(String name) {
        return KeySchemaElement.builder().attributeName(name).keyType(KeyType.RANGE).build();
    }

    static AttributeDefinition defined(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }

    static final Projection ALL = Projection.builder().projectionType(ProjectionType.ALL).build();
    static final ProvisionedThroughput UNITS = ProvisionedThroughput.builder().readCapacityUnits(1L)
            .writeCapacityUnits(1L).build();

    static GlobalSecondaryIndex gsi(String name, KeySchemaElement... keys) {
        return GlobalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(ALL).build();
    }

    static LocalSecondaryIndex lsi(String name, KeySchemaElement... keys) {
        return LocalSecondaryIndex.builder().indexName(name).keySchema(keys).projection(ALL).build();
    }

    static Projection include(List<String> attributes) {
        return Projection.builder().projectionType(ProjectionType.INCLUDE).nonKeyAttributes(attributes).build();
    }

    /** A PAY_PER_REQUEST table p (HASH) + c (RANGE), with x defined, changed by {@code change}. */
    static UnaryOperator<CreateTableRequest.Builder> base() {
        return b -> b.attributeDefinitions(defined("p"), defined("c"), defined("x")).keySchema(hash("p"), range("c"))
                .billingMode(BillingMode.PAY_PER_REQUEST);
    }

    static Arguments refused(String name, UnaryOperator<CreateTableRequest.Builder> change) {
        return Arguments.of(name, change, true);
    }

    static Arguments accepted(String name, UnaryOperator<CreateTableRequest.Builder> change) {
        return Arguments.of(name, change, false);
    }

    static List<Arguments> requests() {
        List<GlobalSecondaryIndex> twentyOne = IntStream.range(0, 21).mapToObj(i -> gsi("gsi" + i, hash("x"))).toList();
        List<LocalSecondaryIndex> six = IntStream.range(0, 6).mapToObj(i -> lsi("lsi" + i, hash("p"), range("x"))).toList();
        List<String> sixty = IntStream.range(0, 60).mapToObj(i -> "a" + i).toList();
        List<String> forty = IntStream.range(0, 40).mapToObj(i -> "a" + i).toList();
        List<String> fortyOne = IntStream.range(0, 41).mapToObj(i -> "a" + i).toList();
        return List.of(
                accepted("a GSI", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")))),
                accepted("an LSI", b -> b.localSecondaryIndexes(lsi("byX", hash("p"), range("x")))),
                accepted("a GSI and an LSI", b -> b.globalSecondaryIndexes(gsi("byX", hash("x"), range("p")))
                        .localSecondaryIndexes(lsi("byX2", hash("p"), range("x")))),
                accepted("indexes identical to the table", b -> b.attributeDefinitions(defined("p"), defined("c"))
                        .globalSecondaryIndexes(gsi("gsame", hash("p"), range("c")))
                        .localSecondaryIndexes(lsi("lsame", hash("p"), range("c")))),
                accepted("a 255-character index name", b -> b.globalSecondaryIndexes(gsi("n".repeat(255), hash("x")))),
                accepted("NonKeyAttributes naming keys", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection(include(List.of("x", "p"))).build())),
                accepted("100 projected attributes", b -> b.globalSecondaryIndexes(
                        gsi("gs1", hash("x")).toBuilder().projection(include(sixty)).build(),
                        gsi("gs2", hash("x")).toBuilder().projection(include(forty)).build())),
                accepted("a provisioned GSI", b -> b.billingMode(BillingMode.PROVISIONED).provisionedThroughput(UNITS)
                        .globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder().provisionedThroughput(UNITS).build())),
                refused("a two-character name", b -> b.globalSecondaryIndexes(gsi("ab", hash("x")))),
                refused("a 256-character name", b -> b.globalSecondaryIndexes(gsi("n".repeat(256), hash("x")))),
                refused("a name with @", b -> b.localSecondaryIndexes(lsi("a@bc", hash("p"), range("x")))),
                refused("no name", b -> b.globalSecondaryIndexes(gsi(null, hash("x")))),
                refused("two GSIs of one name", b -> b.globalSecondaryIndexes(gsi("idx", hash("x")), gsi("idx", hash("x")))),
                refused("a GSI and an LSI of one name", b -> b.globalSecondaryIndexes(gsi("idx", hash("x")))
                        .localSecondaryIndexes(lsi("idx", hash("p"), range("x")))),
                refused("21 GSIs", b -> b.globalSecondaryIndexes(twentyOne)),
                refused("6 LSIs", b -> b.localSecondaryIndexes(six)),
                refused("an empty GSI list", b -> b.globalSecondaryIndexes(List.of())),
                refused("an empty LSI list", b -> b.localSecondaryIndexes(List.of())),
                refused("an undefined index key", b -> b.globalSecondaryIndexes(gsi("byY", hash("y")))),
                refused("an index key schema starting with RANGE", b -> b.globalSecondaryIndexes(gsi("byX", range("x")))),
                refused("two HASH keys", b -> b.globalSecondaryIndexes(gsi("byX", hash("x"), hash("p")))),
                refused("one name twice in a key schema", b -> b.globalSecondaryIndexes(gsi("byX", hash("x"), range("x")))),
                refused("three index keys", b -> b.globalSecondaryIndexes(gsi("byX", hash("x"), range("p"), range("c")))),
                refused("an empty index key schema", b -> b.globalSecondaryIndexes(gsi("byX"))),
                refused("an unused definition beside a GSI", b -> b.attributeDefinitions(defined("p"), defined("c"),
                        defined("x"), defined("y")).globalSecondaryIndexes(gsi("byX", hash("x")))),
                refused("an unused definition beside an LSI", b -> b.attributeDefinitions(defined("p"), defined("c"),
                        defined("x"), defined("y")).localSecondaryIndexes(lsi("byX", hash("p"), range("x")))),
                refused("an LSI on a table without a sort key", b -> b.attributeDefinitions(defined("p"), defined("x"))
                        .keySchema(hash("p")).localSecondaryIndexes(lsi("byX", hash("p"), range("x")))),
                refused("an LSI with another partition key", b -> b.localSecondaryIndexes(lsi("byX", hash("x"), range("c")))),
                refused("an LSI without a sort key", b -> b.attributeDefinitions(defined("p"), defined("c"))
                        .localSecondaryIndexes(lsi("byP", hash("p")))),
                refused("no projection", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection((Projection) null).build())),
                refused("a projection without a type", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection(Projection.builder().build()).build())),
                refused("INCLUDE without NonKeyAttributes", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection(Projection.builder().projectionType(ProjectionType.INCLUDE).build()).build())),
                refused("ALL with NonKeyAttributes", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection(ALL.toBuilder().nonKeyAttributes("a").build()).build())),
                refused("KEYS_ONLY with NonKeyAttributes", b -> b.localSecondaryIndexes(lsi("byX", hash("p"), range("x"))
                        .toBuilder().projection(Projection.builder().projectionType(ProjectionType.KEYS_ONLY)
                                .nonKeyAttributes("a").build()).build())),
                refused("a NonKeyAttribute twice", b -> b.globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                        .projection(include(List.of("a", "a"))).build())),
                refused("101 projected attributes", b -> b.globalSecondaryIndexes(
                        gsi("gs1", hash("x")).toBuilder().projection(include(sixty)).build(),
                        gsi("gs2", hash("x")).toBuilder().projection(include(fortyOne)).build())),
                refused("a provisioned GSI without throughput", b -> b.billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(UNITS).globalSecondaryIndexes(gsi("byX", hash("x")))),
                refused("a provisioned GSI with zero read units", b -> b.billingMode(BillingMode.PROVISIONED)
                        .provisionedThroughput(UNITS).globalSecondaryIndexes(gsi("byX", hash("x")).toBuilder()
                                .provisionedThroughput(UNITS.toBuilder().readCapacityUnits(0L).build()).build())),
                refused("one attribute defined with two types", b -> b.attributeDefinitions(defined("p"), defined("c"),
                        defined("x"), AttributeDefinition.builder().attributeName("x")
                                .attributeType(ScalarAttributeType.N).build())
                        .globalSecondaryIndexes(gsi("gs1", hash("x")), gsi("gs2", hash("x")))));
    }

    /** The error code, or the description's comparable parts. */
    static Object outcome(DynamoDbClient dynamo, CreateTableRequest request) {
        try {
            TableDescription created = dynamo.createTable(request).tableDescription();
            TableDescription described = dynamo.describeTable(b -> b.tableName(request.tableName())).table();
            assertThat(comparable(created)).as("CreateTable's and DescribeTable's answers")
                    .isEqualTo(comparable(described));
            dynamo.deleteTable(b -> b.tableName(request.tableName()));
            return comparable(described);
        } catch (DynamoDbException e) {
            return e.awsErrorDetails().errorCode();
        }
    }

    static Map<String, Object> comparable(TableDescription table) {
        Map<String, Object> out = new TreeMap<>();
        Map<String, String> definitions = new TreeMap<>();
        table.attributeDefinitions().forEach(d -> definitions.put(d.attributeName(), d.attributeTypeAsString()));
        out.put("AttributeDefinitions", definitions);
        List<String> globals = new ArrayList<>();
        for (GlobalSecondaryIndexDescription index : table.globalSecondaryIndexes()) {
            globals.add(index.indexName() + " " + index.keySchema() + " " + index.projection() + " "
                    + index.indexStatusAsString() + " items " + index.itemCount() + " bytes " + index.indexSizeBytes()
                    + " arn " + index.indexArn().endsWith(":table/" + table.tableName() + "/index/" + index.indexName()));
        }
        out.put("GlobalSecondaryIndexes", globals);
        List<String> locals = new ArrayList<>();
        for (LocalSecondaryIndexDescription index : table.localSecondaryIndexes()) {
            locals.add(index.indexName() + " " + index.keySchema() + " " + index.projection() + " items "
                    + index.itemCount() + " bytes " + index.indexSizeBytes() + " arn "
                    + index.indexArn().endsWith(":table/" + table.tableName() + "/index/" + index.indexName()));
        }
        out.put("LocalSecondaryIndexes", locals);
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void bothRefuseWithTheSameTypeOrBothDescribeAlike(String name, UnaryOperator<CreateTableRequest.Builder> change,
                                                      boolean refused) {
        CreateTableRequest request = change.apply(base().apply(CreateTableRequest.builder()
                .tableName("indexes" + TABLES.incrementAndGet()))).build();
        Object local = outcome(peers.localClient, request);
        Object keystorm = outcome(peers.keystormClient, request);
        assertThat(keystorm).as("keystorm's outcome of %s, DynamoDB Local's: %s", name, local).isEqualTo(local);
        if (refused) {
            assertThat(keystorm).isEqualTo("ValidationException");
        } else {
            assertThat(keystorm).isInstanceOf(Map.class);
        }
    }
}
