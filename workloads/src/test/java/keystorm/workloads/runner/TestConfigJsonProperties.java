package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.engine.fault.Bug;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.Targets;
import keystorm.workloads.nemesis.NemesisKind;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** test.json's options: every config round-trips exactly; a field that is missing or wrong is named. */
class TestConfigJsonProperties {
    static final List<String> SERVE = List.of("java", "-cp", "x.jar", "keystorm.cli.Main", "serve");
    static final Path STORE = Path.of("store");

    @Property(tries = 300)
    void everyConfigRoundTripsExactly(@ForAll("configs") TestConfig config, @ForAll boolean simulate,
                                      @ForAll boolean swarm) throws Exception {
        ObjectNode options = TestConfigJson.write(config, simulate, swarm);
        // through the text, as a reader of the file sees it
        JsonNode read = TestConfigJson.JSON.readTree(TestConfigJson.JSON.writeValueAsString(options));
        assertThat(TestConfigJson.read(read, SERVE, STORE)).isEqualTo(config);
        assertThat(read.get("simulate").asBoolean()).isEqualTo(simulate);
        assertThat(read.get("swarm").asBoolean()).isEqualTo(swarm);
        assertThat(read.has("consistencyModel")).isEqualTo(config.consistencyModel() != null);
    }

    @Property(tries = 200)
    void aMissingOrWrongFieldIsNamed(@ForAll("configs") TestConfig config, @ForAll("fields") String field,
                                     @ForAll boolean remove) {
        ObjectNode options = TestConfigJson.write(config, false, false);
        if (remove) {
            options.remove(field);
        } else {
            options.putObject(field).put("not", "this");
        }
        assertThatThrownBy(() -> TestConfigJson.read(options, SERVE, STORE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("test.json options." + field + ": ");
    }

    @Example
    void badValuesAreNamedWithWhy() {
        TestConfig config = configs().sample();
        ObjectNode options = TestConfigJson.write(config, false, false);
        options.put("sync", "sometimes");
        assertThatThrownBy(() -> TestConfigJson.read(options, SERVE)).hasMessage(
                "test.json options.sync: always, batch or never, not 'sometimes'");
        ObjectNode target = TestConfigJson.write(config, false, false).put("target", "ftp://x");
        assertThatThrownBy(() -> TestConfigJson.read(target, SERVE)).hasMessageStartingWith("test.json options.target: ");
        ObjectNode bug = TestConfigJson.write(config, false, false);
        bug.putArray("bugs").add("no-such-bug");
        assertThatThrownBy(() -> TestConfigJson.read(bug, SERVE)).hasMessage("test.json options.bugs: no such bug: 'no-such-bug'");
        ObjectNode keys = TestConfigJson.write(config, false, false).put("keys", 0);
        assertThatThrownBy(() -> TestConfigJson.read(keys, SERVE)).hasMessageStartingWith("test.json options.keys: ");
    }

    @Example
    void theIndexFieldsAreReadWhenThereAndOtherwiseMeanTheTable() {
        TestConfig config = configs().sample().withReadIndex(true, 50);
        ObjectNode options = TestConfigJson.write(config, false, false);
        assertThat(options.get("readIndex").asBoolean()).isTrue();
        assertThat(options.get("indexLagMillis").asLong()).isEqualTo(50);
        ObjectNode older = options.deepCopy();
        older.remove("readIndex");
        older.remove("indexLagMillis");
        assertThat(TestConfigJson.read(older, SERVE, STORE)).isEqualTo(config.withReadIndex(false, 0));
        ObjectNode wrong = options.deepCopy().put("readIndex", "yes");
        assertThatThrownBy(() -> TestConfigJson.read(wrong, SERVE)).hasMessage(
                "test.json options.readIndex: expected true or false, not \"yes\"");
        ObjectNode negative = options.deepCopy().put("indexLagMillis", -1);
        assertThatThrownBy(() -> TestConfigJson.read(negative, SERVE)).hasMessageStartingWith("test.json options.indexLagMillis: ");
    }

    @Example
    void theTtlDelayIsReadWhenThereAndOtherwiseIsTheEnginesOwn() {
        TestConfig config = configs().sample().withTtlDelayMillis(2000);
        ObjectNode options = TestConfigJson.write(config, false, false);
        assertThat(options.get("ttlDelayMillis").asLong()).isEqualTo(2000);
        ObjectNode older = options.deepCopy();
        older.remove("ttlDelayMillis");
        assertThat(TestConfigJson.read(older, SERVE, STORE))
                .isEqualTo(config.withTtlDelayMillis(TestConfig.TTL_DELAY_MILLIS_DEFAULT));
        ObjectNode negative = options.deepCopy().put("ttlDelayMillis", -1);
        assertThatThrownBy(() -> TestConfigJson.read(negative, SERVE)).hasMessageStartingWith("test.json options.ttlDelayMillis: ");
    }

    @Example
    void theTestJsonHoldsTheRunAndItsOptions() throws Exception {
        Path dir = Files.createTempDirectory("testjson");
        TestConfig config = configs().sample();
        Instant started = Instant.parse("2026-12-02T04:30:00.123Z");
        TestConfigJson.writeTestJson(dir, config, true, false, "keystorm test --seed 5", started);
        JsonNode root = TestConfigJson.JSON.readTree(dir.resolve("test.json").toFile());
        assertThat(root.get("format").asInt()).isEqualTo(1);
        assertThat(root.get("kind").asText()).isEqualTo("test");
        assertThat(root.get("name").asText()).isEqualTo(config.workload());
        assertThat(root.get("started").asText()).isEqualTo("2026-12-02T04:30:00.123Z");
        assertThat(root.get("command").asText()).isEqualTo("keystorm test --seed 5");
        assertThat(root.get("seed").asLong()).isEqualTo(config.seed());
        assertThat(root.get("options").get("simulate").asBoolean()).isTrue();
        assertThat(TestConfigJson.read(root.get("options"), SERVE)).isEqualTo(config);
        assertThat(Files.list(dir).map(p -> p.getFileName().toString()).toList()).containsExactly("test.json");
    }

    @Provide
    Arbitrary<String> fields() {
        return Arbitraries.of("workload", "target", "nemeses", "nemesisIntervalSeconds", "timeLimitSeconds",
                "concurrency", "rate", "keys", "keyDistribution", "seed", "bugs", "replicaLagMillis", "sync", "region",
                "awsCredentials", "keepTables");
    }

    @Provide
    static Arbitrary<TestConfig> configs() {
        Arbitrary<Targets.Target> targets = Arbitraries.oneOf(Arbitraries.just(new Targets.Target.Embedded()),
                Arbitraries.just(new Targets.Target.Serve()),
                Combinators.combine(Arbitraries.of("http", "https"), Arbitraries.of("127.0.0.1", "localhost",
                        "dynamodb.us-east-1.amazonaws.com", "[::1]"), Arbitraries.integers().between(1, 65_535).injectNull(0.3))
                        .as((scheme, host, port) -> new Targets.Target.Endpoint(URI.create(scheme + "://" + host
                                + (port == null ? "" : ":" + port)))));
        Arbitrary<List<NemesisKind>> nemeses = Arbitraries.of(NemesisKind.class).list().uniqueElements().ofMaxSize(5);
        Arbitrary<Duration> millis = Arbitraries.longs().between(1, 86_400_000).map(Duration::ofMillis);
        Arbitrary<Double> rates = Arbitraries.oneOf(Arbitraries.just(0.0), Arbitraries.doubles().between(0.001, 1e7).ofScale(6),
                Arbitraries.integers().between(1, 100_000).map(Integer::doubleValue));
        Arbitrary<Set<Bug>> bugs = Arbitraries.of(Bug.class).set().ofMaxSize(4);
        Arbitrary<ConsistencyModel> models = Arbitraries.of(ConsistencyModel.class).injectNull(0.4);
        Arbitrary<String> distributions = Arbitraries.of("uniform", "zipf:0.99", "hotspot:0.01:0.9", "sequential");
        Arbitrary<String> regions = Arbitraries.of("us-east-1", "eu-west-3", "ap-southeast-2");
        Arbitrary<Object[]> first = Combinators.combine(Arbitraries.of(Workloads.names()), targets, nemeses, millis, millis,
                Arbitraries.integers().between(1, 10_000), rates, Arbitraries.integers().between(1, 10_000_000))
                .as((w, t, n, i, l, c, r, k) -> new Object[] {w, t, n, i, l, c, r, k});
        Arbitrary<Object[]> second = Combinators.combine(distributions, Arbitraries.longs(), bugs, models,
                Arbitraries.of(true, false), Arbitraries.longs().between(0, 3_600_000), Arbitraries.of(SyncPolicy.class),
                regions).as((d, s, b, m, keep, lag, sync, region) -> new Object[] {d, s, b, m, keep, lag, sync, region});
        return Combinators.combine(first, second, Arbitraries.of(true, false), Arbitraries.of(true, false),
                Arbitraries.longs().between(0, 3_600_000), Arbitraries.longs().between(0, 172_800_000))
                .as((a, b, aws, readIndex, indexLag, ttlDelay) -> {
            @SuppressWarnings("unchecked")
            TestConfig config = new TestConfig((String) a[0], (Targets.Target) a[1], (List<NemesisKind>) a[2],
                    (Duration) a[3], (Duration) a[4], (Integer) a[5], (Double) a[6], (Integer) a[7], (String) b[0],
                    (Long) b[1], (Set<Bug>) b[2], (ConsistencyModel) b[3], STORE, (Boolean) b[4], (Long) b[5],
                    (SyncPolicy) b[6], SERVE, (String) b[7], aws, readIndex, indexLag, ttlDelay);
            return config;
        });
    }
}
