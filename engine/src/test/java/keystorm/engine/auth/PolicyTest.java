package keystorm.engine.auth;

import static keystorm.engine.auth.Decision.Outcome.ALLOW;
import static keystorm.engine.auth.Decision.Outcome.EXPLICIT_DENY;
import static keystorm.engine.auth.Decision.Outcome.IMPLICIT_DENY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class PolicyTest {
    static final String TABLE = "arn:aws:dynamodb:us-east-1:123456789012:table/Books";
    static final String INDEX = TABLE + "/index/ByAuthor";

    static Decision.Outcome decide(String policy, Request request) {
        return Decision.evaluate(List.of(Policy.parse(policy)), request).outcome();
    }

    static String allow(String action, String resource) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"" + action + "\",\"Resource\":\"" + resource + "\"}}";
    }

    @Test
    void actionWildcardsAndCase() {
        assertThat(decide(allow("dynamodb:GetItem", TABLE), Request.of("dynamodb:GetItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:getitem", TABLE), Request.of("dynamodb:GetItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("DynamoDB:*", TABLE), Request.of("dynamodb:PutItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Get*", TABLE), Request.of("dynamodb:GetItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Get*", TABLE), Request.of("dynamodb:BatchGetItem", TABLE))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("dynamodb:?etItem", TABLE), Request.of("dynamodb:GetItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:GetItem", TABLE), Request.of("dynamodb:PutItem", TABLE))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("*", "*"), Request.of("dynamodb:Scan", TABLE))).isEqualTo(ALLOW);
    }

    @Test
    void actionListsAndNotAction() {
        String p = "{\"Statement\":[{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",\"dynamodb:Query\"],\"Resource\":\"*\"}]}";
        assertThat(decide(p, Request.of("dynamodb:Query", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(p, Request.of("dynamodb:Scan", TABLE))).isEqualTo(IMPLICIT_DENY);
        String not = "{\"Statement\":[{\"Effect\":\"Allow\",\"NotAction\":\"dynamodb:Delete*\",\"Resource\":\"*\"}]}";
        assertThat(decide(not, Request.of("dynamodb:PutItem", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(not, Request.of("dynamodb:DeleteItem", TABLE))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void resourcesTablesAndIndexes() {
        assertThat(decide(allow("dynamodb:Query", TABLE), Request.of("dynamodb:Query", INDEX)))
                .as("a table's ARN does not cover its indexes").isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("dynamodb:Query", TABLE + "/index/*"), Request.of("dynamodb:Query", INDEX))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Query", TABLE + "/index/*"), Request.of("dynamodb:Query", TABLE))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("dynamodb:Query", TABLE + "*"), Request.of("dynamodb:Query", INDEX))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Query", "arn:aws:dynamodb:*:*:table/Books"), Request.of("dynamodb:Query", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Query", "arn:aws:dynamodb:us-east-1:123456789012:table/Boo?s"), Request.of("dynamodb:Query", TABLE))).isEqualTo(ALLOW);
        assertThat(decide(allow("dynamodb:Query", "arn:aws:dynamodb:us-east-1:123456789012:table/books"), Request.of("dynamodb:Query", TABLE)))
                .as("resource ARNs are case-sensitive").isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("dynamodb:Query", "arn:aws:dynamodb:us-west-2:123456789012:table/Books"), Request.of("dynamodb:Query", TABLE))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(allow("dynamodb:Query", "arn:aws:dynamodb:us-*:*:*"), Request.of("dynamodb:Query", TABLE))).isEqualTo(ALLOW);
        assertThat(Statement.resourceMatches("arn:aws:dynamodb:us-*:table/Books", TABLE))
                .as("a wildcard does not run across an ARN's colons").isFalse();
        refused(allow("dynamodb:Query", "arn:aws:dynamodb:us-*"), "Statement[0].Resource: expected an ARN");
    }

    @Test
    void denyBeatsAllowAndNames() {
        String p = """
                {"Version":"2012-10-17","Statement":[
                  {"Sid":"All","Effect":"Allow","Action":"dynamodb:*","Resource":"*"},
                  {"Sid":"NoDeletes","Effect":"Deny","Action":"dynamodb:DeleteItem","Resource":"%s"}]}""".formatted(TABLE);
        Request delete = Request.of("dynamodb:DeleteItem", TABLE);
        Decision d = Decision.evaluate(List.of(Policy.parse(p)), delete);
        assertThat(d.outcome()).isEqualTo(EXPLICIT_DENY);
        assertThat(d.statement().orElseThrow().describe()).isEqualTo("Statement[1] (Sid NoDeletes)");
        assertThat(d.message("arn:aws:iam::123456789012:user/alice", delete)).isEqualTo(
                "User: arn:aws:iam::123456789012:user/alice is not authorized to perform: dynamodb:DeleteItem on resource: "
                        + TABLE + " with an explicit deny in an identity-based policy");
        Decision put = Decision.evaluate(List.of(Policy.parse(p)), Request.of("dynamodb:PutItem", TABLE));
        assertThat(put.outcome()).isEqualTo(ALLOW);
        assertThat(put.statement().orElseThrow().sid()).contains("All");
        // the deny in a second policy still beats the allow in the first
        Decision split = Decision.evaluate(List.of(Policy.parse(allow("dynamodb:*", "*")),
                Policy.parse("{\"Statement\":{\"Effect\":\"Deny\",\"Action\":\"dynamodb:DeleteItem\",\"Resource\":\"*\"}}")), delete);
        assertThat(split.outcome()).isEqualTo(EXPLICIT_DENY);
        assertThat(split.policyIndex()).isEqualTo(1);
    }

    @Test
    void nothingAllowedIsDenied() {
        Request get = Request.of("dynamodb:GetItem", TABLE);
        Decision none = Decision.evaluate(List.of(), get);
        assertThat(none.outcome()).isEqualTo(IMPLICIT_DENY);
        assertThat(none.statement()).isEmpty();
        assertThat(none.message("arn:aws:iam::123456789012:user/bob", get)).isEqualTo(
                "User: arn:aws:iam::123456789012:user/bob is not authorized to perform: dynamodb:GetItem on resource: "
                        + TABLE + " because no identity-based policy allows the dynamodb:GetItem action");
        assertThat(decide("{\"Statement\":[]}", get)).isEqualTo(IMPLICIT_DENY);
        assertThatThrownBy(() -> Decision.evaluate(List.of(Policy.parse(allow("*", "*"))), get).message("u", get))
                .isInstanceOf(IllegalStateException.class);
    }

    /** The DynamoDB Developer Guide's fine-grained example: a user may touch only items whose partition key is their id. */
    static final String OWN_ITEMS = """
            {"Version":"2012-10-17","Statement":[{"Sid":"OwnItems","Effect":"Allow",
              "Action":["dynamodb:GetItem","dynamodb:BatchGetItem","dynamodb:Query","dynamodb:PutItem",
                        "dynamodb:UpdateItem","dynamodb:DeleteItem","dynamodb:BatchWriteItem"],
              "Resource":["%s"],
              "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":["alice"]}}}]}""".formatted(TABLE);

    @Test
    void leadingKeysLimitAUserToTheirOwnItems() {
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:GetItem", TABLE).withLeadingKeys("alice"))).isEqualTo(ALLOW);
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:GetItem", TABLE).withLeadingKeys("bob"))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:BatchWriteItem", TABLE).withLeadingKeys("alice", "bob")))
                .as("one foreign key in a batch denies the batch").isEqualTo(IMPLICIT_DENY);
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:BatchGetItem", TABLE).withLeadingKeys("alice"))).isEqualTo(ALLOW);
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:GetItem", TABLE).withLeadingKeys("Alice")))
                .as("StringEquals is case-sensitive").isEqualTo(IMPLICIT_DENY);
        assertThat(decide(OWN_ITEMS, Request.of("dynamodb:Scan", TABLE))).as("Scan is not in the list").isEqualTo(IMPLICIT_DENY);
        String like = OWN_ITEMS.replace("ForAllValues:StringEquals", "ForAllValues:StringLike").replace("[\"alice\"]", "[\"alice#*\"]");
        assertThat(decide(like, Request.of("dynamodb:Query", TABLE).withLeadingKeys("alice#2024"))).isEqualTo(ALLOW);
        assertThat(decide(like, Request.of("dynamodb:Query", TABLE).withLeadingKeys("bob#2024"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void setQualifiersOverAbsentKeys() {
        Request bare = Request.of("dynamodb:GetItem", TABLE);
        assertThat(holds("ForAllValues:StringEquals", Condition.LEADING_KEYS, bare)).as("ForAllValues over nothing").isTrue();
        assertThat(holds("ForAnyValue:StringEquals", Condition.LEADING_KEYS, bare)).as("ForAnyValue over nothing").isFalse();
        assertThat(holds("StringEquals", Condition.LEADING_KEYS, bare)).isFalse();
        assertThat(holds("StringLike", Condition.LEADING_KEYS, bare)).isFalse();
        assertThat(holds("StringNotEquals", Condition.LEADING_KEYS, bare)).as("a negated operator on an absent key").isTrue();
        assertThat(holds("StringNotLike", Condition.LEADING_KEYS, bare)).isTrue();
        assertThat(holds("StringEqualsIfExists", Condition.LEADING_KEYS, bare)).isTrue();
        assertThat(holds("StringEquals", "aws:SourceIp", bare)).as("keys keystorm does not know are absent").isFalse();
        assertThat(holds("StringEquals", "DynamoDB:leadingkeys", bare.withLeadingKeys("alice"))).as("key names ignore case").isTrue();
    }

    @Test
    void setQualifiersOverValues() {
        Request two = Request.of("dynamodb:BatchGetItem", TABLE).withLeadingKeys("alice", "carol");
        assertThat(holds("ForAllValues:StringEquals", Condition.LEADING_KEYS, two)).isFalse();
        assertThat(holds("ForAnyValue:StringEquals", Condition.LEADING_KEYS, two)).isTrue();
        assertThat(holds("StringEquals", Condition.LEADING_KEYS, two)).as("plain positive: every value").isFalse();
        assertThat(holds("StringNotEquals", Condition.LEADING_KEYS, two)).as("plain negated: the exact negation").isTrue();
        assertThat(holds("ForAllValues:StringNotEquals", Condition.LEADING_KEYS, two)).isFalse();
        assertThat(holds("ForAnyValue:StringNotEquals", Condition.LEADING_KEYS, two)).isTrue();
        Request one = two.withLeadingKeys("alice");
        assertThat(holds("StringEquals", Condition.LEADING_KEYS, one)).isTrue();
        assertThat(holds("StringNotEquals", Condition.LEADING_KEYS, one)).isFalse();
        assertThat(holds("ForAllValues:StringNotEquals", Condition.LEADING_KEYS, one)).isFalse();
        assertThat(holds("ForAllValues:StringNotEquals", Condition.LEADING_KEYS, one.withLeadingKeys("dave"))).isTrue();
    }

    /** The condition {op: {key: ["alice", "bob"]}} on the request. */
    static boolean holds(String operator, String key, Request request) {
        return Condition.of(operator, key, List.of("alice", "bob")).holds(request);
    }

    /** The IAM User Guide's "Allows access to specific attributes" example. */
    static final String COLUMNS = """
            {"Version":"2012-10-17","Statement":[{"Effect":"Allow",
              "Action":["dynamodb:GetItem","dynamodb:Query","dynamodb:PutItem","dynamodb:UpdateItem"],
              "Resource":["arn:aws:dynamodb:*:*:table/Books"],
              "Condition":{"ForAllValues:StringEquals":{"dynamodb:Attributes":["Id","Title","Author"]},
                           "StringEqualsIfExists":{"dynamodb:Select":"SPECIFIC_ATTRIBUTES"}}}]}""";

    @Test
    void attributesWithForAllValues() {
        Request get = Request.of("dynamodb:GetItem", TABLE);
        assertThat(decide(COLUMNS, get.withAttributes(Request.Attributes.of("Id", "Title")).withSelect("SPECIFIC_ATTRIBUTES"))).isEqualTo(ALLOW);
        assertThat(decide(COLUMNS, get.withAttributes(Request.Attributes.of("Id", "Price")).withSelect("SPECIFIC_ATTRIBUTES"))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(COLUMNS, get.withAttributes(Request.Attributes.ALL)))
                .as("no projection asks for every attribute, which the list does not cover").isEqualTo(IMPLICIT_DENY);
        assertThat(decide(COLUMNS, get.withAttributes(Request.Attributes.of("Id")).withSelect("ALL_ATTRIBUTES"))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(COLUMNS, get.withAttributes(Request.Attributes.of("Title")))).as("Select absent: IfExists").isEqualTo(ALLOW);
    }

    @Test
    void allAttributesIsTheUniversalSet() {
        Request all = Request.of("dynamodb:GetItem", TABLE).withAttributes(Request.Attributes.ALL);
        assertThat(Condition.of("ForAllValues:StringEquals", Condition.ATTRIBUTES, List.of("a")).holds(all)).isFalse();
        assertThat(Condition.of("ForAllValues:StringLike", Condition.ATTRIBUTES, List.of("a*")).holds(all)).isFalse();
        assertThat(Condition.of("ForAllValues:StringLike", Condition.ATTRIBUTES, List.of("a", "*")).holds(all)).isTrue();
        assertThat(Condition.of("ForAnyValue:StringEquals", Condition.ATTRIBUTES, List.of("Secret")).holds(all))
                .as("a deny on touching Secret catches a request for everything").isTrue();
        assertThat(Condition.of("ForAnyValue:StringNotLike", Condition.ATTRIBUTES, List.of("*")).holds(all)).isFalse();
        assertThat(Condition.of("ForAllValues:StringNotEquals", Condition.ATTRIBUTES, List.of("Secret")).holds(all)).isFalse();
        assertThat(Condition.of("ForAllValues:StringEquals", Condition.ATTRIBUTES, List.of("a"))
                .holds(all.withAttributes(Request.Attributes.NONE))).as("no attributes named: absent").isTrue();
    }

    @Test
    void selectOnAnIndex() {
        String p = """
                {"Statement":{"Effect":"Allow","Action":"dynamodb:Query","Resource":"%s/index/*",
                  "Condition":{"StringEquals":{"dynamodb:Select":["ALL_PROJECTED_ATTRIBUTES","COUNT"]}}}}""".formatted(TABLE);
        Request query = Request.of("dynamodb:Query", INDEX);
        assertThat(decide(p, query.withSelect("ALL_PROJECTED_ATTRIBUTES"))).isEqualTo(ALLOW);
        assertThat(decide(p, query.withSelect("COUNT"))).isEqualTo(ALLOW);
        assertThat(decide(p, query.withSelect("ALL_ATTRIBUTES"))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(p, query)).as("Select absent: StringEquals is false").isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void conditionsAreAndedAcrossKeysAndOperators() {
        String p = """
                {"Statement":{"Effect":"Allow","Action":"dynamodb:Query","Resource":"*",
                  "Condition":{"ForAllValues:StringEquals":{"dynamodb:LeadingKeys":"alice","dynamodb:Attributes":["a","b"]},
                               "StringEquals":{"dynamodb:Select":"SPECIFIC_ATTRIBUTES"}}}}""";
        Request ok = Request.of("dynamodb:Query", TABLE).withLeadingKeys("alice").withAttributes(Request.Attributes.of("a")).withSelect("SPECIFIC_ATTRIBUTES");
        assertThat(decide(p, ok)).isEqualTo(ALLOW);
        assertThat(decide(p, ok.withLeadingKeys("bob"))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(p, ok.withAttributes(Request.Attributes.of("c")))).isEqualTo(IMPLICIT_DENY);
        assertThat(decide(p, ok.withSelect("ALL_ATTRIBUTES"))).isEqualTo(IMPLICIT_DENY);
    }

    @Test
    void malformedDocumentsAreNamed() {
        String good = "{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}";
        refused("{\"Statement\":[" + good + "," + good + ",{\"Effect\":\"allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}]}",
                "Statement[2].Effect: expected Allow or Deny, not 'allow'");
        refused("{\"Statement\":{\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\"}}", "Statement[0].Effect: missing");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Resource\":\"*\"}}", "Statement[0].Action: missing (expected Action or NotAction)");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"x\",\"NotAction\":\"y\",\"Resource\":\"*\"}}",
                "Statement[0].Action: both Action and NotAction given");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"GetItem\",\"Resource\":\"*\"}}",
                "Statement[0].Action: expected service:action (e.g. dynamodb:GetItem) or *, not 'GetItem'");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[],\"Resource\":\"*\"}}",
                "Statement[0].Action: expected a string or a non-empty list of strings, not []");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":[\"dynamodb:GetItem\",3],\"Resource\":\"*\"}}",
                "Statement[0].Action[1]: expected a string, not 3");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\"}}", "Statement[0].Resource: missing (expected Resource or NotResource)");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"table/Books\"}}",
                "Statement[0].Resource: expected an ARN (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME) or *, not 'table/Books'");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Principal\":\"*\"}}",
                "Statement[0].Principal: not allowed in an identity-based policy");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Condtion\":{}}}",
                "Statement[0]: unknown field 'Condtion' (expected one of Sid, Effect, Action, NotAction, Resource, NotResource, Condition)");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Condition\":{\"NumericEquals\":{\"k\":\"1\"}}}}",
                "Statement[0].Condition.NumericEquals: unsupported condition operator 'NumericEquals'");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"dynamodb:Select\":[]}}}}",
                "Statement[0].Condition.StringEquals.dynamodb:Select: expected a value or a non-empty list");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"dynamodb:Select\":{\"a\":1}}}}}",
                "Statement[0].Condition.StringEquals.dynamodb:Select: expected a string, not {\"a\":1}");
        refused("{\"Statement\":{\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":\"x\"}}}",
                "Statement[0].Condition.StringEquals: expected a non-empty object {key: value or list}");
        refused("{\"Statement\":[" + good + ",\"x\"]}", "Statement[1]: expected an object, not string");
        refused("{\"Version\":\"2012-10-18\",\"Statement\":[]}", "Version: expected 2012-10-17 or 2008-10-17, not \"2012-10-18\"");
        refused("{\"Version\":\"2012-10-17\"}", "Statement: missing");
        refused("{\"Statements\":[]}", "policy: unknown field 'Statements' (expected Version, Id, Statement)");
        refused("[1]", "policy: expected a JSON object");
        refused("{\"Statement\":", "policy: not JSON");
        refused("", "policy: empty document");
    }

    static void refused(String json, String message) {
        assertThatThrownBy(() -> Policy.parse(json)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void parsesTheWholeGrammar() {
        Policy p = Policy.parse("""
                {"Version":"2012-10-17","Id":"x","Statement":{"Sid":"S","Effect":"Deny","NotAction":["dynamodb:Get*"],
                 "NotResource":"arn:aws:dynamodb:*:*:table/Public","Condition":{"ForAnyValue:StringNotLike":{"dynamodb:Attributes":["a*",true]}}}}""");
        assertThat(p.version()).contains("2012-10-17");
        Statement s = p.statements().getFirst();
        assertThat(s.effect()).isEqualTo(Statement.Effect.DENY);
        assertThat(s.notAction()).isTrue();
        assertThat(s.notResource()).isTrue();
        Condition c = s.conditions().getFirst();
        assertThat(c.qualifier()).isEqualTo(Condition.Qualifier.FOR_ANY_VALUE);
        assertThat(c.operator()).isEqualTo(Condition.Operator.STRING_NOT_LIKE);
        assertThat(c.values()).containsExactly("a*", "true");
        assertThat(Decision.evaluate(List.of(p), Request.of("dynamodb:PutItem", TABLE).withAttributes(Request.Attributes.of("b"))).outcome())
                .as("not Get*, not the public table, an attribute outside a*").isEqualTo(EXPLICIT_DENY);
        assertThat(Decision.evaluate(List.of(p), Request.of("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:1:table/Public")
                .withAttributes(Request.Attributes.of("b"))).outcome()).isEqualTo(IMPLICIT_DENY);
    }
}
