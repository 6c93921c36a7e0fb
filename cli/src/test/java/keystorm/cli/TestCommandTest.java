package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm test} as a user runs it: the verdict in the exit status and the output, the
 * flag named when one is wrong, and the seeded bugs that only a fault shows caught by the nemesis
 * meant for them (a stale failover by leader crashes; acknowledging before the fsync by kill -9
 * of a serve child), and the same faults without the bugs breaking nothing.
 */
class TestCommandTest {
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

    @Test
    void theDefaultRunOnTheEmbeddedEngineIsValid() {
        CommandLineTest run = test("--time-limit", "1", "--seed", "7").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("register against the embedded engine, seed 7")
                .contains("rerun: keystorm test --workload register")
                .containsPattern("linearizable \\(cas-register, \\d+ keys\\): valid")
                .contains("history: " + store.resolve("register"));
    }

    @Test
    void aBadFlagIsNamed() {
        assertThat(test("--workload", "nope").assertStatus(ExitStatus.USAGE).err()).contains("--workload takes register");
        assertThat(test("--nemesis", "kill").assertStatus(ExitStatus.USAGE).err())
                .contains("--nemesis kill needs a process to kill or pause (--target serve)");
        assertThat(test("--target", "ftp://x").assertStatus(ExitStatus.USAGE).err()).contains("--target");
        assertThat(test("--key-dist", "zipf").assertStatus(ExitStatus.USAGE).err()).contains("--key-dist");
        assertThat(test("--bug", "bogus").assertStatus(ExitStatus.USAGE).err()).contains("--bug takes lost-update");
        assertThat(test("--consistency-model", "serialisable").assertStatus(ExitStatus.USAGE).err())
                .contains("--consistency-model");
    }

    @Test
    void helpListsWorkloadsNemesesAndBugs() {
        CommandLineTest run = CommandLineTest.run("test", "--help").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("list-append", "bank", "idempotency", "net-blackhole", "failover",
                "ack-before-sync", "stale-failover");
    }

    @Test
    void aStaleFailoverIsCaughtByLeaderCrashes() {
        // Enough keys that every partition holds some, and that a key generation (~100 operations a
        // key) outlasts the lag window a failover loses: with 3 keys a failover often hit no key.
        CommandLineTest run = test("--workload", "register", "--keys", "20", "--nemesis", "failover",
                "--nemesis-interval", "0.3", "--replica-lag", "100", "--bug", "stale-failover", "--time-limit", "5",
                "--seed", "1").assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("invalid");
    }

    @Test
    void leaderCrashesWithoutTheBugLoseNothing() {
        test("--workload", "register", "--keys", "20", "--nemesis", "failover", "--nemesis-interval", "0.3",
                "--replica-lag", "100", "--time-limit", "3", "--seed", "1").assertStatus(ExitStatus.OK);
    }

    @Test
    void acknowledgingBeforeTheFsyncIsCaughtByKillingAServeChild() {
        CommandLineTest run = test("--workload", "set", "--target", "serve", "--nemesis", "kill", "--nemesis-interval",
                "2", "--bug", "ack-before-sync", "--time-limit", "12", "--seed", "3").assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("lost");
    }

    @Test
    void killingAServeChildLosesNothingAcknowledged() {
        test("--workload", "set", "--target", "serve", "--nemesis", "kill", "--nemesis-interval", "2",
                "--time-limit", "8", "--seed", "3").assertStatus(ExitStatus.OK);
    }

    @Test
    void crashesLeaveEveryRetriedTokenAppliedOnce() {
        // ClientRequestTokens are logged with their transactions: a retry after the recovery is a no-op
        CommandLineTest run = test("--workload", "idempotency", "--nemesis", "crash", "--nemesis-interval", "1",
                "--time-limit", "4", "--seed", "2").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("nemesis crash").contains("idempotency: valid");
    }

    @Test
    void networkFaultsThroughTheProxyLeaveARegisterLinearizable() {
        CommandLineTest run = test("--workload", "register", "--target", "serve", "--nemesis",
                "net-delay,net-drop,net-reset,net-blackhole", "--nemesis-interval", "0.5", "--time-limit", "4",
                "--seed", "5").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("nemesis net-delay,net-drop,net-reset,net-blackhole").contains("valid");
    }

    @Test
    void pausingAServeChildLeavesABankWhole() {
        test("--workload", "bank", "--target", "serve", "--nemesis", "pause", "--nemesis-interval", "1",
                "--time-limit", "3", "--seed", "6").assertStatus(ExitStatus.OK);
    }

    @Test
    void hotKeyGoesAtFullSpeedSoItsCheckCanDecide() {
        CommandLineTest run = test("--workload", "hot-key", "--time-limit", "4", "--concurrency", "16", "--seed", "8")
                .assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("ThrottlingException").contains("capacity: valid");
    }
}
