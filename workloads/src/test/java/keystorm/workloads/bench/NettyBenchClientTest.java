package keystorm.workloads.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import keystorm.workloads.bench.BenchOutcome.Kind;
import org.junit.jupiter.api.Test;

/** {@link NettyBenchClient} against the bench clients' contract, and its pipelining. */
class NettyBenchClientTest extends BenchClientContract {
    @Override
    BenchClient client(URI endpoint, Duration timeout) {
        return new NettyBenchClient(endpoint, NettyBenchClient.Options.defaults().withTimeout(timeout));
    }

    static NettyBenchClient.Options twoConnections() {
        return NettyBenchClient.Options.defaults().withConnections(2).withInFlightPerConnection(256);
    }

    @Test
    void tenThousandGetsOverTwoConnectionsAreAnsweredEachWithItsOwnAnswer() throws Exception {
        try (BareServer bare = BareServer.echoUnits(); NettyBenchClient client = new NettyBenchClient(bare.endpoint(), twoConnections())) {
            List<CompletableFuture<BenchOutcome>> futures = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                futures.add(client.execute(new BenchRequest.Get("t", new BenchKey("p", "s" + i), false)));
            }
            for (int i = 0; i < futures.size(); i++) {
                assertThat(futures.get(i).get(20, TimeUnit.SECONDS)).isEqualTo(BenchOutcome.ok(i, 0, 1));
            }
            assertThat(bare.connections.get()).isEqualTo(2);
            assertThat(bare.requests.get()).isEqualTo(10_000);
            assertThat(bare.mostRequestsInOneRead.get()).isGreaterThan(1);
        }
    }

    /** Many requests queued on two connections (one in flight on each: see the disabled test below). */
    @Test
    void tenThousandConcurrentGetsOfKeystormServeOverTwoConnectionsFindTheRightItems() {
        getsOfKeystormServeFindTheRightItems("queued", twoConnections().withInFlightPerConnection(1));
    }

    /**
     * keystorm serve's server answers requests pipelined on one connection out of order:
     * DynamoServer's handler turns autoRead off while a request runs on its pool, but the requests
     * already decoded from the same read still reach the handler and run on the pool at once, and
     * their answers are written as they finish (this test fails so, at some get in the first
     * hundred, every time it ran). Enable it once the server answers a connection's requests one
     * after another; until then the test above keeps one request in flight per connection.
     */
    @Test
    void tenThousandPipelinedGetsOfKeystormServeOverTwoConnectionsFindTheRightItems() {
        getsOfKeystormServeFindTheRightItems("pipelined", twoConnections());
    }

    /** Puts every third key, then gets every key at once: each answer must be its own get's. */
    static void getsOfKeystormServeFindTheRightItems(String table, NettyBenchClient.Options options) {
        try (NettyBenchClient client = new NettyBenchClient(endpoint(), options)) {
            // 54 partitions, so that no partition's ceiling throttles the burst of puts (a new
            // on-demand table's four would): this test is about answers matching requests
            client.createTable(table, new TableMode.Provisioned(40_000, 40_000));
            List<CompletableFuture<BenchOutcome>> puts = new ArrayList<>();
            for (int i = 0; i < 10_000; i += 3) {
                puts.add(client.execute(new BenchRequest.Put(table, new BenchKey("p" + i % 50, "s" + i),
                        Map.of("field0", "v"))));
            }
            puts.forEach(put -> assertThat(put.orTimeout(20, TimeUnit.SECONDS).join().kind()).isEqualTo(Kind.OK));
            List<CompletableFuture<BenchOutcome>> gets = new ArrayList<>();
            for (int i = 0; i < 10_000; i++) {
                gets.add(client.execute(new BenchRequest.Get(table, new BenchKey("p" + i % 50, "s" + i), false)));
            }
            for (int i = 0; i < gets.size(); i++) {
                assertThat(gets.get(i).orTimeout(20, TimeUnit.SECONDS).join())
                        .as("get %d", i).isEqualTo(BenchOutcome.ok(0.5, 0, i % 3 == 0 ? 1 : 0));
            }
            client.deleteTable(table);
        }
    }

    @Test
    void afterAClosedConnectionItConnectsAgain() throws Exception {
        try (BareServer bare = BareServer.closing(); NettyBenchClient client = new NettyBenchClient(bare.endpoint(),
                NettyBenchClient.Options.defaults().withConnections(1))) {
            for (int i = 0; i < 3; i++) {
                BenchOutcome outcome = run(client, new BenchRequest.Get("t", new BenchKey("p", "s"), false));
                assertThat(outcome).isEqualTo(BenchOutcome.indeterminate("connection closed"));
            }
            assertThat(bare.connections.get()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void requestsInFlightWhenTheClientClosesAreIndeterminateAndLaterOnesAreRefused() throws Exception {
        try (BareServer bare = BareServer.silent()) {
            NettyBenchClient client = new NettyBenchClient(bare.endpoint(), twoConnections());
            CompletableFuture<BenchOutcome> pending = client.execute(new BenchRequest.Get("t", new BenchKey("p", "s"), false));
            client.close();
            assertThat(pending.orTimeout(5, TimeUnit.SECONDS).join()).isEqualTo(BenchOutcome.indeterminate("client closed"));
            assertThatThrownBy(() -> client.execute(new BenchRequest.Get("t", new BenchKey("p", "s"), false)))
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void badOptionsAndEndpointsAreRefusedWithTheirValue() {
        assertThatThrownBy(() -> NettyBenchClient.Options.defaults().withConnections(0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0");
        assertThatThrownBy(() -> NettyBenchClient.Options.defaults().withInFlightPerConnection(-3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("-3");
        assertThatThrownBy(() -> new NettyBenchClient(URI.create("https://example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("https://example.com");
    }
}
