package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm serve --table-status-delay}: boto3's table_exists and table_not_exists waiters, UpdateTable,
 * tags, a gzip-compressed request, DescribeLimits and DescribeEndpoints against a real server process, as an
 * application's infrastructure code drives them (table_api_boto3.py; skipped with a message without boto3).
 */
class ServeTableApiTest {

    @Test
    void aBadDelayIsAUsageError() {
        CommandLineTest bad = CommandLineTest.run("serve", "--port", "0", "--table-status-delay", "soon")
                .assertStatus(ExitStatus.USAGE);
        assertThat(bad.err()).isEqualTo("keystorm serve: --table-status-delay takes a time such as 2s, 500ms or 1m, "
                + "not 'soon'\n");
        assertThat(ServeCommand.delayNanos("2s")).isEqualTo(2_000_000_000L);
        assertThat(ServeCommand.delayNanos("500ms")).isEqualTo(500_000_000L);
        assertThat(ServeCommand.delayNanos("1.5")).isEqualTo(1_500_000_000L);
        assertThat(ServeCommand.delayNanos("0")).isZero();
    }

    @Test
    void boto3WaitsForTablesAsItWouldOnDynamoDb(@TempDir Path dir) throws Exception {
        Assumptions.assumeTrue(ServeAuthTest.boto3Available(), "python3 with boto3 is not installed: skipped");
        Path script = ServeAuthTest.resource(dir, "table_api_boto3.py");
        try (ServeEndToEndTest.Server server = ServeEndToEndTest.Server.start("--table-status-delay", "2s")) {
            Process python = new ProcessBuilder("python3", script.toString(), server.endpoint())
                    .redirectErrorStream(true).start();
            String printed = new String(python.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(python.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(python.exitValue()).as(printed).isZero();
            assertThat(printed.lines().toList()).containsExactly(
                    "create: CREATING",
                    "put while creating: ResourceNotFoundException",
                    "delete while creating: ResourceInUseException",
                    "exists: ACTIVE True",
                    "put: ok",
                    "update: UPDATING",
                    "update again: ResourceInUseException",
                    "updated: ACTIVE 10",
                    "tags: [('env', 'test')]",
                    "gzip: 10000",
                    "limits: 80000 40000",
                    "endpoints: 1 1440 True",
                    "delete: DELETING",
                    "create while deleting: ResourceInUseException",
                    "gone: ResourceNotFoundException");
        }
    }
}
