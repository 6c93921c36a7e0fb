package keystorm.engine.auth;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The file of {@code keystorm serve --auth FILE}: who may call, with which secret, under which identity-based
 * policies, and the admin endpoint's token.
 *
 * <pre>{@code
 * {"account": "000000000000",                    // optional; the account in every ARN (the engine's TableArn's)
 *  "adminToken": "s3cret",                       // optional; without it the admin endpoint answers 401 to all
 *  "credentials": [
 *    {"accessKeyId": "AKIDALICE", "secretAccessKey": "...",
 *     "user": "alice",                           // optional: arn:aws:iam::<account>:user/alice
 *     "policy": {"Version": "2012-10-17", "Statement": [...]}}]}   // one policy, or a list of them
 * }</pre>
 *
 * Instead of {@code user} a credential may name its {@code principal} ARN whole; with neither it is
 * {@code arn:aws:iam::<account>:user/<accessKeyId>}. Every mistake is refused with one line naming the file and the
 * JSON path, e.g. {@code auth.json: credentials[1].secretAccessKey: missing}: unknown fields, duplicate fields,
 * duplicate access key ids, and the policy's own errors ({@code credentials[0].policy.Statement[2].Effect: ...}).
 */
public record AuthConfig(String account, Optional<String> adminToken, Map<String, Credential> credentials) {
    public static final String DEFAULT_ACCOUNT = "000000000000";

    /** One caller: its key pair, the ARN messages name it by, and its policies (any Allow, no Deny, wins). */
    public record Credential(String accessKeyId, String secretAccessKey, String principalArn, List<Policy> policies) {
        public Credential {
            Objects.requireNonNull(accessKeyId, "accessKeyId");
            Objects.requireNonNull(secretAccessKey, "secretAccessKey");
            Objects.requireNonNull(principalArn, "principalArn");
            policies = List.copyOf(policies);
        }

        /** The secret is not part of the text, so that a config can be logged. */
        @Override
        public String toString() {
            return "Credential[" + accessKeyId + ", " + principalArn + ", " + policies.size() + " policies]";
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Set<String> TOP_FIELDS = Set.of("account", "adminToken", "credentials");
    private static final Set<String> CREDENTIAL_FIELDS = Set.of("accessKeyId", "secretAccessKey", "policy", "user",
            "principal");
    private static final Pattern ACCOUNT = Pattern.compile("[0-9]{12}");
    /** What a SigV4 Credential scope can carry as its first element: no '/', ',', '=' or white space. */
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Za-z0-9_.+-]{1,128}");
    /** An IAM user name's characters (IAM User Guide, "IAM object quotas": [\w+=,.@-], 1 to 64). */
    private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_+=,.@-]{1,64}");

    public AuthConfig {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(adminToken, "adminToken");
        credentials = Map.copyOf(credentials);
    }

    /** Reads and checks FILE; an unreadable file is an IOException, a bad one an IllegalArgumentException. */
    public static AuthConfig read(Path file) throws IOException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text");
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a config's text; {@code source} starts every error message (the file's name).
     *
     * @throws IllegalArgumentException with one line: {@code source: json.path: what is wrong}
     */
    public static AuthConfig parse(String text, String source) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": not JSON (line " + e.getLocation().getLineNr()
                    + ", column " + e.getLocation().getColumnNr() + "): " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) {
            throw new IllegalArgumentException(source + ": empty file (expected {\"credentials\": [...]})");
        }
        try {
            return config(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage());
        }
    }

    /** The secret of each access key id, for {@link SigV4Verifier}. */
    public Map<String, String> secrets() {
        Map<String, String> out = new LinkedHashMap<>();
        credentials.forEach((id, c) -> out.put(id, c.secretAccessKey()));
        return out;
    }

    private static AuthConfig config(JsonNode root) {
        if (!root.isObject()) {
            throw new IllegalArgumentException("expected a JSON object {\"credentials\": [...]}, not "
                    + kind(root));
        }
        unknownFields("", root, TOP_FIELDS);
        String account = DEFAULT_ACCOUNT;
        if (root.has("account")) {
            account = string("account", root.get("account"));
            if (!ACCOUNT.matcher(account).matches()) {
                throw new IllegalArgumentException("account: expected 12 digits, not '" + account + "'");
            }
        }
        Optional<String> adminToken = Optional.empty();
        if (root.has("adminToken")) {
            adminToken = Optional.of(string("adminToken", root.get("adminToken")));
        }
        JsonNode list = root.get("credentials");
        if (list == null) {
            throw new IllegalArgumentException("credentials: missing");
        }
        if (!list.isArray() || list.isEmpty()) {
            throw new IllegalArgumentException("credentials: expected a non-empty list of credentials, not "
                    + (list.isArray() ? "an empty list" : kind(list)));
        }
        Map<String, Credential> credentials = new LinkedHashMap<>();
        Map<String, Integer> firstAt = new LinkedHashMap<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "credentials[" + i + "]";
            Credential credential = credential(at, list.get(i), account);
            Integer earlier = firstAt.putIfAbsent(credential.accessKeyId(), i);
            if (earlier != null) {
                throw new IllegalArgumentException(at + ".accessKeyId: '" + credential.accessKeyId()
                        + "' is already credentials[" + earlier + "]'s");
            }
            credentials.put(credential.accessKeyId(), credential);
        }
        return new AuthConfig(account, adminToken, credentials);
    }

    private static Credential credential(String at, JsonNode node, String account) {
        if (!node.isObject()) {
            throw new IllegalArgumentException(at + ": expected an object {accessKeyId, secretAccessKey, policy}, not "
                    + kind(node));
        }
        unknownFields(at + ".", node, CREDENTIAL_FIELDS);
        String id = string(at + ".accessKeyId", required(at, node, "accessKeyId"));
        if (!ACCESS_KEY_ID.matcher(id).matches()) {
            throw new IllegalArgumentException(at + ".accessKeyId: expected 1 to 128 letters, digits or _.+-, not '"
                    + id + "'");
        }
        String secret = string(at + ".secretAccessKey", required(at, node, "secretAccessKey"));
        JsonNode policyNode = required(at, node, "policy");
        List<Policy> policies = new ArrayList<>();
        if (policyNode.isArray()) {
            if (policyNode.isEmpty()) {
                throw new IllegalArgumentException(at + ".policy: expected a policy or a non-empty list of policies");
            }
            for (int p = 0; p < policyNode.size(); p++) {
                policies.add(policy(at + ".policy[" + p + "]", policyNode.get(p)));
            }
        } else {
            policies.add(policy(at + ".policy", policyNode));
        }
        if (node.has("user") && node.has("principal")) {
            throw new IllegalArgumentException(at + ": give user or principal, not both");
        }
        String principal = "arn:aws:iam::" + account + ":user/" + id;
        if (node.has("user")) {
            String user = string(at + ".user", node.get("user"));
            if (!USER_NAME.matcher(user).matches()) {
                throw new IllegalArgumentException(at + ".user: expected an IAM user name (1 to 64 of letters, digits "
                        + "and _+=,.@-), not '" + user + "'");
            }
            principal = "arn:aws:iam::" + account + ":user/" + user;
        } else if (node.has("principal")) {
            principal = string(at + ".principal", node.get("principal"));
            if (!principal.startsWith("arn:") || principal.split(":", 6).length != 6) {
                throw new IllegalArgumentException(at + ".principal: expected an ARN "
                        + "(arn:aws:iam::ACCOUNT:user/NAME), not '" + principal + "'");
            }
        }
        return new Credential(id, secret, principal, policies);
    }

    /** Policy.parse's messages are relative to the policy ("Statement[0].Effect: ...", "policy: unknown field"). */
    private static Policy policy(String at, JsonNode node) {
        try {
            return Policy.parse(node);
        } catch (IllegalArgumentException e) {
            String message = e.getMessage();
            throw new IllegalArgumentException(message.startsWith("policy: ")
                    ? at + ": " + message.substring("policy: ".length()) : at + "." + message);
        }
    }

    private static JsonNode required(String at, JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null) {
            throw new IllegalArgumentException(at + "." + field + ": missing");
        }
        return value;
    }

    private static String string(String at, JsonNode node) {
        if (!node.isTextual() || node.textValue().isEmpty()) {
            throw new IllegalArgumentException(at + ": expected a non-empty string, not "
                    + (node.isTextual() ? "an empty one" : kind(node)));
        }
        return node.textValue();
    }

    private static void unknownFields(String at, JsonNode node, Set<String> known) {
        for (Iterator<String> names = node.fieldNames(); names.hasNext();) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException(at + name + ": unknown field (expected one of "
                        + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String kind(JsonNode node) {
        return switch (node.getNodeType()) {
            case ARRAY -> "a list";
            case OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().toString().toLowerCase();
        };
    }
}
