package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm test --workload eventual-register --read-index} as a user runs it: reads go through
 * a global secondary index, and the report gives the index's staleness as it gives a replica's. With
 * no index lag nothing is stale, with eight clients; with {@code --index-lag} some reads are, and the
 * report names them.
 */
class ReadIndexCommandTest {
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) keys, (\\d+) writes, (\\d+) reads; (\\d+) stale");

    @TempDir
    Path store;

    private CommandLineTest test(String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "test";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--store";
        all[args.length + 2] = store.toString();
        return CommandLineTest.run(all);
    }

    /** The ok reads and the stale ones, from the checker's summary line. */
    private static int[] readsAndStale(String out) {
        Matcher m = SUMMARY.matcher(out);
        assertThat(m.find()).as("the eventual-register summary in%n%s", out).isTrue();
        return new int[] {Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))};
    }

    @Test
    void withoutIndexLagNoIndexReadIsStale() {
        CommandLineTest run = test("--workload", "eventual-register", "--read-index", "--time-limit", "2", "--seed", "4")
                .assertStatus(ExitStatus.OK);
        int[] figures = readsAndStale(run.out());
        assertThat(figures[0]).isGreaterThan(100);
        assertThat(figures[1]).as(run.out()).isZero();
        assertThat(run.out()).contains("rerun: keystorm test --workload eventual-register --time-limit 2.0 --concurrency 8")
                .contains("--read-index --seed 4").contains("eventual-register: valid");
    }

    @Test
    void anIndexLagShowsAsStaleIndexReadsNamedInTheReport() {
        CommandLineTest run = test("--workload", "eventual-register", "--read-index", "--index-lag", "50ms",
                "--time-limit", "2", "--seed", "4").assertStatus(ExitStatus.OK);
        int[] figures = readsAndStale(run.out());
        assertThat(figures[1]).as(run.out()).isGreaterThan(0).isLessThan(figures[0]);
        assertThat(run.out()).contains("eventual-register against the embedded engine, seed 4, reads through global index "
                        + "register-by-key (index lag 50 ms)").contains("--read-index --index-lag 50 --seed 4")
                .containsPattern("staleness in versions: max \\d+, p50 \\d+, p99 \\d+")
                .containsPattern("staleness in ms: max [0-9.]+, p50 [0-9.]+, p99 [0-9.]+")
                .containsPattern("stale: key k\\d+ read (null|\\d+) at event \\d+, \\d+ versions behind, [0-9.]+ ms")
                .contains("eventual-register: valid");
    }

    @Test
    void aServeChildsIndexLagIsMeasuredThroughItsWireProtocol() {
        // one key and a long lag: a child that starts cold on a shared machine answers slowly, and every read
        // of the key within the lag of a later acknowledged write is stale
        CommandLineTest lagging = test("--workload", "eventual-register", "--target", "serve", "--read-index",
                "--keys", "1", "--index-lag", "1s", "--time-limit", "3", "--seed", "5").assertStatus(ExitStatus.OK);
        assertThat(readsAndStale(lagging.out())[1]).as(lagging.out()).isGreaterThan(0);
        CommandLineTest prompt = test("--workload", "eventual-register", "--target", "serve", "--read-index",
                "--time-limit", "2", "--seed", "5").assertStatus(ExitStatus.OK);
        int[] figures = readsAndStale(prompt.out());
        assertThat(figures[0]).isGreaterThan(10); // a cold child on a shared machine answers slowly
        assertThat(figures[1]).as(prompt.out()).isZero();
    }

    @Test
    void theFlagsThatCannotApplyAreUsageErrors() {
        assertThat(test("--workload", "register", "--read-index").assertStatus(ExitStatus.USAGE).err())
                .isEqualTo("keystorm test: --read-index reads through a global secondary index, which DynamoDB keeps "
                        + "eventually consistent (ConsistentRead on one is a ValidationException), so register's "
                        + "linearizability check cannot judge it; measure index staleness with --workload "
                        + "eventual-register --read-index\n");
        assertThat(test("--workload", "bank", "--read-index").assertStatus(ExitStatus.USAGE).err())
                .contains("--read-index is for --workload eventual-register");
        assertThat(test("--workload", "eventual-register", "--index-lag", "50").assertStatus(ExitStatus.USAGE).err())
                .contains("--index-lag needs --read-index");
        assertThat(test("--workload", "eventual-register", "--read-index", "--index-lag", "soon")
                .assertStatus(ExitStatus.USAGE).err())
                .contains("--index-lag takes milliseconds from 0 to 3600000 (such as 50, 50ms or 2s), not 'soon'");
        assertThat(test("--workload", "eventual-register", "--read-index", "--index-lag", "50",
                "--target", "http://127.0.0.1:1").assertStatus(ExitStatus.USAGE).err())
                .contains("--index-lag delays the global indexes of keystorm's engine");
        assertThat(test("--workload", "eventual-register", "--read-index", "--simulate").assertStatus(ExitStatus.USAGE).err())
                .contains("--read-index is not simulated");
        assertThat(CommandLineTest.run("serve", "--index-lag", "-1").assertStatus(ExitStatus.USAGE).err())
                .contains("--index-lag takes milliseconds");
    }
}
