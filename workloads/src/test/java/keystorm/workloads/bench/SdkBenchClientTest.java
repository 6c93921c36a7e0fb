package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import keystorm.workloads.client.SdkStore;
import org.junit.jupiter.api.Test;

/** {@link SdkBenchClient} against the bench clients' contract. */
class SdkBenchClientTest extends BenchClientContract {
    @Override
    BenchClient client(URI endpoint, Duration timeout) {
        return new SdkBenchClient(endpoint, SdkStore.DEFAULT_REGION, SdkStore.Credentials.LOCAL, timeout);
    }

    @Test
    void itIsNotPipelined() {
        try (BenchClient client = new SdkBenchClient(endpoint())) {
            assertThat(client.pipelined()).isFalse();
            assertThat(client.describe()).isEqualTo("sdk " + endpoint());
        }
    }
}
