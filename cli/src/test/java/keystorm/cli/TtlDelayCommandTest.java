package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --ttl-delay} on {@code keystorm serve} and {@code keystorm test}: how long after an item's Time to Live
 * has passed the engine's sweep deletes it. A time with its unit; a bare number only for 0.
 */
class TtlDelayCommandTest {
    @TempDir
    Path store;

    @Test
    void aTimeWithItsUnit() {
        assertThat(TestCommand.ttlDelayNanos("0")).isZero();
        assertThat(TestCommand.ttlDelayNanos("500ms")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        assertThat(TestCommand.ttlDelayNanos("2s")).isEqualTo(TimeUnit.SECONDS.toNanos(2));
        assertThat(TestCommand.ttlDelayNanos("1.5s")).isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
        assertThat(TestCommand.ttlDelayNanos(" 5m ")).isEqualTo(TimeUnit.MINUTES.toNanos(5));
        assertThat(TestCommand.ttlDelayNanos("48h")).isEqualTo(TimeUnit.HOURS.toNanos(48));
        for (String bad : List.of("300", "soon", "-1s", "49h", "1.5ms", "5 m", "", "2d")) {
            assertThatThrownBy(() -> TestCommand.ttlDelayNanos(bad)).as(bad)
                    .hasMessage("--ttl-delay takes a time with its unit from 0 to 48h (such as 0, 500ms, 2s, 5m or 1h), "
                            + "not '" + bad + "'");
        }
    }

    @Test
    void bothCommandsListItInTheirHelpAndRefuseABadValue() {
        assertThat(CommandLineTest.run("serve", "--help").assertStatus(ExitStatus.OK).out())
                .contains("--ttl-delay <TIME>").contains("default 5m");
        assertThat(CommandLineTest.run("test", "--help").assertStatus(ExitStatus.OK).out())
                .contains("--ttl-delay <TIME>");
        assertThat(CommandLineTest.run("serve", "--ttl-delay", "300").assertStatus(ExitStatus.USAGE).err())
                .isEqualTo("keystorm serve: --ttl-delay takes a time with its unit from 0 to 48h (such as 0, 500ms, 2s, "
                        + "5m or 1h), not '300'\n");
        assertThat(test("--workload", "register", "--ttl-delay", "soon").assertStatus(ExitStatus.USAGE).err())
                .contains("--ttl-delay takes a time with its unit");
        assertThat(test("--workload", "register", "--ttl-delay", "2s", "--target", "http://127.0.0.1:1")
                .assertStatus(ExitStatus.USAGE).err())
                .contains("--ttl-delay sets the Time to Live delay of keystorm's engine");
        assertThat(test("--workload", "register", "--ttl-delay", "2s", "--simulate").assertStatus(ExitStatus.USAGE).err())
                .contains("--ttl-delay is not simulated");
    }

    @Test
    void serveStartsWithItAndSaysSo() throws Exception {
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                System.getProperty("java.class.path"), Main.class.getName(), "serve", "--port", "0", "--ttl-delay", "1.5s")
                .redirectErrorStream(true).start();
        try (java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(
                process.getInputStream(), java.nio.charset.StandardCharsets.UTF_8))) {
            String ready = out.readLine();
            while (ready != null && !ready.startsWith("keystorm serve:")) { // a JVM warning or two come first
                ready = out.readLine();
            }
            assertThat(ready).startsWith("keystorm serve: listening on http://127.0.0.1:")
                    .contains("expired items deleted 1.5 s after their Time to Live");
        } finally {
            process.destroyForcibly();
            process.waitFor(20, TimeUnit.SECONDS);
        }
    }

    @Test
    void aRunKeepsItsDelayInItsRerunAndItsTestJson() throws IOException {
        CommandLineTest run = test("--workload", "register", "--ttl-delay", "2s", "--time-limit", "1", "--seed", "3")
                .assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("--ttl-delay 2000ms");
        JsonNode options = new ObjectMapper().readTree(Files.readString(testJson())).get("options");
        assertThat(options.get("ttlDelayMillis").asLong()).isEqualTo(2000);

        CommandLineTest plain = test("--workload", "register", "--time-limit", "1", "--seed", "3")
                .assertStatus(ExitStatus.OK);
        assertThat(plain.out()).as("the default is not repeated").doesNotContain("--ttl-delay");
    }

    private Path testJson() throws IOException {
        try (Stream<Path> files = Files.walk(store)) {
            return files.filter(p -> p.getFileName().toString().equals("test.json")).findFirst().orElseThrow();
        }
    }

    private CommandLineTest test(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "test";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--store";
        all[args.length + 2] = store.toString();
        return CommandLineTest.run(all);
    }
}
