package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import keystorm.engine.auth.SigV4Verifier.Ok;
import keystorm.engine.auth.SigV4Verifier.Refused;
import keystorm.engine.auth.SigV4Verifier.Result;
import keystorm.engine.auth.SigV4VerifierTest.Wire;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.constraints.IntRange;

/** Requests signed by the AWS SDK always verify; any single-byte change to the body is refused. */
class SigV4VerifierProperties {

    record Signable(String target, byte[] body, Map<String, String> extraHeaders, String query, long skewSeconds) {
        @Override
        public String toString() {
            return "Signable[target=" + target + ", body=" + new String(body, StandardCharsets.UTF_8)
                    + ", extraHeaders=" + extraHeaders + ", query=" + query + ", skewSeconds=" + skewSeconds + "]";
        }
    }

    static final String[] OPERATIONS = {"GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems", "DescribeTable"};

    @Provide
    Arbitrary<Signable> signables() {
        Arbitrary<String> target = Arbitraries.of(OPERATIONS).map(op -> "DynamoDB_20120810." + op);
        Arbitrary<String> table = Arbitraries.strings().withCharRange('a', 'z').withChars('-', '_', '.')
                .ofMinLength(3).ofMaxLength(20);
        // key strings over all of Unicode (escaped JSON aside), so bodies carry multi-byte UTF-8
        Arbitrary<String> key = Arbitraries.strings().all().excludeChars('"', '\\').ofMaxLength(40)
                .filter(s -> s.codePoints().noneMatch(Character::isISOControl) && !hasLoneSurrogate(s));
        Arbitrary<byte[]> body = Combinators.combine(table, key, Arbitraries.integers().between(0, 3))
                .as((t, k, extra) -> {
                    StringBuilder sb = new StringBuilder("{\"TableName\":\"" + t + "\",\"Key\":{\"pk\":{\"S\":\""
                            + k + "\"}}");
                    for (int i = 0; i < extra; i++) sb.append(",\"X").append(i).append("\":").append(i);
                    return sb.append('}').toString().getBytes(StandardCharsets.UTF_8);
                });
        // header values with runs of spaces inside and around, which canonicalization trims and collapses
        Arbitrary<String> headerValue = Arbitraries.strings().withCharRange('!', '~').withChars(' ', ' ', ' ')
                .ofMinLength(1).ofMaxLength(30).filter(s -> !s.isBlank());
        Arbitrary<Map<String, String>> extra = Arbitraries.maps(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8).map(s -> "x-k-" + s),
                headerValue).ofMaxSize(3).map(LinkedHashMap::new);
        Arbitrary<String> query = Arbitraries.oneOf(Arbitraries.just((String) null),
                Arbitraries.strings().withCharRange('a', 'c').ofMinLength(1).ofMaxLength(2)
                        .flatMap(name -> Arbitraries.strings().withCharRange('0', '9')
                                .withChars('x', '-', ' ', '+', '/', '%', '~', '*', '\u00e9', '\u4e2d', '?')
                                .ofMaxLength(6).map(v -> name + "=" + v))
                        .list().ofMinSize(1).ofMaxSize(4).map(l -> String.join("&", l)));
        Arbitrary<Long> skew = Arbitraries.longs().between(-14 * 60, 14 * 60);
        return Combinators.combine(target, body, extra, query, skew).as(Signable::new);
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c)) {
                if (i + 1 >= s.length() || !Character.isLowSurrogate(s.charAt(i + 1))) return true;
                i++;
            } else if (Character.isLowSurrogate(c)) {
                return true;
            }
        }
        return false;
    }

    static Wire sign(Signable s) {
        return SigV4VerifierTest.sdkSigned(s.target(), s.body(), s.extraHeaders(), SigV4VerifierTest.SECRET,
                SigV4VerifierTest.SIGNED_AT.plus(Duration.ofSeconds(s.skewSeconds())), s.query());
    }

    @Property(tries = 300)
    void sdkSignedRequestsVerify(@ForAll("signables") Signable s) {
        Statistics.label("query").collect(s.query() != null);
        Statistics.label("extra headers").collect(s.extraHeaders().size());
        Result result = sign(s).verifyWith(SigV4VerifierTest.VERIFIER);
        assertThat(result).isEqualTo(new Ok(SigV4VerifierTest.KEY, "us-east-1", "dynamodb"));
    }

    @Property(tries = 300)
    void anySingleByteChangeToTheBodyIsRefused(@ForAll("signables") Signable s,
            @ForAll @IntRange(min = 0, max = 10_000) int position, @ForAll @IntRange(min = 1, max = 255) int delta) {
        Wire wire = sign(s);
        byte[] changed = wire.body().clone();
        int at = position % changed.length;
        changed[at] = (byte) (changed[at] + delta);
        Result result = wire.withBody(changed).verifyWith(SigV4VerifierTest.VERIFIER);
        assertThat(result).isInstanceOf(Refused.class);
        assertThat(((Refused) result).errorType()).isEqualTo("InvalidSignatureException");
    }

    @Property(tries = 200)
    void aChangedSignedHeaderValueIsRefused(@ForAll("signables") Signable s, @ForAll("suffixes") String suffix) {
        Wire wire = sign(s);
        String target = wire.header("X-Amz-Target");
        Result result = wire.withHeader("X-Amz-Target", target + suffix).verifyWith(SigV4VerifierTest.VERIFIER);
        assertThat(result).isEqualTo(new Refused("InvalidSignatureException", SigV4Verifier.SIGNATURE_MISMATCH));
    }

    @Provide
    Arbitrary<String> suffixes() {
        return Arbitraries.strings().withCharRange('!', '~').ofMinLength(1).ofMaxLength(5);
    }
}
