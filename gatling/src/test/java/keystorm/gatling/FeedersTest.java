package keystorm.gatling;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import keystorm.workloads.bench.KeyStrategy;
import keystorm.workloads.bench.TableMode;
import keystorm.workloads.keys.KeyDistribution;
import org.junit.jupiter.api.Test;

/** The feeders' operations: the mix and the keys follow the settings, the bodies are DynamoDB's JSON. */
class FeedersTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TABLE = "usertable";
    private static final Items ITEMS = new Items(10, 100);

    private static YcsbFeeder ycsb(YcsbWorkload workload, String distribution, int records, long seed) {
        return new YcsbFeeder(TABLE, new Records(records, records, "user", KeyStrategy.NATURAL),
                KeyDistribution.parse(distribution, records), workload, ITEMS, false, seed);
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    /** The record a GetItem or UpdateItem body names, from its sort key item<r>. */
    private static int record(JsonNode body) {
        return Integer.parseInt(body.get("Key").get("sk").get("S").asText().substring("item".length()));
    }

    @Test
    void aGetItemNamesTheTableAndBothKeysAsStrings() {
        Cycle cycle = ycsb(YcsbWorkload.C, "uniform", 100, 1).nextCycle();
        assertThat(cycle.write()).isNull();
        assertThat(cycle.read().operation()).isEqualTo(Operation.GetItem);
        JsonNode body = parse(cycle.read().body());
        assertThat(body.get("TableName").asText()).isEqualTo(TABLE);
        int record = record(body);
        assertThat(body.get("Key").get("pk").get("S").asText()).isEqualTo("user" + record);
        assertThat(body.get("Key").size()).isEqualTo(2);
        assertThat(cycle.attributes()).containsEntry(Cycle.READ, "GetItem").containsKey(Cycle.READ_BODY)
                .doesNotContainKey(Cycle.WRITE);
    }

    @Test
    void anUpdateSetsOneFieldOfFieldBytesThroughPlaceholders() {
        YcsbFeeder feeder = ycsb(YcsbWorkload.A, "uniform", 100, 2);
        Cycle update = null;
        for (int i = 0; i < 100 && update == null; i++) {
            Cycle cycle = feeder.nextCycle();
            update = cycle.write() != null ? cycle : null;
        }
        assertThat(update).isNotNull();
        assertThat(update.write().operation()).isEqualTo(Operation.UpdateItem);
        JsonNode body = parse(update.write().body());
        assertThat(body.get("UpdateExpression").asText()).isEqualTo("SET #f0 = :v0");
        assertThat(body.get("ExpressionAttributeNames").get("#f0").asText()).matches("field[0-9]");
        assertThat(body.get("ExpressionAttributeValues").get(":v0").get("S").asText()).hasSize(100).matches("[A-Za-z0-9]+");
        assertThat(body.get("Key").get("pk").get("S").asText()).isEqualTo("user" + record(body));
    }

    @Test
    void writeAllFieldsPutsTheWholeItem() {
        YcsbFeeder feeder = new YcsbFeeder(TABLE, new Records(10, 10, "user", KeyStrategy.NATURAL),
                KeyDistribution.parse("uniform", 10), YcsbWorkload.F, new Items(4, 25), true, 3);
        Cycle cycle;
        do {
            cycle = feeder.nextCycle();
        } while (cycle.write() == null);
        assertThat(cycle.kind()).isEqualTo("read_modify_write");
        assertThat(cycle.write().operation()).isEqualTo(Operation.PutItem);
        JsonNode item = parse(cycle.write().body()).get("Item");
        assertThat(item.properties()).extracting(Map.Entry::getKey).containsExactly("pk", "sk", "field0", "field1",
                "field2", "field3");
        assertThat(item.get("field3").get("S").asText()).hasSize(25);
        // read-modify-write reads and writes the same record
        assertThat(record(parse(cycle.read().body()))).isEqualTo(Integer.parseInt(item.get("sk").get("S").asText().substring(4)));
    }

    @Test
    void theMixFollowsTheWorkload() {
        for (YcsbWorkload workload : YcsbWorkload.values()) {
            YcsbFeeder feeder = ycsb(workload, "uniform", 50, 4);
            Map<String, Integer> kinds = new HashMap<>();
            int cycles = 20_000;
            for (int i = 0; i < cycles; i++) {
                kinds.merge(feeder.nextCycle().kind(), 1, Integer::sum);
            }
            for (YcsbWorkload.Kind kind : YcsbWorkload.Kind.values()) {
                double share = kinds.getOrDefault(kind.name().toLowerCase(java.util.Locale.ROOT), 0) / (double) cycles;
                assertThat(share).as(workload + " " + kind).isCloseTo(workload.proportion(kind), within(0.015));
            }
        }
    }

    @Test
    void hotspotKeysGetTheirShare() {
        YcsbFeeder feeder = ycsb(YcsbWorkload.C, "hotspot:0.1:0.9", 100, 5);
        int hot = 0;
        int cycles = 20_000;
        for (int i = 0; i < cycles; i++) {
            hot += record(parse(feeder.nextCycle().read().body())) < 10 ? 1 : 0;
        }
        assertThat(hot / (double) cycles).isCloseTo(0.9, within(0.015));
    }

    @Test
    void zipfRanksRecordZeroHottestByTheRatioOfItsWeights() {
        // in rank order; zipf:0.99 alone scrambles the ranks over the keys, as YCSB does
        YcsbFeeder feeder = ycsb(YcsbWorkload.C, "zipf:0.99:ordered", 1000, 6);
        int[] counts = new int[1000];
        for (int i = 0; i < 50_000; i++) {
            counts[record(parse(feeder.nextCycle().read().body()))]++;
        }
        assertThat(counts[0]).isGreaterThan(counts[1]).isGreaterThan(counts[999] * 100);
        // P(0) / P(1) = 2^0.99
        assertThat(counts[0] / (double) counts[1]).isCloseTo(Math.pow(2, 0.99), within(0.25));
    }

    @Test
    void theSameSeedGivesTheSameOperations() {
        List<Map<String, Object>> first = new ArrayList<>();
        List<Map<String, Object>> second = new ArrayList<>();
        List<Map<String, Object>> other = new ArrayList<>();
        YcsbFeeder a = ycsb(YcsbWorkload.A, "zipf:0.99", 100, 7);
        YcsbFeeder b = ycsb(YcsbWorkload.A, "zipf:0.99", 100, 7);
        YcsbFeeder c = ycsb(YcsbWorkload.A, "zipf:0.99", 100, 8);
        for (int i = 0; i < 200; i++) {
            first.add(a.next());
            second.add(b.next());
            other.add(c.next());
        }
        assertThat(second).isEqualTo(first);
        assertThat(other).isNotEqualTo(first);
    }

    @Test
    void hotKeyWritesUnderARandomSuffixSpreadOverTheShardsAndReadsAskForAll() {
        Records records = new Records(100, 10, "key", Strategies.parse("suffix:4"));
        HotKeyFeeder feeder = new HotKeyFeeder(TABLE, records, KeyDistribution.parse("hotspot:0.1:0.9", 10), 0.9,
                ITEMS, 9, () -> 0L);
        Map<String, Integer> hotShards = new HashMap<>();
        int writes = 0;
        int reads = 0;
        for (int i = 0; i < 10_000; i++) {
            Cycle cycle = feeder.nextCycle();
            if (cycle.write() != null) {
                writes++;
                assertThat(cycle.write().operation()).isEqualTo(Operation.PutItem);
                JsonNode item = parse(cycle.write().body()).get("Item");
                assertThat(item.get("sk").get("S").asText()).isEqualTo("w" + cycle.cycle());
                String pk = item.get("pk").get("S").asText();
                assertThat(pk).matches("key[0-9]#[0-3]");
                if (pk.startsWith("key0#")) {
                    hotShards.merge(pk, 1, Integer::sum);
                }
            } else {
                reads++;
                assertThat(cycle.read().operation()).isEqualTo(Operation.BatchGetItem);
                JsonNode keys = parse(cycle.read().body()).get("RequestItems").get(TABLE).get("Keys");
                assertThat(keys.size()).isEqualTo(4);
                String sk = keys.get(0).get("sk").get("S").asText();
                List<String> pks = new ArrayList<>();
                keys.forEach(key -> {
                    assertThat(key.get("sk").get("S").asText()).isEqualTo(sk);
                    pks.add(key.get("pk").get("S").asText());
                });
                int record = Integer.parseInt(sk.substring(4));
                assertThat(pks).contains(records.home(record).pk());
            }
        }
        assertThat(writes / 10_000.0).isCloseTo(0.9, within(0.015));
        assertThat(reads).isEqualTo(10_000 - writes);
        // the hot logical key (90% of the writes) lands on each of its 4 shards about equally
        int hotWrites = hotShards.values().stream().mapToInt(Integer::intValue).sum();
        assertThat(hotWrites / (double) writes).isCloseTo(0.9, within(0.02));
        assertThat(hotShards).hasSize(4);
        hotShards.values().forEach(n -> assertThat(n / (double) hotWrites).isCloseTo(0.25, within(0.03)));
    }

    @Test
    void aCalculatedSuffixReadsItsOneKeyWithAGetItem() {
        Records records = new Records(100, 10, "key", Strategies.parse("calculated:8"));
        HotKeyFeeder feeder = new HotKeyFeeder(TABLE, records, KeyDistribution.parse("uniform", 10), 0, ITEMS, 10,
                () -> 0L);
        for (int i = 0; i < 200; i++) {
            Cycle cycle = feeder.nextCycle();
            assertThat(cycle.write()).isNull();
            assertThat(cycle.read().operation()).isEqualTo(Operation.GetItem);
            JsonNode key = parse(cycle.read().body()).get("Key");
            assertThat(key.get("pk").get("S").asText()).isEqualTo(records.home(record(parse(cycle.read().body()))).pk());
        }
    }

    @Test
    void createTableDeclaresTheKeysAndTheBilling() {
        JsonNode onDemand = parse(DynamoJson.createTable("t_1", new TableMode.OnDemand()));
        assertThat(onDemand.get("BillingMode").asText()).isEqualTo("PAY_PER_REQUEST");
        assertThat(onDemand.get("KeySchema").toString())
                .isEqualTo("[{\"AttributeName\":\"pk\",\"KeyType\":\"HASH\"},{\"AttributeName\":\"sk\",\"KeyType\":\"RANGE\"}]");
        assertThat(onDemand.get("AttributeDefinitions").findValuesAsText("AttributeType")).containsExactly("S", "S");
        assertThat(onDemand.has("ProvisionedThroughput")).isFalse();
        JsonNode provisioned = parse(DynamoJson.createTable("t_1", TableMode.parse("provisioned:5:7")));
        assertThat(provisioned.get("BillingMode").asText()).isEqualTo("PROVISIONED");
        assertThat(provisioned.get("ProvisionedThroughput").get("ReadCapacityUnits").asLong()).isEqualTo(5);
        assertThat(provisioned.get("ProvisionedThroughput").get("WriteCapacityUnits").asLong()).isEqualTo(7);
    }

    @Test
    void errorTypesAreClassified() {
        String throttled = "{\"__type\":\"com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException\","
                + "\"message\":\"slow down\"}";
        String validation = "{\"__type\":\"com.amazon.coral.validate#ValidationException\",\"message\":\"no\"}";
        assertThat(DynamoJson.errorType(throttled)).isEqualTo("ProvisionedThroughputExceededException");
        assertThat(DynamoCalls.describe(throttled)).isEqualTo("throttled: ProvisionedThroughputExceededException");
        assertThat(DynamoCalls.describe(validation)).isEqualTo("error: ValidationException");
        assertThat(DynamoCalls.describe("<html>502</html>")).isEqualTo("error: not a DynamoDB error body");
        Outcomes outcomes = new Outcomes();
        outcomes.record(200, "");
        outcomes.record(200, "");
        outcomes.record(400, throttled);
        outcomes.record(400, validation);
        assertThat(outcomes.ok()).isEqualTo(2);
        assertThat(outcomes.throttled()).isEqualTo(1);
        assertThat(outcomes.errors()).isEqualTo(1);
        assertThat(outcomes.throttledPercent()).isEqualTo(25.0);
    }

    @Test
    void strategiesParseAndNameWhatIsWrong() {
        assertThat(Strategies.parse("natural")).isEqualTo(KeyStrategy.NATURAL);
        assertThat(Strategies.parse("suffix:3").pointReadKeys("k", "i", 0)).containsExactly("k#0", "k#1", "k#2");
        KeyStrategy calculated = Strategies.parse("calculated:3");
        assertThat(calculated.pointReadKeys("k", "item7", 0)).containsExactly(calculated.writeKey("k", "item7", 99, 5));
        assertThat(calculated.groupReadKeys("k", 0, 1)).hasSize(3);
        for (String bad : List.of("suffix", "suffix:0", "suffix:x", "shard:3", "suffix:101+calculated:2", "calculated:1:2")) {
            assertThatThrownBy(() -> Strategies.parse(bad)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("'" + bad.split(":")[0]);
        }
    }

    @Test
    void settingsComeFromPropertiesAndNameABadOne() {
        Properties properties = new Properties();
        properties.setProperty("rate", "250");
        properties.setProperty("tableMode", "provisioned:10:20");
        Settings settings = Settings.from(properties, Map.of("keyDist", "zipf:0.99"));
        assertThat(settings.ratePerSecond()).isEqualTo(250);
        assertThat(settings.keyDistribution()).isEqualTo("zipf:0.99");
        assertThat(settings.target()).isNull();
        assertThat(settings.fieldBytes()).isEqualTo(100);
        assertThat(settings.tableMode()).isEqualTo(new TableMode.Provisioned(10, 20));
        for (Map.Entry<String, String> bad : Map.of("rate", "fast", "duration", "0", "throttledPercentMax", "150",
                "target", "localhost:8000", "itemBytes", "5").entrySet()) {
            Properties wrong = new Properties();
            wrong.setProperty(bad.getKey(), bad.getValue());
            assertThatThrownBy(() -> Settings.from(wrong, Map.of())).as(bad.toString())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(bad.getValue());
        }
    }
}
