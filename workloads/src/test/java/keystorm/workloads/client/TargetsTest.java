package keystorm.workloads.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Map;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TargetsTest {
    @Test
    void embeddedAndServeAreNames() {
        assertThat(Targets.parse("embedded")).isEqualTo(new Targets.Target.Embedded());
        assertThat(Targets.parse(" serve ")).isEqualTo(new Targets.Target.Serve());
    }

    @ParameterizedTest
    @CsvSource({
            "http://127.0.0.1:8000, http://127.0.0.1:8000",
            "http://localhost:8000/, http://localhost:8000",
            "HTTPS://dynamodb.us-east-1.amazonaws.com, https://dynamodb.us-east-1.amazonaws.com",
            "http://[::1]:8000, http://[::1]:8000"})
    void aUrlIsAnEndpoint(String spec, String endpoint) {
        assertThat(Targets.parse(spec)).isEqualTo(new Targets.Target.Endpoint(URI.create(endpoint)));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://127.0.0.1:8000 | the scheme must be http or https",
            "127.0.0.1:8000 | not a URL",
            "localhost | the scheme must be http or https",
            "http://:8000 | the host or port is malformed",
            "http:/// | there is no host",
            "http://127.0.0.1:0 | the port must be 1 to 65535, not 0",
            "http://127.0.0.1:65536 | the port must be 1 to 65535, not 65536",
            "http://127.0.0.1:80x | the host or port is malformed",
            "http://u:p@127.0.0.1:8000 | credentials do not go in the URL",
            "http://127.0.0.1:8000/tables | no path, query or fragment",
            "http://127.0.0.1:8000?x=1 | no path, query or fragment",
            "http://127.0.0.1 8000 | not a URL"})
    void aBadTargetIsRefusedNamingTheOption(String spec, String why) {
        assertThatThrownBy(() -> Targets.parse(spec))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--target " + spec + ": ")
                .hasMessageContaining(why);
    }

    @Test
    void anEmptyTargetIsRefused() {
        assertThatThrownBy(() -> Targets.parse(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--target is empty");
    }

    @Test
    void serveNeedsAStarter() {
        assertThatThrownBy(() -> Targets.open("serve")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--target serve needs a way to start keystorm serve");
    }

    @Test
    void serveIsStartedByTheStarterWithTheConfig() {
        EngineConfig config = EngineConfig.inMemory().withThrottling(false);
        EngineConfig[] seen = new EngineConfig[1];
        try (Store store = Targets.open("serve", config, SdkStore.Credentials.LOCAL, c -> {
            seen[0] = c;
            return Targets.open("embedded");
        })) {
            assertThat(store.describe()).isEqualTo("embedded");
        }
        assertThat(seen[0]).isSameAs(config);
    }

    @Test
    void embeddedOpensAnEngineAndAUrlAnSdkStore() {
        try (Store store = Targets.open("embedded")) {
            store.createTable(CreateTableRequest.onDemand("tgt", "k", ScalarAttributeType.S, null, null));
            Item item = Item.of(Map.of("k", AttributeValue.s("a")));
            store.putItem(PutItemRequest.of("tgt", item));
            assertThat(store.getItem(GetItemRequest.of("tgt", Map.of("k", AttributeValue.s("a")))).item()).isEqualTo(item);
        }
        try (Store store = Targets.open("http://127.0.0.1:8000")) {
            assertThat(store).isInstanceOf(SdkStore.class);
            assertThat(store.describe()).isEqualTo("http://127.0.0.1:8000");
        }
    }
}
