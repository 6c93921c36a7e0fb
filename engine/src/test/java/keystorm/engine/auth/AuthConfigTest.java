package keystorm.engine.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuthConfigTest {
    static final String POLICY = """
            {"Version": "2012-10-17", "Statement": {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}}""";

    static String file(String credentials) {
        return "{\"credentials\": [" + credentials + "]}";
    }

    static String message(String text) {
        try {
            AuthConfig.parse(text, "auth.json");
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
        throw new AssertionError("accepted: " + text);
    }

    @Test
    void readsCredentialsWithTheirDefaults(@TempDir Path dir) throws Exception {
        Path path = dir.resolve("auth.json");
        Files.writeString(path, """
                {"adminToken": "t0ken",
                 "credentials": [
                   {"accessKeyId": "AKIDALICE", "secretAccessKey": "alice-secret", "user": "alice", "policy": %s},
                   {"accessKeyId": "AKIDBOB", "secretAccessKey": "bob-secret", "policy": [%s, %s]},
                   {"accessKeyId": "AKIDCAROL", "secretAccessKey": "c", "principal": "arn:aws:iam::111122223333:role/r",
                    "policy": %s}]}""".formatted(POLICY, POLICY, POLICY, POLICY));
        AuthConfig config = AuthConfig.read(path);
        assertThat(config.account()).isEqualTo("000000000000");
        assertThat(config.adminToken()).isEqualTo(Optional.of("t0ken"));
        assertThat(config.secrets()).isEqualTo(Map.of("AKIDALICE", "alice-secret", "AKIDBOB", "bob-secret",
                "AKIDCAROL", "c"));
        assertThat(config.credentials().get("AKIDALICE").principalArn()).isEqualTo("arn:aws:iam::000000000000:user/alice");
        assertThat(config.credentials().get("AKIDBOB").principalArn()).isEqualTo("arn:aws:iam::000000000000:user/AKIDBOB");
        assertThat(config.credentials().get("AKIDBOB").policies()).hasSize(2);
        assertThat(config.credentials().get("AKIDCAROL").principalArn()).isEqualTo("arn:aws:iam::111122223333:role/r");
        assertThat(config.credentials().get("AKIDALICE").toString()).doesNotContain("alice-secret");
    }

    @Test
    void theAccountNamesTheDefaultPrincipal() {
        AuthConfig config = AuthConfig.parse("{\"account\": \"123456789012\", \"credentials\": [{\"accessKeyId\": "
                + "\"AK\", \"secretAccessKey\": \"s\", \"policy\": " + POLICY + "}]}", "auth.json");
        assertThat(config.account()).isEqualTo("123456789012");
        assertThat(config.adminToken()).isEmpty();
        assertThat(config.credentials().get("AK").principalArn()).isEqualTo("arn:aws:iam::123456789012:user/AK");
    }

    @Test
    void everyMistakeIsOneLineNamingTheFileAndThePath() {
        String alice = "{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"policy\": " + POLICY + "}";
        assertThat(message(file(alice + ", {\"accessKeyId\": \"B\", \"policy\": " + POLICY + "}")))
                .isEqualTo("auth.json: credentials[1].secretAccessKey: missing");
        assertThat(message(file(alice + ", " + alice)))
                .isEqualTo("auth.json: credentials[1].accessKeyId: 'A' is already credentials[0]'s");
        assertThat(message("{\"credentials\": [" + alice + "], \"adminTokn\": \"x\"}"))
                .isEqualTo("auth.json: adminTokn: unknown field (expected one of account, adminToken, credentials)");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"secret\": 1, \"policy\": {}}")))
                .startsWith("auth.json: credentials[0].secret: unknown field");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"policy\": {\"Statement\": "
                + "[{\"Effect\": \"Allow\", \"Action\": \"*\", \"Resource\": \"*\"}, {\"Effect\": \"allow\", "
                + "\"Action\": \"*\", \"Resource\": \"*\"}]}}")))
                .isEqualTo("auth.json: credentials[0].policy.Statement[1].Effect: expected Allow or Deny, not 'allow'");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"policy\": [" + POLICY
                + ", {\"Statement\": [], \"Extra\": 1}]}")))
                .isEqualTo("auth.json: credentials[0].policy[1]: unknown field 'Extra' (expected Version, Id, Statement)");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"policy\": {\"Version\": 1, "
                + "\"Statement\": []}}")))
                .isEqualTo("auth.json: credentials[0].policy.Version: expected 2012-10-17 or 2008-10-17, not 1");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"\", \"policy\": " + POLICY + "}")))
                .isEqualTo("auth.json: credentials[0].secretAccessKey: expected a non-empty string, not an empty one");
        assertThat(message(file("{\"accessKeyId\": \"A/B\", \"secretAccessKey\": \"s\", \"policy\": " + POLICY + "}")))
                .isEqualTo("auth.json: credentials[0].accessKeyId: expected 1 to 128 letters, digits or _.+-, not 'A/B'");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\", \"user\": \"u\", "
                + "\"principal\": \"arn:aws:iam::000000000000:user/u\", \"policy\": " + POLICY + "}")))
                .isEqualTo("auth.json: credentials[0]: give user or principal, not both");
        assertThat(message(file("{\"accessKeyId\": \"A\", \"secretAccessKey\": \"s\"}")))
                .isEqualTo("auth.json: credentials[0].policy: missing");
        assertThat(message("{\"account\": \"12\", \"credentials\": [" + alice + "]}"))
                .isEqualTo("auth.json: account: expected 12 digits, not '12'");
        assertThat(message("{\"credentials\": []}"))
                .isEqualTo("auth.json: credentials: expected a non-empty list of credentials, not an empty list");
        assertThat(message("{}")).isEqualTo("auth.json: credentials: missing");
        assertThat(message("[]")).isEqualTo("auth.json: expected a JSON object {\"credentials\": [...]}, not a list");
        assertThat(message("")).isEqualTo("auth.json: empty file (expected {\"credentials\": [...]})");
        assertThat(message("{\"credentials\": [" + alice + "], \"account\": \"000000000000\", \"account\": \"1\"}"))
                .startsWith("auth.json: not JSON (line 1, column ").contains("Duplicate field 'account'");
        assertThat(message("{\"credentials\": [")).startsWith("auth.json: not JSON (line 1");
        for (String text : new String[] {"{}", "[]", "", "{\"credentials\": ["}) {
            assertThat(message(text)).doesNotContain("\n");
        }
    }

    @Test
    void aMissingFileIsAnIoError(@TempDir Path dir) {
        assertThatThrownBy(() -> AuthConfig.read(dir.resolve("nope.json"))).isInstanceOf(NoSuchFileException.class);
    }
}
