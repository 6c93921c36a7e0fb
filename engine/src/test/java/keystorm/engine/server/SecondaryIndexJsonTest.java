package keystorm.engine.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import keystorm.engine.Engine;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * CreateTable's index members over JSON: read into the engine's records, described back as
 * DynamoDB writes them (index lists omitted when empty), wrong JSON types refused as
 * SerializationException and the presence rules as ValidationException.
 */
class SecondaryIndexJsonTest {
    static final ObjectMapper JSON = new ObjectMapper();
    final Engine engine = new Engine(new ManualClock());
    final Operations operations = new Operations(engine);

    @AfterEach
    void close() {
        engine.close();
    }

    JsonNode call(String operation, String body) throws Exception {
        return JSON.readTree(operations.call(operation, JSON.readTree(body.replace('\'', '"'))));
    }

    static String table(String indexes) {
        return "{'TableName':'tab1','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':[{'AttributeName':'p',"
                + "'AttributeType':'S'},{'AttributeName':'c','AttributeType':'S'},{'AttributeName':'x','AttributeType':'N'}],"
                + "'KeySchema':[{'AttributeName':'p','KeyType':'HASH'},{'AttributeName':'c','KeyType':'RANGE'}]"
                + (indexes.isEmpty() ? "" : "," + indexes) + "}";
    }

    static final String GSI = "'GlobalSecondaryIndexes':[{'IndexName':'byX','KeySchema':[{'AttributeName':'x',"
            + "'KeyType':'HASH'}],'Projection':{'ProjectionType':'INCLUDE','NonKeyAttributes':['a']}}]";
    static final String LSI = "'LocalSecondaryIndexes':[{'IndexName':'byX2','KeySchema':[{'AttributeName':'p',"
            + "'KeyType':'HASH'},{'AttributeName':'x','KeyType':'RANGE'}],'Projection':{'ProjectionType':'ALL'}}]";

    void refused(String body, ErrorType type, String message) {
        assertThatThrownBy(() -> call("CreateTable", body)).isInstanceOfSatisfying(DynamoException.class, e -> {
            assertThat(e.type()).isEqualTo(type);
            if (message != null) {
                assertThat(e.getMessage()).isEqualTo(message);
            }
        });
    }

    @Test
    void createAndDescribeAnswerBothIndexLists() throws Exception {
        JsonNode created = call("CreateTable", table(GSI + "," + LSI)).get("TableDescription");
        JsonNode described = call("DescribeTable", "{'TableName':'tab1'}").get("Table");
        for (JsonNode table : new JsonNode[] {created, described}) {
            JsonNode gsi = table.get("GlobalSecondaryIndexes").get(0);
            assertThat(gsi.get("IndexName").textValue()).isEqualTo("byX");
            assertThat(gsi.get("KeySchema").toString()).isEqualTo("[{\"AttributeName\":\"x\",\"KeyType\":\"HASH\"}]");
            assertThat(gsi.get("Projection").toString())
                    .isEqualTo("{\"ProjectionType\":\"INCLUDE\",\"NonKeyAttributes\":[\"a\"]}");
            assertThat(gsi.get("IndexStatus").textValue()).isEqualTo("ACTIVE");
            assertThat(gsi.has("Backfilling")).isFalse();
            assertThat(gsi.get("ProvisionedThroughput").toString())
                    .isEqualTo("{\"NumberOfDecreasesToday\":0,\"ReadCapacityUnits\":0,\"WriteCapacityUnits\":0}");
            assertThat(gsi.get("IndexSizeBytes").longValue()).isZero();
            assertThat(gsi.get("ItemCount").longValue()).isZero();
            assertThat(gsi.get("IndexArn").textValue()).isEqualTo(table.get("TableArn").textValue() + "/index/byX");
            JsonNode lsi = table.get("LocalSecondaryIndexes").get(0);
            assertThat(lsi.get("IndexName").textValue()).isEqualTo("byX2");
            assertThat(lsi.get("Projection").toString()).isEqualTo("{\"ProjectionType\":\"ALL\"}");
            assertThat(lsi.has("IndexStatus")).isFalse();
            assertThat(lsi.has("ProvisionedThroughput")).isFalse();
            assertThat(lsi.get("IndexArn").textValue()).isEqualTo(table.get("TableArn").textValue() + "/index/byX2");
            assertThat(table.get("AttributeDefinitions")).hasSize(3);
        }
    }

    @Test
    void aTableWithoutIndexesAnswersNoIndexMembers() throws Exception {
        JsonNode created = call("CreateTable", "{'TableName':'tab2','BillingMode':'PAY_PER_REQUEST','AttributeDefinitions':"
                + "[{'AttributeName':'p','AttributeType':'S'}],'KeySchema':[{'AttributeName':'p','KeyType':'HASH'}]}")
                .get("TableDescription");
        assertThat(created.has("GlobalSecondaryIndexes")).isFalse();
        assertThat(created.has("LocalSecondaryIndexes")).isFalse();
    }

    @Test
    void aProvisionedGlobalIndexAnswersItsUnits() throws Exception {
        JsonNode created = call("CreateTable", "{'TableName':'tab3','ProvisionedThroughput':{'ReadCapacityUnits':5,"
                + "'WriteCapacityUnits':5},'AttributeDefinitions':[{'AttributeName':'p','AttributeType':'S'},"
                + "{'AttributeName':'x','AttributeType':'S'}],'KeySchema':[{'AttributeName':'p','KeyType':'HASH'}],"
                + "'GlobalSecondaryIndexes':[{'IndexName':'byX','KeySchema':[{'AttributeName':'x','KeyType':'HASH'}],"
                + "'Projection':{'ProjectionType':'KEYS_ONLY'},'ProvisionedThroughput':{'ReadCapacityUnits':2,"
                + "'WriteCapacityUnits':3}}]}").get("TableDescription");
        assertThat(created.get("GlobalSecondaryIndexes").get(0).get("ProvisionedThroughput").toString())
                .isEqualTo("{\"NumberOfDecreasesToday\":0,\"ReadCapacityUnits\":2,\"WriteCapacityUnits\":3}");
    }

    @Test
    void emptyIndexListsAreRefused() {
        refused(table("'GlobalSecondaryIndexes':[]"), ErrorType.ValidationException,
                "One or more parameter values were invalid: List of GlobalSecondaryIndexes is empty");
        refused(table("'LocalSecondaryIndexes':[]"), ErrorType.ValidationException,
                "One or more parameter values were invalid: List of LocalSecondaryIndexes is empty");
    }

    @Test
    void anEmptyNonKeyAttributesListBreaksItsLengthConstraint() {
        refused(table(GSI.replace("'INCLUDE','NonKeyAttributes':['a']", "'ALL','NonKeyAttributes':[]")),
                ErrorType.ValidationException, "1 validation error detected: Value '[]' at "
                        + "'globalSecondaryIndexes.1.member.projection.nonKeyAttributes' failed to satisfy constraint: "
                        + "Member must have length greater than or equal to 1");
    }

    @Test
    void missingMembersAreNamedByTheirPath() {
        refused(table("'GlobalSecondaryIndexes':[{'IndexName':'byX','Projection':{'ProjectionType':'ALL'}}]"),
                ErrorType.ValidationException, "1 validation error detected: Value null at "
                        + "'globalSecondaryIndexes.1.member.keySchema' failed to satisfy constraint: Member must not be null");
        refused(table("'GlobalSecondaryIndexes':[{'IndexName':'byX','KeySchema':[{'AttributeName':'x','KeyType':'HASH'}]}]"),
                ErrorType.ValidationException, "1 validation error detected: Value null at "
                        + "'globalSecondaryIndexes.1.member.projection' failed to satisfy constraint: Member must not be null");
        refused(table(GSI.substring(0, GSI.length() - 2) + ",'ProvisionedThroughput':{'WriteCapacityUnits':1}}]"),
                ErrorType.ValidationException, "1 validation error detected: Value null at "
                        + "'globalSecondaryIndexes.1.member.provisionedThroughput.readCapacityUnits' failed to satisfy "
                        + "constraint: Member must not be null");
    }

    @Test
    void anUnknownProjectionTypeIsAnEnumViolation() {
        refused(table(GSI.replace("'INCLUDE','NonKeyAttributes':['a']", "'nonsense'")), ErrorType.ValidationException,
                "1 validation error detected: Value 'nonsense' at 'globalSecondaryIndexes.1.member.projection."
                        + "projectionType' failed to satisfy constraint: Member must satisfy enum value set: "
                        + "[KEYS_ONLY, INCLUDE, ALL]");
    }

    @Test
    void wrongJsonTypesAreSerializationExceptions() {
        refused(table("'GlobalSecondaryIndexes':{'a':1}"), ErrorType.SerializationException, null);
        refused(table("'LocalSecondaryIndexes':['x']"), ErrorType.SerializationException, null);
        refused(table(GSI.replace("'byX'", "5")), ErrorType.SerializationException, null);
        refused(table(GSI.replace("['a']", "['a',123]")), ErrorType.SerializationException, null);
        refused(table(GSI.replace("['a']", "'a'")), ErrorType.SerializationException, null);
        refused(table(GSI.replace("{'ProjectionType':'INCLUDE','NonKeyAttributes':['a']}", "'ALL'")),
                ErrorType.SerializationException, null);
        refused(table(GSI.substring(0, GSI.length() - 2) + ",'ProvisionedThroughput':{'ReadCapacityUnits':'1','WriteCapacityUnits':1}}]"),
                ErrorType.SerializationException, null);
    }
}
