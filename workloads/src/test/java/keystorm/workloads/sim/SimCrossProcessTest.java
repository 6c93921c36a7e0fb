package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;

/**
 * One seed is one history in any process, not only within one JVM: a fresh JVM, its identity
 * hash codes shifted from this one's, prints the same history hashes as this one. (Within one JVM an
 * identity hash, of an enum constant say, never changes, so the other tests cannot see a history
 * that depends on one.)
 */
class SimCrossProcessTest {
    static final List<SimSpec> CELLS = List.of(
            SimSpec.of("register", 3).withNemesis(List.of(NemesisKind.values()), Duration.ofMillis(80)),
            SimSpec.of("bank", 3).withNemesis(List.of(NemesisKind.PAUSE, NemesisKind.NET_DROP, NemesisKind.FAILOVER,
                    NemesisKind.ISOLATE, NemesisKind.SQUEEZE, NemesisKind.CLOCK), Duration.ofMillis(80)),
            SimSpec.of("list-append", 3).withNemesis(List.of(NemesisKind.LAG, NemesisKind.NET_RESET, NemesisKind.NET_DELAY),
                    Duration.ofMillis(80)),
            SimSpec.of("idempotency", 3).withNemesis(List.of(NemesisKind.NET_DROP), Duration.ofMillis(80)),
            SimSpec.of("set", 3)).stream().map(spec -> spec.withTimeLimit(Duration.ofMillis(800)).withCheck(false)).toList();

    @Test
    void freshProcessesGiveTheSameHistories() throws Exception {
        List<String> here = SimHashMain.hashes();
        assertThat(inAnotherProcess(100_003)).isEqualTo(here);
    }

    private static List<String> inAnotherProcess(int shift) throws IOException, InterruptedException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                SimHashMain.class.getName(), Integer.toString(shift))
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).as("the child JVM ended").isTrue();
        assertThat(process.exitValue()).as("the child JVM's exit status").isZero();
        return out.lines().toList();
    }
}
