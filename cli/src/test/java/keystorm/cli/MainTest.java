package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class MainTest {
    @Test
    void noArgumentsIsAUsageError() {
        CommandLineTest run = CommandLineTest.run().assertStatus(ExitStatus.USAGE);
        assertThat(run.err()).contains("usage: keystorm <command>").contains("demo");
    }

    @Test
    void unknownCommandIsNamed() {
        CommandLineTest run = CommandLineTest.run("frobnicate").assertStatus(ExitStatus.USAGE);
        assertThat(run.err()).contains("unknown command 'frobnicate'");
    }

    @Test
    void helpListsCommands() {
        assertThat(CommandLineTest.run("help").assertStatus(ExitStatus.OK).out()).contains("demo");
    }

    @Test
    void demoRunsTheScenarioAndLosesNoIncrement() {
        CommandLineTest run = CommandLineTest.run("demo", "--threads", "4", "--increments", "2000")
                .assertStatus(ExitStatus.OK);
        assertThat(run.out())
                .contains("CreateTable orders")
                .contains("ConditionalCheckFailedException: The conditional request failed")
                .contains("reserved keyword: status")
                .contains("page 3 evaluated 3, matched 3")
                .contains("-> 2 found")
                .contains("2000 applied")
                .contains("counters sum to 2000 -> none lost, none doubled")
                .contains("balances alice 30, bob 70 (applied once)")
                .contains("TransactionCanceledException [ConditionalCheckFailed, None], balances still alice 30, bob 70")
                .contains("1509 written, 2491 ProvisionedThroughputExceeded")
                .contains("eventually consistent reads [2, 1, 1], strongly consistent [2, 2, 2]")
                .contains("a follower took over -> strong read 2")
                .contains("200 of 200 acknowledged writes present")
                .doesNotContain("MISMATCH");
    }

    @Test
    void demoNamesABadFlag() {
        CommandLineTest run = CommandLineTest.run("demo", "--threads", "zero").assertStatus(ExitStatus.USAGE);
        assertThat(run.err()).contains("--threads takes a whole number from 1 to 256, not 'zero'");
        assertThat(CommandLineTest.run("demo", "--bogus").assertStatus(ExitStatus.USAGE).err()).contains("--bogus");
    }
}
