package keystorm.workloads.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import keystorm.engine.wal.SyncPolicy;
import keystorm.workloads.client.Targets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run that dies at its start still leaves test.json; a serve child is asked to record insights into the run directory. */
class TestRunStartTest {
    @Test
    void aServeChildThatWillNotStartLeavesTestJsonAndWasAskedForInsights(@TempDir Path dir) throws Exception {
        // a "server" that prints the arguments it was given and exits
        List<String> serve = List.of("sh", "-c", "echo args: \"$@\"; exit 3", "serve");
        TestConfig config = new TestConfig("register", new Targets.Target.Serve(), List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 2, 100, 3, "uniform", 8, Set.of(), null, dir, false, 0, SyncPolicy.BATCH, serve,
                "us-east-1", false);
        Path run = dir.resolve("run");
        assertThatThrownBy(() -> TestRun.run(config, run, new TestRun.RunOptions("keystorm test --target serve --seed 8",
                false, false, Progress.NONE, true)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("--insights " + run.resolve("insights"));
        var test = new ObjectMapper().readTree(run.resolve("test.json").toFile());
        assertThat(test.get("command").asText()).isEqualTo("keystorm test --target serve --seed 8");
        assertThat(TestConfigJson.read(test.get("options"), serve, dir)).isEqualTo(config);
        assertThat(Files.exists(run.resolve("results.json"))).isFalse();
    }

    @Test
    void theOldSignatureStartsServeWithoutInsights(@TempDir Path dir) {
        List<String> serve = List.of("sh", "-c", "echo args: \"$@\"; exit 3", "serve");
        TestConfig config = new TestConfig("register", new Targets.Target.Serve(), List.of(), Duration.ofSeconds(5),
                Duration.ofSeconds(1), 2, 100, 3, "uniform", 8, Set.of(), null, dir, false, 0, SyncPolicy.BATCH, serve,
                "us-east-1", false);
        assertThatThrownBy(() -> TestRun.run(config, dir.resolve("run")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("args: ")
                .hasMessageNotContaining("--insights");
        assertThat(Files.exists(dir.resolve("run/test.json"))).isTrue();
    }
}
