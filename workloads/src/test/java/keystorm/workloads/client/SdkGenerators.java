package keystorm.workloads.client;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.ExpressionInput;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;

/**
 * Arbitraries of the engine's values for the translation properties: every AttributeValue type,
 * nested up to three levels, numbers over DynamoDB's whole precision and a wide range of scales.
 * {@code wire} restricts strings to what survives UTF-8 (no lone surrogates), for values that
 * travel over HTTP.
 */
final class SdkGenerators {
    private static final BigInteger DIGITS_38 = BigInteger.TEN.pow(38).subtract(BigInteger.ONE);

    private SdkGenerators() {
    }

    static Arbitrary<String> strings(boolean wire) {
        return wire ? Arbitraries.strings().alpha().numeric().withChars(" é✓€\n\"\\{}").ofMaxLength(8)
                : Arbitraries.strings().ofMaxLength(8);
    }

    static Arbitrary<Num> numbers() {
        return Combinators.combine(Arbitraries.bigIntegers().between(DIGITS_38.negate(), DIGITS_38),
                        Arbitraries.integers().between(-80, 80))
                .as((unscaled, scale) -> Num.of(new BigDecimal(unscaled, scale)));
    }

    static Arbitrary<Bytes> bytes() {
        return Arbitraries.bytes().array(byte[].class).ofMaxSize(8).map(Bytes::copyOf);
    }

    static Arbitrary<AttributeValue> scalars(boolean wire) {
        Arbitrary<Set<String>> stringSets = strings(wire).set().ofMinSize(1).ofMaxSize(4);
        return Arbitraries.oneOf(
                strings(wire).map(AttributeValue::s),
                numbers().map(AttributeValue.N::new),
                bytes().map(AttributeValue.B::new),
                stringSets.map(AttributeValue.SS::new),
                numbers().set().ofMinSize(1).ofMaxSize(4).map(AttributeValue.NS::new),
                bytes().set().ofMinSize(1).ofMaxSize(4).map(AttributeValue.BS::new),
                Arbitraries.of(AttributeValue.TRUE, AttributeValue.FALSE),
                Arbitraries.just(AttributeValue.NULL));
    }

    static Arbitrary<AttributeValue> values(boolean wire) {
        return Arbitraries.recursive(() -> scalars(wire), inner -> Arbitraries.oneOf(
                scalars(wire),
                Arbitraries.maps(strings(wire), inner).ofMaxSize(3).map(AttributeValue::m),
                inner.list().ofMaxSize(3).map(AttributeValue::l)), 0, 3);
    }

    static Arbitrary<String> names() {
        return Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(6);
    }

    static Arbitrary<Item> items(boolean wire) {
        return Arbitraries.maps(names(), values(wire)).ofMinSize(1).ofMaxSize(5).map(Item::of);
    }

    static Arbitrary<Map<String, AttributeValue>> keys() {
        Arbitrary<AttributeValue> keyValues = Arbitraries.oneOf(
                strings(true).filter(s -> !s.isEmpty()).map(AttributeValue::s),
                numbers().map(AttributeValue.N::new),
                bytes().filter(b -> b.length() > 0).map(AttributeValue.B::new));
        return Arbitraries.maps(names(), keyValues).ofMinSize(1).ofMaxSize(2);
    }

    static Arbitrary<String> tables() {
        return Arbitraries.strings().withChars("abcXYZ09_.-").ofMinLength(3).ofMaxLength(10);
    }

    /** Null, or text: expressions are opaque to the translation. */
    static Arbitrary<String> expressions() {
        return Arbitraries.strings().alpha().withChars(" #:=<>(),.[]").ofMinLength(1).ofMaxLength(20).injectNull(0.3);
    }

    /** Either map may be absent (null) or given, possibly empty (DynamoDB refuses that; it must still cross). */
    static Arbitrary<ExpressionInput> expressionInputs() {
        Arbitrary<Map<String, String>> names = Arbitraries.maps(names().map(n -> "#" + n), names()).ofMaxSize(3)
                .injectNull(0.3);
        Arbitrary<Map<String, AttributeValue>> values = Arbitraries.maps(names().map(n -> ":" + n), values(false))
                .ofMaxSize(3).injectNull(0.3);
        return Combinators.combine(names, values).as(ExpressionInput::new);
    }

    static <E extends Enum<E>> Arbitrary<E> enumsOrNull(Class<E> type) {
        return Arbitraries.of(type).injectNull(0.3);
    }

    static Arbitrary<List<AttributeValue>> valueLists() {
        return values(false).list().ofMaxSize(4);
    }
}
