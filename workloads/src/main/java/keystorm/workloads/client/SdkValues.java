package keystorm.workloads.client;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import software.amazon.awssdk.core.SdkBytes;

/**
 * AttributeValue between the engine's sealed family and the AWS SDK's, both ways, for all ten
 * types. Numbers cross as DynamoDB's text (the engine's canonical plain form going out, parsed
 * with the engine's own rules coming back), so a number the service accepted and the engine would
 * not is an error here, not a silent rounding. Sets keep their order; binaries are copied.
 */
final class SdkValues {
    private SdkValues() {
    }

    static software.amazon.awssdk.services.dynamodb.model.AttributeValue toSdk(AttributeValue value) {
        return switch (value) {
            case AttributeValue.S s -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromS(s.value());
            case AttributeValue.N n -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromN(n.value().toString());
            case AttributeValue.B b -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromB(bytes(b.value()));
            case AttributeValue.SS ss -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromSs(List.copyOf(ss.values()));
            case AttributeValue.NS ns -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNs(
                    ns.values().stream().map(Num::toString).toList());
            case AttributeValue.BS bs -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBs(
                    bs.values().stream().map(SdkValues::bytes).toList());
            case AttributeValue.M m -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromM(toSdk(m.values()));
            case AttributeValue.L l -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromL(
                    l.values().stream().map(SdkValues::toSdk).toList());
            case AttributeValue.Bool bool -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromBool(bool.value());
            case AttributeValue.Null ignored -> software.amazon.awssdk.services.dynamodb.model.AttributeValue.fromNul(true);
        };
    }

    /**
     * @throws IllegalStateException for a value of a type this SDK does not know (a newer
     *     service's): the store answered something keystorm cannot judge
     */
    static AttributeValue fromSdk(software.amazon.awssdk.services.dynamodb.model.AttributeValue value) {
        return switch (value.type()) {
            case S -> AttributeValue.s(value.s());
            case N -> AttributeValue.n(value.n());
            case B -> new AttributeValue.B(Bytes.copyOf(value.b().asByteArrayUnsafe()));
            case SS -> new AttributeValue.SS(new LinkedHashSet<>(value.ss()));
            case NS -> {
                Set<Num> numbers = new LinkedHashSet<>();
                value.ns().forEach(text -> numbers.add(Num.parse(text)));
                yield new AttributeValue.NS(numbers);
            }
            case BS -> {
                Set<Bytes> binaries = new LinkedHashSet<>();
                value.bs().forEach(b -> binaries.add(Bytes.copyOf(b.asByteArrayUnsafe())));
                yield new AttributeValue.BS(binaries);
            }
            case M -> AttributeValue.m(fromSdk(value.m()));
            case L -> AttributeValue.l(value.l().stream().map(SdkValues::fromSdk).toList());
            case BOOL -> AttributeValue.bool(value.bool());
            case NUL -> AttributeValue.NULL;
            case UNKNOWN_TO_SDK_VERSION -> throw new IllegalStateException(
                    "the store returned an attribute value of a type this SDK does not know: " + value);
        };
    }

    /** Null stays null: a request field not given. */
    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(
            Map<String, AttributeValue> values) {
        if (values == null) {
            return null;
        }
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, toSdk(value)));
        return out;
    }

    static Map<String, AttributeValue> fromSdk(Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        values.forEach((name, value) -> out.put(name, fromSdk(value)));
        return out;
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> toSdk(Item item) {
        return item == null ? null : toSdk(item.attributes());
    }

    /** The item of a response, or null when the response has none ({@code present} false). */
    static Item item(boolean present, Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> values) {
        return present ? Item.of(fromSdk(values)) : null;
    }

    private static SdkBytes bytes(Bytes value) {
        return SdkBytes.fromByteArrayUnsafe(value.toByteArray()); // toByteArray already copies
    }
}
