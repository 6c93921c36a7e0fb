package keystorm.engine.auth;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Verifies AWS Signature Version 4 (header form, {@code AWS4-HMAC-SHA256}) on a DynamoDB-style request, answering
 * with DynamoDB's own error types. Pure: no I/O, the time comes from the given clock.
 *
 * <p>The body is always authenticated: the canonical request carries the SHA-256 of the bytes received, so a request
 * signed with {@code UNSIGNED-PAYLOAD} is refused, and an {@code x-amz-content-sha256} header that disagrees with the
 * body is refused before the signature is checked. Query-string (presigned) signatures and session tokens are not
 * supported and are refused with a message saying so.
 */
public final class SigV4Verifier {

    /** The verdict on one request. */
    public sealed interface Result permits Ok, Refused {}

    /** The signature is valid: the caller, and the scope it signed for. */
    public record Ok(String accessKeyId, String region, String service) implements Result {}

    /** The request is refused; {@code errorType} is DynamoDB's {@code __type} suffix. */
    public record Refused(String errorType, String message) implements Result {}

    public static final String ALGORITHM = "AWS4-HMAC-SHA256";
    public static final Duration MAX_SKEW = Duration.ofMinutes(15);

    static final String MISSING_TOKEN = "MissingAuthenticationTokenException";
    static final String UNRECOGNIZED_CLIENT = "UnrecognizedClientException";
    static final String INVALID_SIGNATURE = "InvalidSignatureException";
    static final String INCOMPLETE_SIGNATURE = "IncompleteSignatureException";

    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for "
            + "details.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid.";

    private static final DateTimeFormatter BASIC = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT)
            .withZone(ZoneOffset.UTC);
    private static final HexFormat HEX = HexFormat.of();

    private final Map<String, String> secrets;
    private final keystorm.engine.time.Clock clock;

    /**
     * @param secretsByAccessKeyId the secret access key of each access key id accepted
     * @param clock                the engine's clock; its {@code epochMillis()} is "now" for the 15-minute window
     */
    public SigV4Verifier(Map<String, String> secretsByAccessKeyId, keystorm.engine.time.Clock clock) {
        this.secrets = Map.copyOf(Objects.requireNonNull(secretsByAccessKeyId, "secretsByAccessKeyId"));
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** The same, reading "now" from a {@link java.time.Clock}. */
    public SigV4Verifier(Map<String, String> secretsByAccessKeyId, java.time.Clock clock) {
        this(secretsByAccessKeyId, adapt(Objects.requireNonNull(clock, "clock")));
    }

    private static keystorm.engine.time.Clock adapt(java.time.Clock clock) {
        return new keystorm.engine.time.Clock() {
            @Override
            public long nanoTime() { // never read by the verifier
                return System.nanoTime();
            }

            @Override
            public long epochMillis() {
                return clock.millis();
            }
        };
    }

    /**
     * @param path     the request target's path as received (still percent-encoded), e.g. {@code /}
     * @param rawQuery the query as received without {@code ?}, or null / empty
     * @param headers  header names in any case; a name may carry several values
     */
    public Result verify(String method, String path, String rawQuery, Map<String, List<String>> headers, byte[] body) {
        Map<String, List<String>> h = lowercase(headers);
        List<String> authorization = h.get("authorization");
        Map<String, String> query = rawQuery == null || rawQuery.isEmpty() ? Map.of() : decodeQuery(rawQuery);
        if (authorization == null || authorization.isEmpty()) {
            if (query.containsKey("X-Amz-Signature") || query.containsKey("X-Amz-Credential")) {
                return new Refused(INCOMPLETE_SIGNATURE,
                        "Query-string (presigned) signatures are not supported; sign with an Authorization header.");
            }
            if (h.containsKey("x-amz-security-token")) {
                return new Refused(UNRECOGNIZED_CLIENT, INVALID_TOKEN);
            }
            return new Refused(MISSING_TOKEN, "Request is missing Authentication Token");
        }
        if (authorization.size() > 1) {
            return new Refused(INCOMPLETE_SIGNATURE, "The request carries more than one Authorization header.");
        }
        String auth = authorization.get(0).strip();

        // Authorization: AWS4-HMAC-SHA256 Credential=AK/20150830/us-east-1/dynamodb/aws4_request,
        //                SignedHeaders=host;x-amz-date, Signature=hex
        int space = auth.indexOf(' ');
        String algorithm = space < 0 ? auth : auth.substring(0, space);
        if (!algorithm.equals(ALGORITHM)) {
            return new Refused(INCOMPLETE_SIGNATURE, "Unsupported AWS 'algorithm': '" + algorithm
                    + "' (only " + ALGORITHM + " is accepted). Authorization=" + auth);
        }
        Map<String, String> parts = new LinkedHashMap<>();
        for (String part : auth.substring(space + 1).split(",")) {
            String p = part.strip();
            if (p.isEmpty()) continue;
            int eq = p.indexOf('=');
            if (eq <= 0) {
                return new Refused(INCOMPLETE_SIGNATURE, "Authorization header requires 'key=value' parameters, not '"
                        + p + "'. Authorization=" + auth);
            }
            parts.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
        }
        StringBuilder missing = new StringBuilder();
        for (String required : List.of("Credential", "Signature", "SignedHeaders")) {
            if (!parts.containsKey(required) || parts.get(required).isEmpty()) {
                missing.append("Authorization header requires '").append(required).append("' parameter. ");
            }
        }
        String dateHeader = first(h, "x-amz-date");
        boolean amzDate = dateHeader != null;
        if (!amzDate) dateHeader = first(h, "date");
        if (dateHeader == null) {
            missing.append("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header. ");
        }
        if (!missing.isEmpty()) {
            return new Refused(INCOMPLETE_SIGNATURE, missing + "Authorization=" + auth);
        }

        String[] credential = parts.get("Credential").split("/", -1);
        if (credential.length != 5 || credential[0].isEmpty()) {
            return new Refused(INCOMPLETE_SIGNATURE, "Credential must have exactly 5 slash-delimited elements, "
                    + "e.g. keyid/date/region/service/aws4_request, got '" + parts.get("Credential") + "'.");
        }
        String accessKeyId = credential[0];
        String scopeDate = credential[1];
        String region = credential[2];
        String service = credential[3];
        if (!credential[4].equals("aws4_request")) {
            return new Refused(INVALID_SIGNATURE, "Credential should be scoped with a valid terminator: "
                    + "'aws4_request', not '" + credential[4] + "'.");
        }
        if (region.isEmpty() || service.isEmpty()) {
            return new Refused(INCOMPLETE_SIGNATURE, "Credential should be scoped to a valid region and service, "
                    + "got '" + parts.get("Credential") + "'.");
        }
        String secret = secrets.get(accessKeyId);
        if (secret == null || h.containsKey("x-amz-security-token")) {
            return new Refused(UNRECOGNIZED_CLIENT, INVALID_TOKEN);
        }

        Instant signedAt;
        try {
            signedAt = amzDate ? BASIC.parse(dateHeader.strip(), Instant::from)
                    : ZonedDateTime.parse(dateHeader.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return new Refused(INCOMPLETE_SIGNATURE, (amzDate ? "X-Amz-Date" : "Date") + " must be in "
                    + (amzDate ? "ISO-8601 basic format (yyyyMMdd'T'HHmmss'Z')" : "RFC 1123 format")
                    + ", got '" + dateHeader + "'.");
        }
        String requestDate = BASIC.format(signedAt);
        if (!scopeDate.equals(requestDate.substring(0, 8))) {
            return new Refused(INVALID_SIGNATURE, "Date in Credential scope does not match YYYYMMDD from ISO-8601 "
                    + "version of date from HTTP: '" + scopeDate + "' != '" + requestDate.substring(0, 8)
                    + "', from '" + requestDate + "'.");
        }
        Instant now = Instant.ofEpochMilli(clock.epochMillis());
        if (signedAt.isBefore(now.minus(MAX_SKEW))) {
            return new Refused(INVALID_SIGNATURE, "Signature expired: " + requestDate + " is now earlier than "
                    + BASIC.format(now.minus(MAX_SKEW)) + " (" + BASIC.format(now) + " - 15 min.)");
        }
        if (signedAt.isAfter(now.plus(MAX_SKEW))) {
            return new Refused(INVALID_SIGNATURE, "Signature not yet current: " + requestDate + " is still later than "
                    + BASIC.format(now.plus(MAX_SKEW)) + " (" + BASIC.format(now) + " + 15 min.)");
        }

        String signedHeadersText = parts.get("SignedHeaders");
        List<String> signedHeaders = List.of(signedHeadersText.split(";", -1));
        for (int i = 0; i < signedHeaders.size(); i++) {
            String name = signedHeaders.get(i);
            if (name.isEmpty() || !name.equals(name.toLowerCase(Locale.ROOT))
                    || (i > 0 && signedHeaders.get(i - 1).compareTo(name) >= 0)) {
                return new Refused(INVALID_SIGNATURE, "SignedHeaders must be lowercase, sorted, distinct and "
                        + "';'-separated, got '" + signedHeadersText + "'.");
            }
            if (!h.containsKey(name)) {
                return new Refused(INVALID_SIGNATURE, "The signed header '" + name + "' is not in the request. "
                        + SIGNATURE_MISMATCH);
            }
        }
        if (!signedHeaders.contains("host")) {
            return new Refused(INVALID_SIGNATURE, "'Host' must be a 'SignedHeader' in the AWS Authorization.");
        }
        if (amzDate && !signedHeaders.contains("x-amz-date")) {
            return new Refused(INVALID_SIGNATURE, "'X-Amz-Date' must be a 'SignedHeader' in the AWS Authorization.");
        }

        byte[] providedSignature;
        try {
            providedSignature = HEX.parseHex(parts.get("Signature"));
        } catch (IllegalArgumentException e) {
            return new Refused(INCOMPLETE_SIGNATURE, "Signature must be hexadecimal, got '" + parts.get("Signature")
                    + "'.");
        }

        String bodyHash = HEX.formatHex(sha256(body == null ? new byte[0] : body));
        String contentSha = first(h, "x-amz-content-sha256");
        if (contentSha != null && !contentSha.strip().equals("UNSIGNED-PAYLOAD")
                && !contentSha.strip().equalsIgnoreCase(bodyHash)) {
            return new Refused(INVALID_SIGNATURE,
                    "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }

        String canonicalRequest = method.toUpperCase(Locale.ROOT) + '\n'
                + canonicalUri(path) + '\n'
                + canonicalQuery(rawQuery) + '\n'
                + canonicalHeaders(h, signedHeaders) + '\n'
                + signedHeadersText + '\n'
                + bodyHash;
        String scope = scopeDate + '/' + region + '/' + service + "/aws4_request";
        String stringToSign = ALGORITHM + '\n' + requestDate + '\n' + scope + '\n'
                + HEX.formatHex(sha256(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        byte[] key = hmac(("AWS4" + secret).getBytes(StandardCharsets.UTF_8), scopeDate);
        key = hmac(key, region);
        key = hmac(key, service);
        key = hmac(key, "aws4_request");
        byte[] expected = hmac(key, stringToSign);
        if (!MessageDigest.isEqual(expected, providedSignature)) {
            return new Refused(INVALID_SIGNATURE, SIGNATURE_MISMATCH);
        }
        return new Ok(accessKeyId, region, service);
    }

    // ---- canonical parts ----

    /** The path with dot segments removed, each character outside unreserved and '/' percent-encoded again. */
    static String canonicalUri(String path) {
        if (path == null || path.isEmpty()) return "/";
        String normalized = removeDotSegments(path);
        if (normalized.isEmpty()) normalized = "/";
        return encode(normalized, false);
    }

    private static String removeDotSegments(String path) {
        boolean trailing = path.endsWith("/");
        List<String> out = new ArrayList<>();
        for (String segment : path.split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".")) continue;
            if (segment.equals("..")) {
                if (!out.isEmpty()) out.remove(out.size() - 1);
                continue;
            }
            out.add(segment);
        }
        String joined = "/" + String.join("/", out);
        return trailing && !joined.endsWith("/") ? joined + "/" : joined;
    }

    /** Parameters decoded, re-encoded strictly (RFC 3986 unreserved only), sorted by name then value. */
    static String canonicalQuery(String rawQuery) {
        if (rawQuery == null || rawQuery.isEmpty()) return "";
        TreeMap<String, List<String>> sorted = new TreeMap<>();
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) continue;
            int eq = pair.indexOf('=');
            String name = encode(decode(eq < 0 ? pair : pair.substring(0, eq)), true);
            String value = encode(decode(eq < 0 ? "" : pair.substring(eq + 1)), true);
            sorted.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
        }
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<String, List<String>> e : sorted.entrySet()) {
            List<String> values = new ArrayList<>(e.getValue());
            values.sort(null);
            for (String v : values) {
                if (!sb.isEmpty()) sb.append('&');
                sb.append(e.getKey()).append('=').append(v);
            }
        }
        return sb.toString();
    }

    /** {@code name:value\n} for each signed header; several values join with ',', each trimmed, spaces collapsed. */
    static String canonicalHeaders(Map<String, List<String>> lowercased, List<String> signedHeaders) {
        StringBuilder sb = new StringBuilder();
        for (String name : signedHeaders) {
            sb.append(name).append(':');
            List<String> values = lowercased.get(name);
            for (int i = 0; i < values.size(); i++) {
                if (i > 0) sb.append(',');
                sb.append(values.get(i).strip().replaceAll("\\s+", " "));
            }
            sb.append('\n');
        }
        return sb.toString();
    }

    private static Map<String, List<String>> lowercase(Map<String, List<String>> headers) {
        Map<String, List<String>> out = new TreeMap<>();
        if (headers == null) return out;
        headers.forEach((name, values) -> {
            if (name == null || values == null) return;
            out.computeIfAbsent(name.toLowerCase(Locale.ROOT).strip(), k -> new ArrayList<>()).addAll(values);
        });
        return out;
    }

    private static String first(Map<String, List<String>> h, String name) {
        List<String> values = h.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static Map<String, String> decodeQuery(String rawQuery) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : rawQuery.split("&")) {
            int eq = pair.indexOf('=');
            out.putIfAbsent(decode(eq < 0 ? pair : pair.substring(0, eq)), decode(eq < 0 ? "" : pair.substring(eq + 1)));
        }
        return out;
    }

    /** Percent-decoding as a URI does it ('+' stays '+'); a malformed escape is kept literally. */
    private static String decode(String s) {
        if (s.indexOf('%') < 0) return s;
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()
                    && HexFormat.isHexDigit(s.charAt(i + 1)) && HexFormat.isHexDigit(s.charAt(i + 2))) {
                bytes.write(HexFormat.fromHexDigits(s, i + 1, i + 3));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    /** RFC 3986 encoding: unreserved characters kept, '/' kept unless {@code slash}, all else %XX (uppercase). */
    private static String encode(String s, boolean slash) {
        StringBuilder sb = new StringBuilder();
        for (byte b : s.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '_' || c == '.' || c == '~' || (c == '/' && !slash)) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static byte[] hmac(byte[] key, String data) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(data.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
