package keystorm.gatling;

import static io.gatling.javaapi.core.CoreDsl.StringBody;
import static io.gatling.javaapi.core.CoreDsl.bodyString;
import static io.gatling.javaapi.core.CoreDsl.constantUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.doIf;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.rampUsersPerSec;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;

import io.gatling.javaapi.core.Assertion;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.PopulationBuilder;
import io.gatling.javaapi.http.HttpRequestActionBuilder;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * What both simulations share: the HTTP protocol (DynamoDB's JSON 1.0 headers, one connection
 * pool for all virtual users as an SDK client has), the calls a {@link Cycle} becomes, the open
 * injection profile and the assertions.
 *
 * <p>A 200 is OK. Anything else is KO with a message naming the error: {@code throttled: <type>}
 * for DynamoDB's throttling family, {@code error: <type>} for the rest, so the report's error
 * table tells them apart; the failed share that the assertion bounds is the throttled share as long
 * as nothing else fails, and {@link Outcomes} prints both shares after the run.
 */
final class DynamoCalls {
    private DynamoCalls() {
    }

    static HttpProtocolBuilder protocol(URI endpoint) {
        return http.baseUrl(endpoint.toString())
                .contentTypeHeader(Wire.CONTENT_TYPE)
                .header("X-Amz-Date", Wire.AMZ_DATE)
                .header("Authorization", Wire.AUTHORIZATION)
                .shareConnections();
    }

    /**
     * The simulation's population: an optional warm-up of {@code -Dwarmup} seconds at the rate whose
     * requests are silent (neither in the report nor in the assertions nor in {@code outcomes}),
     * then the measured phase. Both draw their operations from {@code feeder}.
     */
    static PopulationBuilder population(String name, Iterator<Map<String, Object>> feeder, Settings settings,
                                        Outcomes outcomes) {
        PopulationBuilder measured = scenario(name).feed(feeder).exec(cycle(outcomes, false))
                .injectOpen(injection(settings));
        if (settings.warmupSeconds() == 0) {
            return measured;
        }
        return scenario("warm-up").feed(feeder).exec(cycle(new Outcomes(), true))
                .injectOpen(constantUsersPerSec(settings.ratePerSecond()).during(settings.warmupSeconds()))
                .andThen(measured);
    }

    /** The cycle's read (when it has one), then its write (when it has one). */
    static ChainBuilder cycle(Outcomes outcomes, boolean silent) {
        return doIf(session -> session.contains(Cycle.READ)).then(call(Cycle.READ, Cycle.READ_BODY, outcomes, silent))
                .doIf(session -> session.contains(Cycle.WRITE)).then(call(Cycle.WRITE, Cycle.WRITE_BODY, outcomes, silent));
    }

    /** One DynamoDB call, named in the report by its operation (GetItem, UpdateItem...). */
    private static ChainBuilder call(String operation, String body, Outcomes outcomes, boolean silent) {
        HttpRequestActionBuilder request = http(session -> session.getString(operation))
                .post("/")
                .header("X-Amz-Target", session -> Operation.valueOf(session.getString(operation)).target())
                .body(StringBody(session -> session.getString(body)))
                .transformResponse((response, session) -> {
                    int code = response.status().code();
                    outcomes.record(code, code == 200 ? "" : response.body().string());
                    return response;
                })
                // Gatling runs status checks before body checks: one that always passes stands in
                // for its default (2xx), so a non-200 fails on the body check below, with the error's name.
                .check(status().exists())
                .checkIf((response, session) -> response.status().code() != 200)
                .then(bodyString().validate("DynamoDB", (text, session) -> {
                    throw new IllegalStateException(describe(text));
                }));
        return exec(silent ? request.silent() : request);
    }

    static String describe(String body) {
        String type = DynamoJson.errorType(body);
        if (type.isEmpty()) {
            return "error: not a DynamoDB error body";
        }
        return (DynamoJson.isThrottling(type) ? "throttled: " : "error: ") + type;
    }

    /** An optional linear ramp from 1 arrival a second to the rate, then the rate for the duration. */
    static OpenInjectionStep[] injection(Settings settings) {
        List<OpenInjectionStep> steps = new ArrayList<>();
        if (settings.rampSeconds() > 0) {
            steps.add(rampUsersPerSec(1).to(settings.ratePerSecond()).during(settings.rampSeconds()));
        }
        steps.add(constantUsersPerSec(settings.ratePerSecond()).during(settings.durationSeconds()));
        return steps.toArray(OpenInjectionStep[]::new);
    }

    /** p99 of every response below -Dp99Ms; failed (throttled) requests at most -DthrottledPercentMax percent. */
    static Assertion[] assertions(Settings settings) {
        return new Assertion[] {
            global().responseTime().percentile(99.0).lt(settings.p99MillisMax()),
            global().failedRequests().percent().lte(settings.throttledPercentMax()),
        };
    }
}
