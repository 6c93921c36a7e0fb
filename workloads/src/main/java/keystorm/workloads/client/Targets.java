package keystorm.workloads.client;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Objects;
import java.util.function.Function;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;

/**
 * What {@code --target} names, and the store it opens:
 * <ul>
 *   <li>{@code embedded}: the engine in this process (in memory unless given an EngineConfig);</li>
 *   <li>{@code serve}: {@code keystorm serve} as a child process, started by the caller's
 *       {@code serveStarter} (this module does not start processes);</li>
 *   <li>{@code http://host:port} or {@code https://host[:port]}: any DynamoDB endpoint, through
 *       {@link SdkStore}. A port left out is the scheme's (80, 443), as in any URL.</li>
 * </ul>
 */
public final class Targets {
    private Targets() {
    }

    /** A parsed {@code --target}. */
    public sealed interface Target {
        record Embedded() implements Target {
        }

        record Serve() implements Target {
        }

        record Endpoint(URI uri) implements Target {
        }
    }

    /** @throws IllegalArgumentException naming {@code --target} and what is wrong */
    public static Target parse(String spec) {
        if (spec == null || spec.isBlank()) {
            throw new IllegalArgumentException("--target is empty: give embedded, serve or a URL such as "
                    + "http://127.0.0.1:8000");
        }
        String trimmed = spec.strip();
        if (trimmed.equals("embedded")) {
            return new Target.Embedded();
        }
        if (trimmed.equals("serve")) {
            return new Target.Serve();
        }
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            throw bad(trimmed, "not a URL (" + e.getReason() + ")");
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))) {
            throw bad(trimmed, "the scheme must be http or https");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            // URI leaves the host null for a port out of range or a malformed authority too
            throw bad(trimmed, uri.getRawAuthority() == null ? "there is no host"
                    : "the host or port is malformed (a port is 1 to 65535)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw bad(trimmed, "the port must be 1 to 65535, not " + uri.getPort());
        }
        if (uri.getRawUserInfo() != null) {
            throw bad(trimmed, "credentials do not go in the URL");
        }
        if ((uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw bad(trimmed, "a DynamoDB endpoint has no path, query or fragment");
        }
        return new Target.Endpoint(URI.create(scheme.toLowerCase(java.util.Locale.ROOT) + "://" + uri.getRawAuthority()));
    }

    /** {@code embedded} in memory, or an endpoint with local credentials; {@code serve} is refused here. */
    public static Store open(String spec) {
        return open(spec, EngineConfig.inMemory(), SdkStore.Credentials.LOCAL, null);
    }

    /**
     * @param config the engine of {@code embedded}, and of {@code serve}'s child
     * @param credentials for an endpoint (the caller's explicit choice: local or the default chain)
     * @param serveStarter starts {@code keystorm serve} on {@code config} and returns a store on it
     *     (owning the child: closing the store stops it); null where the caller cannot start one
     */
    public static Store open(String spec, EngineConfig config, SdkStore.Credentials credentials,
                             Function<EngineConfig, Store> serveStarter) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(credentials, "credentials");
        return switch (parse(spec)) {
            case Target.Embedded ignored -> new EmbeddedStore(() -> new Engine(config));
            case Target.Serve ignored -> {
                if (serveStarter == null) {
                    throw new IllegalArgumentException("--target serve needs a way to start keystorm serve, and none "
                            + "was given here; use embedded or the URL of a running server");
                }
                yield Objects.requireNonNull(serveStarter.apply(config), "serveStarter returned no store");
            }
            case Target.Endpoint endpoint -> new SdkStore(endpoint.uri(), SdkStore.DEFAULT_REGION, credentials,
                    SdkStore.DEFAULT_TIMEOUT);
        };
    }

    private static IllegalArgumentException bad(String spec, String why) {
        return new IllegalArgumentException("--target " + spec + ": " + why
                + "; give embedded, serve or a URL such as http://127.0.0.1:8000");
    }
}
