package keystorm.engine.auth;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One authorization question: may this action be done on this resource, with this request context.
 *
 * @param action   e.g. {@code dynamodb:Query}
 * @param resource the table or index ARN, e.g. {@code arn:aws:dynamodb:us-east-1:123456789012:table/Books/index/ByAuthor}
 * @param leadingKeys the partition key values the request touches ({@code dynamodb:LeadingKeys}); empty means the key
 *                 is absent from the context (a Scan, a CreateTable)
 * @param attributes the attribute names it reads or writes ({@code dynamodb:Attributes})
 * @param select   {@code dynamodb:Select} (SPECIFIC_ATTRIBUTES, ALL_ATTRIBUTES, COUNT ...), empty if the request has none
 */
public record Request(String action, String resource, Set<String> leadingKeys, Attributes attributes, Optional<String> select) {
    public Request {
        Objects.requireNonNull(action, "action");
        Objects.requireNonNull(resource, "resource");
        leadingKeys = Set.copyOf(leadingKeys);
        Objects.requireNonNull(attributes, "attributes");
        Objects.requireNonNull(select, "select");
    }

    /** A request with no fine-grained context (no leading keys, no attributes, no Select). */
    public static Request of(String action, String resource) {
        return new Request(action, resource, Set.of(), Attributes.NONE, Optional.empty());
    }

    public Request withLeadingKeys(String... keys) {
        return new Request(action, resource, Set.of(keys), attributes, select);
    }

    public Request withAttributes(Attributes attributes) {
        return new Request(action, resource, leadingKeys, attributes, select);
    }

    public Request withSelect(String select) {
        return new Request(action, resource, leadingKeys, attributes, Optional.of(select));
    }

    /**
     * The value of {@code dynamodb:Attributes}. A request without a ProjectionExpression asks for every attribute,
     * which is not the same as naming none: {@link All} stands for the set of all attribute names, {@link Named} for
     * the names the request lists (an empty {@code Named}: the key is absent from the context).
     */
    public sealed interface Attributes {
        Attributes NONE = new Named(Set.of());
        Attributes ALL = new All();

        static Attributes of(String... names) {
            return new Named(Set.of(names));
        }

        /** Every attribute of the item (no projection). */
        record All() implements Attributes {}

        /** Exactly these attribute names. */
        record Named(Set<String> names) implements Attributes {
            public Named {
                names = Set.copyOf(names);
            }
        }
    }
}
