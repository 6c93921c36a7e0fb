package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

/**
 * Generated policy documents (built as JSON, so the parser is exercised too) and generated requests: a matching Deny
 * always decides, an Allow never overturns a Deny, and whatever decided applies to the request.
 */
class DecisionProperties {
    static final String ACCOUNT = "arn:aws:dynamodb:us-east-1:123456789012:";
    static final List<String> ACTIONS = List.of("dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:Query", "dynamodb:BatchGetItem", "dynamodb:DeleteItem");
    static final List<String> RESOURCES = List.of(ACCOUNT + "table/Books", ACCOUNT + "table/Books/index/ByAuthor", ACCOUNT + "table/Users",
            "arn:aws:dynamodb:eu-west-1:123456789012:table/Books");
    static final List<String> KEYS = List.of("alice", "bob", "carol");
    static final List<String> NAMES = List.of("Id", "Title", "Price");
    static final List<String> SELECTS = List.of("ALL_ATTRIBUTES", "SPECIFIC_ATTRIBUTES", "COUNT", "ALL_PROJECTED_ATTRIBUTES");

    @Provide
    Arbitrary<Request> requests() {
        Arbitrary<Request.Attributes> attributes = Arbitraries.oneOf(Arbitraries.just(Request.Attributes.ALL),
                Arbitraries.of(NAMES).set().map(Request.Attributes.Named::new));
        return Combinators.combine(Arbitraries.of(ACTIONS), Arbitraries.of(RESOURCES), Arbitraries.of(KEYS).set(), attributes,
                Arbitraries.of(SELECTS).optional()).as(Request::new);
    }

    @Provide
    Arbitrary<List<Policy>> policies() {
        return statement().list().ofMaxSize(5)
                .map(list -> Policy.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + String.join(",", list) + "]}"))
                .list().ofMaxSize(3);
    }

    @Provide
    Arbitrary<String> allows() {
        return statement().map(s -> s.replaceFirst("\"Effect\":\"(Allow|Deny)\"", "\"Effect\":\"Allow\""));
    }

    Arbitrary<String> statement() {
        Arbitrary<String> actions = Arbitraries.of("dynamodb:GetItem", "dynamodb:Get*", "dynamodb:*", "*", "dynamodb:PutItem", "DYNAMODB:query",
                "dynamodb:?etItem", "dynamodb:Batch*").list().ofMinSize(1).ofMaxSize(3).map(DecisionProperties::jsonList);
        Arbitrary<String> resources = Arbitraries.of("*", ACCOUNT + "table/Books", ACCOUNT + "table/Books*", ACCOUNT + "table/*/index/*",
                "arn:aws:dynamodb:*:*:table/Books", ACCOUNT + "table/Use?s").list().ofMinSize(1).ofMaxSize(3).map(DecisionProperties::jsonList);
        Arbitrary<String> condition = Combinators.combine(
                Arbitraries.of("", "ForAllValues:", "ForAnyValue:"),
                Arbitraries.of("StringEquals", "StringNotEquals", "StringLike", "StringNotLike", "StringEqualsIfExists"),
                Arbitraries.of(Condition.LEADING_KEYS, Condition.ATTRIBUTES, Condition.SELECT),
                Arbitraries.of("alice", "bob", "a*", "*", "Id", "T?tle", "COUNT", "SPECIFIC_ATTRIBUTES").list().ofMinSize(1).ofMaxSize(3))
                .as((q, op, key, values) -> "\"" + q + op + "\":{\"" + key + "\":" + jsonList(values) + "}");
        Arbitrary<String> conditions = condition.list().ofMaxSize(2)
                .map(list -> list.isEmpty() ? "" : ",\"Condition\":{" + String.join(",", list) + "}");
        return Combinators.combine(Arbitraries.of("Allow", "Deny"), Arbitraries.of("Action", "NotAction"), actions,
                Arbitraries.of("Resource", "NotResource"), resources, conditions)
                .as((effect, af, a, rf, r, c) -> "{\"Effect\":\"" + effect + "\",\"" + af + "\":" + a + ",\"" + rf + "\":" + r + c + "}");
    }

    static String jsonList(List<String> values) {
        return values.stream().map(v -> "\"" + v + "\"").collect(Collectors.joining(",", "[", "]"));
    }

    /** A Deny statement that matches the request: its action and resource, and a condition drawn from its context. */
    static Policy matchingDeny(Request request, int variant) {
        String condition = switch (variant % 4) {
            case 0 -> "";
            case 1 -> ",\"Condition\":{\"ForAllValues:StringEquals\":{\"dynamodb:LeadingKeys\":" + jsonList(new ArrayList<>(request.leadingKeys()).isEmpty() ? List.of("nobody") : new ArrayList<>(request.leadingKeys())) + "}}";
            case 2 -> ",\"Condition\":{\"StringLikeIfExists\":{\"dynamodb:Select\":\"*\"}}";
            default -> ",\"Condition\":{\"ForAllValues:StringLike\":{\"dynamodb:Attributes\":[\"*\"]}}";
        };
        String action = variant % 2 == 0 ? request.action() : request.action().toUpperCase();
        return Policy.parse("{\"Statement\":{\"Sid\":\"Matching\",\"Effect\":\"Deny\",\"Action\":\"" + action + "\",\"Resource\":\""
                + request.resource() + "\"" + condition + "}}");
    }

    @Property(tries = 500)
    void aMatchingDenyAlwaysDecides(@ForAll("policies") List<Policy> policies, @ForAll("requests") Request request,
            @ForAll("positions") int position, @ForAll("variants") int variant) {
        List<Policy> with = new ArrayList<>(policies);
        with.add(Math.min(position, with.size()), matchingDeny(request, variant));
        Decision decision = Decision.evaluate(with, request);
        assertThat(decision.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        assertThat(decision.statement().orElseThrow().effect()).isEqualTo(Statement.Effect.DENY);
    }

    @Property(tries = 500)
    void anAllowNeverOverturnsADeny(@ForAll("policies") List<Policy> policies, @ForAll("requests") Request request,
            @ForAll("allowsList") List<String> allows, @ForAll("variants") int variant) {
        List<Policy> with = new ArrayList<>(policies);
        with.add(matchingDeny(request, variant));
        assertThat(Decision.evaluate(with, request).outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
        with.add(Policy.parse("{\"Statement\":[" + String.join(",", allows) + "]}"));
        with.addFirst(Policy.parse(PolicyTest.allow("*", "*")));
        assertThat(Decision.evaluate(with, request).outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
    }

    /** Adding allows never takes an ALLOW away, and an explicit deny in the original stays one. */
    @Property(tries = 500)
    void addingAnAllowIsMonotone(@ForAll("policies") List<Policy> policies, @ForAll("requests") Request request,
            @ForAll("allowsList") List<String> allows) {
        Decision before = Decision.evaluate(policies, request);
        List<Policy> with = new ArrayList<>(policies);
        with.add(Policy.parse("{\"Statement\":[" + String.join(",", allows) + "]}"));
        Decision after = Decision.evaluate(with, request);
        switch (before.outcome()) {
            case ALLOW -> assertThat(after.outcome()).isEqualTo(Decision.Outcome.ALLOW);
            case EXPLICIT_DENY -> assertThat(after.outcome()).isEqualTo(Decision.Outcome.EXPLICIT_DENY);
            case IMPLICIT_DENY -> assertThat(after.outcome()).isIn(Decision.Outcome.ALLOW, Decision.Outcome.IMPLICIT_DENY);
        }
    }

    /** The statement a decision names applies to the request and has the decision's effect; no Deny applies to an ALLOW. */
    @Property(tries = 500)
    void theDecidingStatementApplies(@ForAll("policies") List<Policy> policies, @ForAll("requests") Request request) {
        Decision decision = Decision.evaluate(policies, request);
        List<Statement> applicable = policies.stream().flatMap(p -> p.statements().stream()).filter(s -> s.applies(request)).toList();
        Set<Statement.Effect> effects = applicable.stream().map(Statement::effect).collect(Collectors.toSet());
        switch (decision.outcome()) {
            case ALLOW -> {
                assertThat(effects).containsExactly(Statement.Effect.ALLOW);
                assertThat(decision.statement().orElseThrow().applies(request)).isTrue();
            }
            case EXPLICIT_DENY -> {
                assertThat(effects).contains(Statement.Effect.DENY);
                assertThat(decision.statement().orElseThrow().effect()).isEqualTo(Statement.Effect.DENY);
                assertThat(policies.get(decision.policyIndex()).statements()).contains(decision.statement().orElseThrow());
            }
            case IMPLICIT_DENY -> assertThat(applicable).isEmpty();
        }
        assertThat(decision.outcome() == Decision.Outcome.ALLOW || !decision.message("u", request).isEmpty()).isTrue();
        // the generators must reach every outcome often enough for the properties above to mean something
        Statistics.label("outcome").collect(decision.outcome());
        Statistics.label("outcome").coverage(c -> {
            for (Decision.Outcome o : Decision.Outcome.values()) {
                c.check(o).percentage(share -> share >= 5.0);
            }
        });
    }

    @Provide
    Arbitrary<Integer> positions() {
        return Arbitraries.integers().between(0, 3);
    }

    @Provide
    Arbitrary<Integer> variants() {
        return Arbitraries.integers().between(0, 7);
    }

    @Provide
    Arbitrary<List<String>> allowsList() {
        return allows().list().ofMinSize(1).ofMaxSize(4);
    }
}
