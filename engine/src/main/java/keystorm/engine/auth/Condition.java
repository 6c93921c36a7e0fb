package keystorm.engine.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One test of a statement's Condition block: an operator, a context key and the policy's values, e.g.
 * {@code "ForAllValues:StringEquals": {"dynamodb:LeadingKeys": ["alice"]}}. A statement applies only if all its
 * conditions hold; within one condition the policy's values are alternatives (IAM User Guide, "Condition element",
 * multiple values: OR within a key, AND across keys and operators).
 *
 * <p>Semantics, after the IAM User Guide ("Condition operators", "Set operators for multivalued context keys"):
 * <ul>
 * <li>A key absent from the context: a plain positive operator (StringEquals, StringLike) is false, a negated one
 *     (StringNotEquals, StringNotLike) true; {@code ForAllValues:} anything is true, {@code ForAnyValue:} anything
 *     false; {@code ...IfExists} is true. Keys other than LeadingKeys, Attributes and Select are never in the
 *     context here (keystorm has no aws:* keys), so they count as absent.
 * <li>{@code ForAllValues:} every context value matches at least one policy value; {@code ForAnyValue:} at least one
 *     does. With a negated operator the per-value test is "matches none of the policy values".
 * <li>A plain operator over a key with several values (IAM leaves this to policy authors to avoid): the positive
 *     form needs every value to match, the negated form is its exact negation, so an Allow never grants more and a
 *     Deny never denies less than a qualified operator would.
 * <li>{@code dynamodb:Attributes} of a request without a projection is the set of all names: ForAllValues:StringEquals
 *     over it is false (no finite list covers every name), ForAnyValue is true, a StringLike value of {@code *} covers it.
 * </ul>
 * Key names are case-insensitive, values case-sensitive, as IAM has them.
 */
public record Condition(String operatorName, Qualifier qualifier, Operator operator, boolean ifExists, String key,
        List<String> values) {
    public enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    public enum Operator {
        STRING_EQUALS("StringEquals", false, false),
        STRING_NOT_EQUALS("StringNotEquals", false, true),
        STRING_LIKE("StringLike", true, false),
        STRING_NOT_LIKE("StringNotLike", true, true);

        final String text;
        final boolean wildcards;
        final boolean negated;

        Operator(String text, boolean wildcards, boolean negated) {
            this.text = text;
            this.wildcards = wildcards;
            this.negated = negated;
        }
    }

    public static final String LEADING_KEYS = "dynamodb:LeadingKeys";
    public static final String ATTRIBUTES = "dynamodb:Attributes";
    public static final String SELECT = "dynamodb:Select";

    public Condition {
        values = List.copyOf(values);
        if (values.isEmpty()) {
            throw new IllegalArgumentException(operatorName + "." + key + ": expected at least one value");
        }
    }

    /**
     * Parses an operator name: {@code [ForAllValues:|ForAnyValue:]StringEquals|StringNotEquals|StringLike|StringNotLike
     * [IfExists]}; names are case-sensitive as IAM writes them.
     */
    public static Condition of(String operatorName, String key, List<String> values) {
        String rest = operatorName;
        Qualifier qualifier = Qualifier.NONE;
        if (rest.startsWith("ForAllValues:")) {
            qualifier = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.startsWith("ForAnyValue:")) {
            qualifier = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = rest.endsWith("IfExists");
        if (ifExists) {
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        for (Operator operator : Operator.values()) {
            if (operator.text.equals(rest)) {
                return new Condition(operatorName, qualifier, operator, ifExists, key, values);
            }
        }
        throw new IllegalArgumentException("unsupported condition operator '" + operatorName
                + "' (expected [ForAllValues:|ForAnyValue:]StringEquals, StringNotEquals, StringLike or StringNotLike, optionally ...IfExists)");
    }

    /** Whether this condition holds for the request's context. */
    public boolean holds(Request request) {
        Context context = context(request);
        if (context instanceof Context.Absent) {
            if (ifExists || qualifier == Qualifier.FOR_ALL_VALUES) {
                return true;
            }
            return qualifier == Qualifier.NONE && operator.negated;
        }
        return switch (qualifier) {
            case FOR_ALL_VALUES -> forAll(context);
            case FOR_ANY_VALUE -> forAny(context);
            case NONE -> operator.negated ? !positive().forAll(context) : forAll(context);
        };
    }

    /** The per-value test: the value matches one of the policy's values, or (negated) matches none. */
    private boolean test(String value) {
        boolean matched = values.stream().anyMatch(v -> operator.wildcards ? Wildcard.matches(v, value) : v.equals(value));
        return matched != operator.negated;
    }

    private boolean forAll(Context context) {
        return switch (context) {
            case Context.Values v -> v.values.stream().allMatch(this::test);
            // every string matches iff (positive) one pattern is all stars; (negated) never, as each value matches something
            case Context.Universal u -> !operator.negated && operator.wildcards && values.stream().anyMatch(Wildcard::matchesEverything);
            case Context.Absent a -> true;
        };
    }

    private boolean forAny(Context context) {
        return switch (context) {
            case Context.Values v -> v.values.stream().anyMatch(this::test);
            // some string matches any given value; some string escapes all values unless one pattern is all stars
            case Context.Universal u -> !operator.negated || !(operator.wildcards && values.stream().anyMatch(Wildcard::matchesEverything));
            case Context.Absent a -> false;
        };
    }

    /** A plain negated operator is the exact negation of its positive form (StringNotLike of StringLike ...). */
    private Condition positive() {
        Operator positive = operator.wildcards ? Operator.STRING_LIKE : Operator.STRING_EQUALS;
        return new Condition(operatorName, qualifier, positive, ifExists, key, values);
    }

    sealed interface Context {
        record Absent() implements Context {}
        record Values(Set<String> values) implements Context {}
        record Universal() implements Context {}
    }

    private Context context(Request request) {
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "dynamodb:leadingkeys" -> request.leadingKeys().isEmpty() ? new Context.Absent() : new Context.Values(request.leadingKeys());
            case "dynamodb:attributes" -> switch (request.attributes()) {
                case Request.Attributes.All all -> new Context.Universal();
                case Request.Attributes.Named named -> named.names().isEmpty() ? new Context.Absent() : new Context.Values(named.names());
            };
            case "dynamodb:select" -> request.select().<Context>map(s -> new Context.Values(Set.of(s))).orElse(new Context.Absent());
            default -> new Context.Absent();
        };
    }
}
