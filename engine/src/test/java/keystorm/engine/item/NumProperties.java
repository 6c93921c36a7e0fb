package keystorm.engine.item;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** DynamoDB numbers against BigDecimal: exact where DynamoDB is exact, rejected where it rejects. */
class NumProperties {
    static final BigDecimal MAX = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    static final BigDecimal MIN = new BigDecimal("1E-130");

    @Provide
    Arbitrary<BigDecimal> numbers() {
        Arbitrary<BigInteger> unscaled = Arbitraries.bigIntegers()
                .between(new BigInteger("-" + "9".repeat(40)), new BigInteger("9".repeat(40)));
        Arbitrary<Integer> scale = Arbitraries.oneOf(Arbitraries.integers().between(-5, 10),
                Arbitraries.integers().between(-140, 160));
        return Combinators.combine(unscaled, scale).as(BigDecimal::new);
    }

    static boolean representable(BigDecimal value) {
        if (value.signum() == 0) {
            return true;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        return stripped.precision() <= 38 && stripped.abs().compareTo(MAX) <= 0 && stripped.abs().compareTo(MIN) >= 0;
    }

    @Property(tries = 1000)
    void parsingAcceptsExactlyTheRepresentableNumbers(@ForAll("numbers") BigDecimal value) {
        if (representable(value)) {
            Num num = Num.parse(value.toString());
            assertThat(num.toBigDecimal()).isEqualByComparingTo(value);
            assertThat(Num.parse(num.toString())).isEqualTo(num); // canonical text round-trips
        } else {
            assertThatThrownBy(() -> Num.parse(value.toString())).isInstanceOf(InvalidValueException.class);
        }
    }

    @Property(tries = 1000)
    void additionAndSubtractionAreExactOrRejected(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        if (!representable(a) || !representable(b)) {
            return;
        }
        Num x = Num.of(a);
        Num y = Num.of(b);
        BigDecimal sum = a.add(b, MathContext.UNLIMITED);
        if (representable(sum)) {
            assertThat(x.add(y).toBigDecimal()).isEqualByComparingTo(sum);
        } else {
            assertThatThrownBy(() -> x.add(y)).isInstanceOf(InvalidValueException.class);
        }
        BigDecimal difference = a.subtract(b, MathContext.UNLIMITED);
        if (representable(difference)) {
            assertThat(x.subtract(y).toBigDecimal()).isEqualByComparingTo(difference);
        } else {
            assertThatThrownBy(() -> x.subtract(y)).isInstanceOf(InvalidValueException.class);
        }
    }

    @Property(tries = 1000)
    void orderAndEqualityFollowNumericValue(@ForAll("numbers") BigDecimal a, @ForAll("numbers") BigDecimal b) {
        if (!representable(a) || !representable(b)) {
            return;
        }
        Num x = Num.of(a);
        Num y = Num.of(b);
        assertThat(Integer.signum(x.compareTo(y))).isEqualTo(Integer.signum(a.compareTo(b)));
        assertThat(x.equals(y)).isEqualTo(a.compareTo(b) == 0);
        if (x.equals(y)) {
            assertThat(x.hashCode()).isEqualTo(y.hashCode());
        }
    }

    @Property(tries = 200)
    void normalisedOutput(@ForAll("numbers") BigDecimal value) {
        if (!representable(value)) {
            return;
        }
        String text = Num.of(value).toString();
        assertThat(text).doesNotContain("E").doesNotStartWith("+");
        if (text.contains(".")) {
            assertThat(text).doesNotEndWith("0");
        }
    }
}
