package keystorm.engine.item;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * A DynamoDB number: up to 38 significant digits, magnitude 1E-130 to 9.9999999999999999999999999999999999999E+125,
 * or zero. Held normalised (no trailing zeros, {@code -0} as {@code 0}) so that equal numbers
 * are equal values and print as DynamoDB prints them ({@code 0001.500} as {@code 1.5},
 * {@code 1E3} as {@code 1000}).
 *
 * <p>Arithmetic is exact: a result that needs more than 38 significant digits, or falls outside
 * the range, is a ValidationException, as in DynamoDB ("Number overflow. Attempting to store a
 * number with magnitude larger than supported range").
 */
public final class Num implements Comparable<Num> {
    public static final int MAX_PRECISION = 38;
    private static final BigDecimal MAX_MAGNITUDE = new BigDecimal("9.9999999999999999999999999999999999999E+125");
    private static final BigDecimal MIN_MAGNITUDE = new BigDecimal("1E-130");

    public static final Num ZERO = new Num(BigDecimal.ZERO);

    private final BigDecimal value;

    private Num(BigDecimal normalised) {
        this.value = normalised;
    }

    /** Parses DynamoDB's number syntax; anything else is a ValidationException. */
    public static Num parse(String text) {
        if (text == null || text.isEmpty() || text.length() > 1000) {
            throw new InvalidValueException("The parameter cannot be converted to a numeric value: " + text);
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E';
            if (!ok) {
                throw new InvalidValueException("The parameter cannot be converted to a numeric value: " + text);
            }
        }
        BigDecimal parsed;
        try {
            parsed = new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            throw new InvalidValueException("The parameter cannot be converted to a numeric value: " + text);
        }
        return of(parsed);
    }

    public static Num of(long value) {
        return of(BigDecimal.valueOf(value));
    }

    /** Checks precision and range, then normalises. */
    public static Num of(BigDecimal value) {
        if (value.signum() == 0) {
            return ZERO;
        }
        BigDecimal stripped = value.stripTrailingZeros();
        BigDecimal magnitude = stripped.abs();
        if (magnitude.compareTo(MAX_MAGNITUDE) > 0) {
            throw new InvalidValueException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (magnitude.compareTo(MIN_MAGNITUDE) < 0) {
            throw new InvalidValueException(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        if (stripped.precision() > MAX_PRECISION) {
            throw new InvalidValueException("Attempting to store more than 38 significant digits in a Number");
        }
        return new Num(stripped);
    }

    public BigDecimal toBigDecimal() {
        return value;
    }

    public Num add(Num other) {
        return result(value.add(other.value, MathContext.UNLIMITED));
    }

    public Num subtract(Num other) {
        return result(value.subtract(other.value, MathContext.UNLIMITED));
    }

    /**
     * An arithmetic result. The service reports one that needs more than 38 digits (1E+50 - 1)
     * as an overflow, not with the message a literal of that precision gets.
     */
    private static Num result(BigDecimal exact) {
        // only a result with more than 38 digits before stripping zeros can have more after
        if (exact.precision() > MAX_PRECISION && exact.signum() != 0
                && exact.stripTrailingZeros().precision() > MAX_PRECISION) {
            throw new InvalidValueException(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        return of(exact);
    }

    public int signum() {
        return value.signum();
    }

    /** Significant digits, as used by DynamoDB's item-size formula. */
    public int precision() {
        return value.precision();
    }

    @Override
    public int compareTo(Num other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Num other && value.compareTo(other.value) == 0;
    }

    @Override
    public int hashCode() {
        return value.hashCode(); // normalised, so equal numbers have equal BigDecimals
    }

    /** The canonical text DynamoDB returns: plain notation, no trailing zeros. */
    @Override
    public String toString() {
        return value.toPlainString();
    }
}
