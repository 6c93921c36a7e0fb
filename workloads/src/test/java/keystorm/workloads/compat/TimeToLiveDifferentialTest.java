package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.TimeToLiveSpecification;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveDescription;

/**
 * UpdateTimeToLive and DescribeTimeToLive, step by step, on DynamoDB Local and on the engine (called directly: the
 * HTTP form of the two operations is the server's): the same steps succeed and fail alike, with DynamoDB Local's
 * message at the head of the engine's, and the same statuses follow. DynamoDB Local has no once-an-hour rule, so
 * the engine's is set to none here ({@code withTtlChangeIntervalNanos(0)}). Where the two differ on purpose: an
 * AttributeName outside 1 to 255 characters, which DynamoDB Local answers with its key-attribute message and the
 * engine with the request-validation message DynamoDB's own service answers ("Member must have length ...").
 */
class TimeToLiveDifferentialTest {
    record Step(String attributeName, boolean enabled) {
    }

    static final List<Step> STEPS = List.of(new Step("x", false), new Step("e", true), new Step("e", true),
            new Step("f", true), new Step("f", false), new Step("e", false), new Step("e", false), new Step("e", true),
            new Step("x".repeat(255), false), new Step("e", false), new Step("x".repeat(255), true));

    @Test
    void theSameStepsAnswerAlike() throws Exception {
        try (Peers peers = new Peers();
             Engine engine = new Engine(EngineConfig.inMemory().withTtlChangeIntervalNanos(0))) {
            DynamoDbClient local = peers.localClient;
            local.createTable(b -> b.tableName("ttl-diff").billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("pk")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("pk").keyType(KeyType.HASH).build()));
            engine.createTable(CreateTableRequest.onDemand("ttl-diff", "pk",
                    keystorm.engine.api.ScalarAttributeType.S, null, null));
            List<String> localAnswers = new ArrayList<>();
            List<String> engineAnswers = new ArrayList<>();
            for (Step step : STEPS) {
                String localAnswer;
                try {
                    var answer = local.updateTimeToLive(b -> b.tableName("ttl-diff").timeToLiveSpecification(
                            t -> t.attributeName(step.attributeName()).enabled(step.enabled())));
                    localAnswer = "ok " + answer.timeToLiveSpecification().attributeName() + " "
                            + answer.timeToLiveSpecification().enabled();
                } catch (DynamoDbException e) {
                    localAnswer = e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage();
                }
                String engineAnswer;
                try {
                    TimeToLiveSpecification answer = engine.updateTimeToLive("ttl-diff",
                            new TimeToLiveSpecification(step.attributeName(), step.enabled()));
                    engineAnswer = "ok " + answer.attributeName() + " " + answer.enabled();
                } catch (DynamoException e) {
                    engineAnswer = e.type() + ": " + e.getMessage();
                }
                TimeToLiveDescription described = local.describeTimeToLive(b -> b.tableName("ttl-diff"))
                        .timeToLiveDescription();
                keystorm.engine.api.TimeToLiveDescription ours = engine.describeTimeToLive("ttl-diff");
                localAnswers.add(localAnswer + " / " + described.timeToLiveStatusAsString() + " "
                        + described.attributeName());
                engineAnswers.add(engineAnswer + " / " + ours.timeToLiveStatus() + " " + ours.attributeName());
                assertThat(engineAnswer).as(step.toString()).startsWith(localAnswer);
            }
            // the same statuses after each step, and the steps themselves neither all fail nor all pass
            assertThat(engineAnswers).extracting(a -> a.substring(a.indexOf(" / ")))
                    .isEqualTo(localAnswers.stream().map(a -> a.substring(a.indexOf(" / "))).toList());
            assertThat(localAnswers).anyMatch(a -> a.startsWith("ok")).anyMatch(a -> a.startsWith("ValidationException"));
        }
    }
}
