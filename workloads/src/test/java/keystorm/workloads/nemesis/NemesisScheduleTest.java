package keystorm.workloads.nemesis;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import keystorm.engine.fault.Fault;
import keystorm.workloads.generator.Generators;
import keystorm.workloads.generator.Invocation;
import org.junit.jupiter.api.Test;

class NemesisScheduleTest {
    /** Every draw of every kind builds a valid fault: a net-delay's jitter of 14 ms on a 13-ms delay once threw. */
    @Test
    void everySeedGivesFaultsThatCanBeBuilt() {
        for (long seed = 0; seed < 2_000; seed++) {
            List<Invocation<Fault>> faults = Generators.take(NemesisSchedule.of(List.of(NemesisKind.values()),
                    Duration.ofSeconds(1), seed, List.of("t"), 4), 1, 4);
            assertThat(faults).hasSize(4);
        }
    }

    @Test
    void aNetDelaysJitterIsAtMostItsDelay() {
        for (long seed = 0; seed < 2_000; seed++) {
            for (Invocation<Fault> fault : Generators.take(NemesisSchedule.of(List.of(NemesisKind.NET_DELAY),
                    Duration.ofSeconds(1), seed, List.of(), 4), 1, 2)) {
                if (fault.value() instanceof Fault.NetDelay delay) {
                    assertThat(delay.jitter()).isLessThanOrEqualTo(delay.delay());
                }
            }
        }
    }
}
