package keystorm.gatling;

import io.gatling.javaapi.core.Simulation;
import java.util.Map;
import java.util.SplittableRandom;
import keystorm.workloads.keys.KeyDistribution;

/**
 * YCSB's workloads A, B, C and F over DynamoDB's JSON protocol: the load phase writes
 * {@code -Drecords} items {@code field0..field9} (YCSB's usertable, here pk/sk of the strategy),
 * then an open arrival process at {@code -Drate} a second runs the workload's mix, the records
 * drawn from {@code -DkeyDist} (default {@code zipf:0.99}, YCSB's request distribution; keystorm's
 * zipf ranks record 0 hottest, where YCSB scrambles ranks over the key space).
 *
 * <p>{@code ./mvnw -B -ntp -o -pl gatling -am -Pgatling verify -DskipTests
 * -Dgatling.simulationClass=keystorm.gatling.YcsbSimulation -Dworkload=a -Drate=200 -Dduration=20}
 * (without {@code -Dtarget} it starts keystorm serve in-process). Extra settings: {@code -Dworkload}
 * (a|b|c|f), {@code -DwriteAllFields} (an update puts the whole item, YCSB's writeallfields).
 */
@SuppressWarnings("this-escape") // Gatling's DSL wants setUp in the constructor: the fields it reads are set before it
public class YcsbSimulation extends Simulation {
    private final Settings settings = Settings.from(System.getProperties(),
            Map.of("keyDist", "zipf:0.99", "table", "keystorm_ycsb"));
    private final Settings.Reader extra = new Settings.Reader(System.getProperties(),
            Map.of("workload", "a", "writeAllFields", "false"));
    private final YcsbWorkload workload = YcsbWorkload.parse(extra.text("workload"));
    private final Records records = new Records(settings.records(), settings.records(), "user",
            Strategies.parse(settings.strategy()));
    private final Items items = new Items(settings.fieldCount(), settings.fieldBytes());
    private final YcsbFeeder feeder = new YcsbFeeder(settings.table(), records,
            KeyDistribution.parse(settings.keyDistribution(), settings.records()), workload, items,
            extra.bool("writeAllFields"), settings.seed());
    private final Outcomes outcomes = new Outcomes();
    private final Endpoint endpoint = Endpoint.open(settings.target());

    {
        setUp(DynamoCalls.population("YCSB workload " + workload + " " + records.strategy() + " " + settings.keyDistribution(), feeder, settings, outcomes))
                .protocols(DynamoCalls.protocol(endpoint.uri()))
                .assertions(DynamoCalls.assertions(settings));
    }

    @Override
    public void before() {
        System.out.println("keystorm: " + settings + ", workload " + workload + ", endpoint " + endpoint);
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
