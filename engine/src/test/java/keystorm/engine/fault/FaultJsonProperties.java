package keystorm.engine.fault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Every fault survives a trip through JSON; every malformed body is refused with the field named. */
class FaultJsonProperties {
    static final ObjectMapper JSON = new ObjectMapper();

    @Provide
    Arbitrary<Fault> faults() {
        Arbitrary<String> tables = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(12);
        Arbitrary<Integer> indexes = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        Arbitrary<Duration> lengths = Arbitraries.longs().between(0, Fault.DURATION_MAX.toMillis()).map(Duration::ofMillis);
        Arbitrary<Duration> offsets = Arbitraries.longs().between(-Fault.DURATION_MAX.toMillis(), Fault.DURATION_MAX.toMillis())
                .map(Duration::ofMillis);
        Arbitrary<Double> fractions = Arbitraries.doubles().between(0, false, 1, true);
        Arbitrary<Double> probabilities = Arbitraries.oneOf(Arbitraries.doubles().between(0, 1), Arbitraries.of(0.0, 1.0));
        return Arbitraries.oneOf(List.of(
                Combinators.combine(lengths, lengths).as(Fault.LagSpike::new),
                Combinators.combine(tables, indexes).as(Fault.CrashLeader::new),
                Combinators.combine(tables, indexes, indexes).as(Fault.RestartReplica::new),
                Combinators.combine(tables, indexes, indexes).as(Fault.IsolateReplica::new),
                Combinators.combine(tables, indexes, indexes).as(Fault.RejoinReplica::new),
                Combinators.combine(tables, indexes, fractions).as(Fault.SqueezeCapacity::new),
                offsets.map(Fault.SkewClock::new),
                Arbitraries.just(new Fault.Crash()),
                Arbitraries.just(new Fault.HealAll()),
                Arbitraries.just(new Fault.Kill()),
                Arbitraries.just(new Fault.Restart()),
                Arbitraries.just(new Fault.Pause()),
                Arbitraries.just(new Fault.Resume()),
                Combinators.combine(lengths, Arbitraries.doubles().between(0, 1)).as((delay, share) ->
                        new Fault.NetDelay(delay, Duration.ofMillis((long) Math.floor(delay.toMillis() * share)))),
                probabilities.map(Fault.NetDrop::new),
                Arbitraries.just(new Fault.NetReset()),
                Arbitraries.just(new Fault.NetBlackhole()),
                Arbitraries.just(new Fault.NetHeal())));
    }

    @Property
    void everyFaultRoundTripsThroughJson(@ForAll("faults") Fault fault) throws Exception {
        JsonNode written = FaultJson.write(fault);
        assertThat(written.get("fault").textValue()).isEqualTo(fault.name());
        assertThat(FaultJson.read(written)).isEqualTo(fault);
        // and through the text a wire carries
        assertThat(FaultJson.read(JSON.readTree(JSON.writeValueAsString(written)))).isEqualTo(fault);
    }

    @Example
    void theGeneratorReachesEveryFault() {
        Set<String> seen = new LinkedHashSet<>();
        faults().sampleStream().limit(5_000).forEach(fault -> seen.add(fault.name()));
        assertThat(seen).containsExactlyInAnyOrderElementsOf(FaultJson.NAMES);
    }

    @Example
    void theNamesAreDistinctAndEveryRecordHasOne() {
        assertThat(new LinkedHashSet<>(FaultJson.NAMES)).hasSameSizeAs(FaultJson.NAMES);
        assertThat(Fault.class.getPermittedSubclasses()).hasSize(3);
        int records = 0;
        for (Class<?> group : Fault.class.getPermittedSubclasses()) {
            records += group.getPermittedSubclasses().length;
        }
        assertThat(records).isEqualTo(FaultJson.NAMES.size());
    }

    @Example
    void todaysAdminBodiesAreRead() throws Exception {
        assertThat(read("{\"fault\":\"crash-leader\",\"table\":\"T\",\"partition\":0}"))
                .isEqualTo(new Fault.CrashLeader("T", 0));
        assertThat(read("{\"fault\":\"lag-spike\",\"extraMillis\":200,\"lengthMillis\":5000}"))
                .isEqualTo(new Fault.LagSpike(Duration.ofMillis(200), Duration.ofSeconds(5)));
        assertThat(read("{\"fault\":\"squeeze\",\"table\":\"T\",\"partition\":1,\"fraction\":0.25}"))
                .isEqualTo(new Fault.SqueezeCapacity("T", 1, 0.25));
        assertThat(read("{\"fault\":\"skew-clock\",\"offsetMillis\":-3000}"))
                .isEqualTo(new Fault.SkewClock(Duration.ofSeconds(-3)));
        assertThat(read("{\"fault\":\"rejoin-replica\",\"table\":\"T\",\"partition\":0,\"replica\":2,\"note\":\"x\"}"))
                .isEqualTo(new Fault.RejoinReplica("T", 0, 2));
        assertThat(read("{\"fault\":\"heal-all\"}")).isEqualTo(new Fault.HealAll());
        assertThat(read("{\"fault\":\"net-delay\",\"delayMillis\":50,\"jitterMillis\":10}"))
                .isEqualTo(new Fault.NetDelay(Duration.ofMillis(50), Duration.ofMillis(10)));
        assertThat(read("{\"fault\":\"net-drop\",\"probability\":1}")).isEqualTo(new Fault.NetDrop(1));
    }

    @Example
    void badBodiesNameTheFieldAndWhatItTakes() {
        assertBad("{}", "field 'fault' takes the fault's name, a string; known: lag-spike, crash-leader");
        assertBad("[]", "a fault is a JSON object, not []");
        assertBad("{\"fault\":\"gremlins\"}", "unknown fault 'gremlins'; known: lag-spike, crash-leader, restart-replica, "
                + "isolate-replica, rejoin-replica, squeeze, skew-clock, crash, heal-all, kill, restart, pause, resume, "
                + "net-delay, net-drop, net-reset, net-blackhole, net-heal");
        assertBad("{\"fault\":\"crash-leader\",\"partition\":0}", "fault crash-leader: field 'table' takes a string, not missing");
        assertBad("{\"fault\":\"crash-leader\",\"table\":\"T\",\"partition\":\"0\"}",
                "fault crash-leader: field 'partition' takes a whole number, 0 or more, not \"0\"");
        assertBad("{\"fault\":\"crash-leader\",\"table\":\"T\",\"partition\":-1}",
                "fault crash-leader: field 'partition' takes a whole number, 0 or more, not -1");
        assertBad("{\"fault\":\"crash-leader\",\"table\":\"\",\"partition\":0}",
                "fault crash-leader: table must be a table name, not empty");
        assertBad("{\"fault\":\"lag-spike\",\"extraMillis\":1.5,\"lengthMillis\":1}",
                "fault lag-spike: field 'extraMillis' takes whole milliseconds, not 1.5");
        assertBad("{\"fault\":\"lag-spike\",\"extraMillis\":-1,\"lengthMillis\":1}",
                "fault lag-spike: extra must be from 0 to 1 day: PT-0.001S");
        assertBad("{\"fault\":\"skew-clock\",\"offsetMillis\":1e12}",
                "fault skew-clock: field 'offsetMillis' takes at most 86400000 milliseconds either way, not 1000000000000");
        assertBad("{\"fault\":\"squeeze\",\"table\":\"T\",\"partition\":0}",
                "fault squeeze: field 'fraction' takes a number in (0, 1], not missing");
        assertBad("{\"fault\":\"squeeze\",\"table\":\"T\",\"partition\":0,\"fraction\":0}",
                "fault squeeze: fraction must be in (0, 1]: 0.0");
        assertBad("{\"fault\":\"net-drop\",\"probability\":1.5}", "fault net-drop: probability must be in [0, 1]: 1.5");
        assertBad("{\"fault\":\"net-delay\",\"delayMillis\":5,\"jitterMillis\":10}",
                "fault net-delay: jitter must be at most the delay: jitter PT0.01S, delay PT0.005S");
    }

    @Example
    void aDurationFinerThanAMillisecondIsNotWrittenTruncated() {
        assertThatThrownBy(() -> FaultJson.write(new Fault.NetDelay(Duration.ofNanos(1_500_000), Duration.ZERO)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("fault net-delay: delay must be whole milliseconds to be written as JSON: PT0.0015S");
    }

    @Example
    void theRecordsCheckTheirArguments() {
        assertThatThrownBy(() -> new Fault.RestartReplica("T", 0, -1)).hasMessage("replica must be 0 or more: -1");
        assertThatThrownBy(() -> new Fault.LagSpike(null, Duration.ZERO)).hasMessage("extra must be a duration, not null");
        assertThatThrownBy(() -> new Fault.SkewClock(Duration.ofDays(2))).hasMessage("offset must be from -1 day to 1 day: PT48H");
        assertThatThrownBy(() -> new Fault.SqueezeCapacity("T", 0, Double.NaN)).hasMessage("fraction must be in (0, 1]: NaN");
        assertThatThrownBy(() -> new Fault.CrashLeader(null, 0)).hasMessage("table must be a table name, not null");
    }

    static Fault read(String json) throws Exception {
        return FaultJson.read(JSON.readTree(json));
    }

    static void assertBad(String json, String message) {
        assertThatThrownBy(() -> read(json)).isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith(message);
    }
}
