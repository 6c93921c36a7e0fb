package keystorm.gatling;

import io.gatling.javaapi.core.Simulation;
import java.util.Map;
import java.util.SplittableRandom;
import keystorm.workloads.keys.KeyDistribution;

/**
 * A write-heavy load on a few hot logical keys, to compare partition-key strategies: the load
 * phase writes {@code -Drecords} items spread over {@code -DlogicalKeys} logical keys; then
 * {@code -DwritePercent} of the arrivals put a new item under a logical key drawn from
 * {@code -DkeyDist} (default {@code hotspot:0.01:0.9}: 90% of the traffic on the hottest 1%), the
 * rest read a loaded item of one. {@code -Dstrategy} places each item: {@code natural} puts a hot
 * key's writes on one partition (and meets its per-partition ceiling), {@code suffix:N} spreads them
 * over N partition keys (a point read then asks for N keys in a BatchGetItem), {@code calculated:N}
 * too (a point read knows its one key).
 *
 * <p>{@code ./mvnw -B -ntp -o -pl gatling -am -Pgatling verify -DskipTests
 * -Dgatling.simulationClass=keystorm.gatling.HotKeySimulation -Dstrategy=suffix:10
 * -DitemBytes=20000 -Drate=150 -Dduration=20}: 20 KB items are 20 write units each, so the hot key's
 * 135 writes a second ask its partition for 2,700 units where a partition serves 1,000 (DynamoDB's
 * per-partition ceiling, which keystorm serve enforces): {@code natural} is throttled, {@code suffix:10}
 * mostly not. Extra settings: {@code -DlogicalKeys} (100), {@code -DwritePercent} (90).
 */
@SuppressWarnings("this-escape") // Gatling's DSL wants setUp in the constructor: the fields it reads are set before it
public class HotKeySimulation extends Simulation {
    private final Settings settings = Settings.from(System.getProperties(),
            Map.of("keyDist", "hotspot:0.01:0.9", "table", "keystorm_hotkey"));
    private final Settings.Reader extra = new Settings.Reader(System.getProperties(),
            Map.of("logicalKeys", "100", "writePercent", "90"));
    private final int logicalKeys = extra.whole("logicalKeys", 1);
    private final double writePercent = extra.decimal("writePercent");
    private final Records records = new Records(settings.records(), logicalKeys, "key",
            Strategies.parse(settings.strategy()));
    private final Items items = new Items(settings.fieldCount(), settings.fieldBytes());
    private final HotKeyFeeder feeder = new HotKeyFeeder(settings.table(), records,
            KeyDistribution.parse(settings.keyDistribution(), logicalKeys), writePercent / 100, items,
            settings.seed(), System::currentTimeMillis);
    private final Outcomes outcomes = new Outcomes();
    private final Endpoint endpoint = Endpoint.open(settings.target());

    {
        setUp(DynamoCalls.population("hot keys " + records.strategy() + " " + settings.keyDistribution() + " " + writePercent
                + "% writes", feeder, settings, outcomes))
                .protocols(DynamoCalls.protocol(endpoint.uri()))
                .assertions(DynamoCalls.assertions(settings));
    }

    @Override
    public void before() {
        System.out.println("keystorm: " + settings + ", " + logicalKeys + " logical keys, " + writePercent
                + "% writes, endpoint " + endpoint);
        SplittableRandom values = new SplittableRandom(settings.seed()).split();
        try (LoadPhase load = new LoadPhase(endpoint.uri())) {
            System.out.println("keystorm: " + load.run(settings.table(), settings.tableMode(), records.count(),
                    r -> new Request(Operation.PutItem,
                            DynamoJson.putItem(settings.table(), records.home(r), items.all(values))), 32));
        }
    }

    @Override
    public void after() {
        System.out.println("keystorm: " + outcomes);
        endpoint.close();
    }
}
