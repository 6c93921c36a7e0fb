package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketException;
import keystorm.checker.history.OpType;
import keystorm.engine.api.ConditionalCheckFailedException;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.item.Item;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;

/**
 * How SdkStore classifies what the SDK throws: a 4xx is a refusal of its DynamoDB type (unknown
 * codes a ValidationException naming the code), a 5xx is indeterminate whatever its code, and so
 * is every client-side failure. Checked through {@link Outcomes}, which is what a history records.
 */
class SdkOutcomeProperties {
    @Property
    void a4xxOfAKnownTypeIsThatRefusal(@ForAll ErrorType type, @ForAll @IntRange(min = 400, max = 499) int status) {
        RuntimeException translated = SdkStore.translate("PutItem", service(type.name(), status));
        assertThat(translated).isInstanceOf(DynamoException.class);
        assertThat(((DynamoException) translated).type()).isEqualTo(type);
        assertThat(Outcomes.of(translated)).isEqualTo(Outcomes.of(type));
    }

    @Property
    void a4xxOfAnUnknownCodeIsAValidationRefusalNamingIt(@ForAll("unknownCodes") String code,
                                                        @ForAll @IntRange(min = 400, max = 499) int status) {
        RuntimeException translated = SdkStore.translate("PutItem", service(code, status));
        assertThat(translated).isInstanceOf(DynamoException.class);
        assertThat(((DynamoException) translated).type()).isEqualTo(ErrorType.ValidationException);
        assertThat(translated.getMessage()).contains(code).contains(Integer.toString(status));
        assertThat(Outcomes.of(translated)).isEqualTo(OpType.FAIL);
    }

    @Property
    void anythingButA4xxIsIndeterminate(@ForAll("anyCodes") String code, @ForAll("not4xx") int status) {
        RuntimeException translated = SdkStore.translate("UpdateItem", service(code, status));
        assertThat(translated).isInstanceOf(IndeterminateException.class);
        assertThat(Outcomes.of(translated)).isEqualTo(OpType.INFO);
    }

    @Property
    void everyClientSideFailureIsIndeterminate(@ForAll("clientFailures") SdkException failure) {
        RuntimeException translated = SdkStore.translate("TransactWriteItems", failure);
        assertThat(translated).isInstanceOf(IndeterminateException.class).hasCause(failure);
        assertThat(Outcomes.of(translated)).isEqualTo(OpType.INFO);
    }

    @Example
    void aFailedConditionKeepsTheItemItReturned() {
        Item old = Item.of(java.util.Map.of("k", keystorm.engine.item.AttributeValue.s("a"),
                "v", keystorm.engine.item.AttributeValue.n(3)));
        var sdk = software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException.builder()
                .item(SdkValues.toSdk(old)).statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("ConditionalCheckFailedException")
                        .errorMessage("The conditional request failed").build())
                .build();
        RuntimeException translated = SdkStore.translate("PutItem", sdk);
        assertThat(translated).isInstanceOf(ConditionalCheckFailedException.class);
        assertThat(((ConditionalCheckFailedException) translated).item()).isEqualTo(old);
        assertThat(Outcomes.of(translated)).isEqualTo(OpType.FAIL);
    }

    private static AwsServiceException service(String code, int status) {
        return AwsServiceException.builder().statusCode(status)
                .awsErrorDetails(AwsErrorDetails.builder().errorCode(code).errorMessage("said the store").build())
                .build();
    }

    @Provide
    Arbitrary<String> unknownCodes() {
        return Arbitraries.oneOf(
                // the auth refusals (AccessDeniedException ...) are ErrorTypes now, since keystorm serve --auth answers them
                Arbitraries.of("ExpiredTokenException", "NotAuthorized", "RequestEntityTooLarge",
                        "ReplicatedWriteConflictException"),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(12).map(s -> "Made" + s + "Up"));
    }

    @Provide
    Arbitrary<String> anyCodes() {
        return Arbitraries.oneOf(Arbitraries.of(ErrorType.class).map(Enum::name), unknownCodes());
    }

    @Provide
    Arbitrary<Integer> not4xx() {
        return Arbitraries.oneOf(Arbitraries.integers().between(500, 599), Arbitraries.of(0, 200, 302));
    }

    @Provide
    Arbitrary<SdkException> clientFailures() {
        return Arbitraries.<java.util.function.Supplier<SdkException>>of(
                () -> ApiCallTimeoutException.create(5000),
                () -> ApiCallAttemptTimeoutException.create(5000),
                () -> SdkClientException.create("Unable to execute HTTP request: Connection reset",
                        new SocketException("Connection reset")),
                () -> SdkClientException.create("Unable to execute HTTP request: Unexpected end of file from server",
                        new IOException("Unexpected end of file from server")),
                () -> AbortedException.builder().message("Thread was interrupted").build(),
                () -> software.amazon.awssdk.core.exception.Crc32MismatchException.builder()
                        .message("Expected 1 as the Crc32 checksum but the actual calculated checksum was 2").build())
                .map(java.util.function.Supplier<SdkException>::get);
    }

    @org.junit.jupiter.api.Test
    void aRefusedConnectionProvesNothingWasSent() {
        RuntimeException translated = SdkStore.translate("PutItem", SdkClientException.create(
                "Unable to execute HTTP request: Connection refused", new java.net.ConnectException("Connection refused")));
        org.assertj.core.api.Assertions.assertThat(translated).isInstanceOf(NotSentException.class);
        org.assertj.core.api.Assertions.assertThat(Outcomes.of(translated)).isEqualTo(keystorm.checker.history.OpType.FAIL);
    }
}
