package keystorm.workloads.nemesis;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Supplier;
import keystorm.engine.fault.Fault;
import keystorm.engine.fault.FaultJson;

/** The engine's faults in a {@code keystorm serve --admin} process, through {@code POST /keystorm/faults}. */
public final class AdminFaults implements FaultNemesis.EngineFaults, AutoCloseable {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final Supplier<URI> endpoint;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    /** @param endpoint the server's endpoint now (it may move when the process restarts) */
    public AdminFaults(Supplier<URI> endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public void apply(Fault.EngineFault fault) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.get().resolve("/keystorm/faults"))
                .timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(FaultJson.write(fault).toString()))
                .build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the admin endpoint refused " + fault.name() + " (" + response.statusCode() + "): "
                    + response.body());
        }
    }

    @Override
    public void close() {
        http.close();
    }
}
