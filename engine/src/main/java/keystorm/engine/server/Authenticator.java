package keystorm.engine.server;

import com.fasterxml.jackson.databind.JsonNode;
import io.netty.handler.codec.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import keystorm.engine.Engine;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.KeySchemaElement;
import keystorm.engine.api.KeyType;
import keystorm.engine.api.TableDescription;
import keystorm.engine.auth.AuthConfig;
import keystorm.engine.auth.Decision;
import keystorm.engine.auth.Request;
import keystorm.engine.auth.SigV4Verifier;

/**
 * {@code keystorm serve --auth}: who is calling ({@link #authenticate}: AWS Signature Version 4 over the bytes
 * received), and whether they may ({@link #authorize}: every {@link Request} of {@link RequestContexts} under the
 * caller's policies), before the engine runs anything. A refusal is a {@link DynamoException} with DynamoDB's error
 * type; a denied request touches nothing, not even the allowed items of its transaction or batch, because nothing
 * runs until every item is allowed.
 */
final class Authenticator {
    /** A verified caller and the region it signed for (the region of its resources' ARNs). */
    record Caller(AuthConfig.Credential credential, String region) {
    }

    private final AuthConfig config;
    private final SigV4Verifier verifier;
    private final Engine engine;

    Authenticator(AuthConfig config, Engine engine) {
        this.config = config;
        this.engine = engine;
        this.verifier = new SigV4Verifier(config.secrets(), engine.clock());
    }

    /** Verifies the signature over the request as received: raw path and query, headers, body bytes. */
    Caller authenticate(String method, String uri, HttpHeaders headers, byte[] body) {
        int question = uri.indexOf('?');
        String path = question < 0 ? uri : uri.substring(0, question);
        String query = question < 0 ? "" : uri.substring(question + 1);
        Map<String, List<String>> all = new LinkedHashMap<>();
        for (String name : headers.names()) {
            all.computeIfAbsent(name, n -> new ArrayList<>()).addAll(headers.getAll(name));
        }
        return switch (verifier.verify(method, path, query, all, body)) {
            case SigV4Verifier.Ok ok -> {
                if (!ok.service().equals("dynamodb")) {
                    throw new DynamoException(ErrorType.InvalidSignatureException,
                            "Credential should be scoped to correct service: 'dynamodb'. ");
                }
                // the region becomes a field of every resource ARN: a colon or a slash in it would shift the fields
                // a policy's Resource is matched against
                if (!REGION.matcher(ok.region()).matches()) {
                    throw new DynamoException(ErrorType.InvalidSignatureException,
                            "Credential should be scoped to a valid region, not '" + ok.region() + "'. ");
                }
                yield new Caller(config.credentials().get(ok.accessKeyId()), ok.region());
            }
            case SigV4Verifier.Refused refused ->
                    throw new DynamoException(ErrorType.valueOf(refused.errorType()), refused.message());
        };
    }

    /** A region's name as AWS spells them (us-east-1, eu-west-2) or a local stand-in (ddblocal, localhost). */
    private static final java.util.regex.Pattern REGION = java.util.regex.Pattern.compile("[A-Za-z0-9-]{1,64}");

    /**
     * Throws AccessDeniedException unless every request the body makes is allowed; then the error found while
     * building the contexts, if any; then ResourceNotFoundException for a table that does not exist.
     */
    void authorize(Caller caller, String operation, JsonNode body) {
        for (int attempt = 0; ; attempt++) {
            RequestContexts.Contexts contexts = RequestContexts.of(operation, body, caller.region(), config.account(),
                    this::keys);
            for (Request request : contexts.requests()) {
                Decision decision = Decision.evaluate(caller.credential().policies(), request);
                if (!decision.allowed()) {
                    throw new DynamoException(ErrorType.AccessDeniedException,
                            decision.message(caller.credential().principalArn(), request));
                }
            }
            if (contexts.deferred().isPresent()) {
                throw contexts.deferred().get();
            }
            if (contexts.missingTables().isEmpty()) {
                return;
            }
            for (String table : contexts.missingTables()) {
                engine.describeTable(table); // the engine's own ResourceNotFoundException (or ValidationException)
            }
            // created since: the leading keys were read without its schema; once more with it
            if (attempt > 0) {
                throw new DynamoException(ErrorType.ResourceNotFoundException, "Requested resource not found");
            }
        }
    }

    private Optional<RequestContexts.TableKeys> keys(String table) {
        TableDescription description;
        try {
            description = engine.describeTable(table);
        } catch (DynamoException e) {
            return Optional.empty(); // answered after authorization, as the engine answers it
        }
        String partition = null;
        String sort = null;
        for (KeySchemaElement key : description.keySchema()) {
            if (key.keyType() == KeyType.HASH) {
                partition = key.attributeName();
            } else {
                sort = key.attributeName();
            }
        }
        return Optional.of(new RequestContexts.TableKeys(partition, Optional.ofNullable(sort)));
    }

    /** The admin endpoint's check: {@code Authorization: Bearer <adminToken>}, compared in constant time. */
    boolean admits(String authorization) {
        if (config.adminToken().isEmpty() || authorization == null || !authorization.startsWith("Bearer ")) {
            return false;
        }
        byte[] given = authorization.substring("Bearer ".length()).strip().getBytes(StandardCharsets.UTF_8);
        byte[] token = config.adminToken().get().getBytes(StandardCharsets.UTF_8);
        return MessageDigest.isEqual(given, token);
    }
}
