package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The hand-written matcher agrees with a regex translation of the same pattern. */
class WildcardProperties {
    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.strings().withChars('a', 'b', 'A', '.', '*', '?', ':', '/').ofMaxLength(10);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.strings().withChars('a', 'b', 'A', 'B', '.', '*', '?', ':', '/', '\n').ofMaxLength(12);
    }

    static Pattern regex(String wildcard, boolean ignoreCase) {
        StringBuilder out = new StringBuilder();
        for (char c : wildcard.toCharArray()) {
            out.append(switch (c) {
                case '*' -> ".*";
                case '?' -> ".";
                default -> Pattern.quote(String.valueOf(c));
            });
        }
        return Pattern.compile(out.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE : 0));
    }

    @Property(tries = 2000)
    void agreesWithRegex(@ForAll("patterns") String pattern, @ForAll("texts") String text) {
        assertThat(Wildcard.matches(pattern, text)).as("%s ~ %s", pattern, text).isEqualTo(regex(pattern, false).matcher(text).matches());
        assertThat(Wildcard.matchesIgnoreCase(pattern, text)).as("%s ~i %s", pattern, text)
                .isEqualTo(regex(pattern, true).matcher(text).matches());
    }

    /** Texts built to match: the pattern with each * replaced by some run and each ? by one character. */
    @Property(tries = 500)
    void aPatternMatchesItsInstances(@ForAll("patterns") String pattern, @ForAll("texts") String filler) {
        StringBuilder text = new StringBuilder();
        int at = 0;
        for (char c : pattern.toCharArray()) {
            if (c == '*') {
                text.append(filler, 0, at % (filler.length() + 1));
                at += 3;
            } else if (c == '?') {
                text.append(filler.isEmpty() ? 'x' : filler.charAt(at++ % filler.length()));
            } else {
                text.append(c);
            }
        }
        assertThat(Wildcard.matches(pattern, text.toString())).as("%s ~ %s", pattern, text).isTrue();
        assertThat(regex(pattern, false).matcher(text).matches()).isTrue();
    }

    @Example
    void matchesEverythingIsStarsOnly() {
        assertThat(Wildcard.matchesEverything("*")).isTrue();
        assertThat(Wildcard.matchesEverything("**")).isTrue();
        assertThat(Wildcard.matchesEverything("")).isFalse();
        assertThat(Wildcard.matchesEverything("*?")).isFalse();
        assertThat(Wildcard.matches("", "")).isTrue();
        assertThat(Wildcard.matches("", "a")).isFalse();
    }
}
