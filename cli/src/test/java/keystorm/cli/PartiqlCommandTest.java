package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm test --api partiql} as a user runs it: register and bank through PartiQL judged valid, the flag
 * kept in the rerun command and test.json, and refused (exit 64, naming the flag) where it cannot apply.
 */
class PartiqlCommandTest {
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
    void registerAndBankThroughPartiqlAreValid() throws Exception {
        CommandLineTest register = test("--workload", "register", "--api", "partiql", "--time-limit", "1", "--seed", "7")
                .assertStatus(ExitStatus.OK);
        assertThat(register.out()).contains("register against the embedded engine, seed 7, through partiql")
                .contains("--api partiql").contains("linearizable");
        try (var runs = Files.walk(store)) {
            Path testJson = runs.filter(p -> p.getFileName().toString().equals("test.json")).findFirst().orElseThrow();
            assertThat(Files.readString(testJson)).contains("\"api\" : \"partiql\"");
        }
        test("--workload", "bank", "--api", "partiql", "--time-limit", "1", "--seed", "7").assertStatus(ExitStatus.OK);
    }

    @Test
    void theFlagIsRefusedWhereItCannotApply() {
        assertThat(test("--workload", "set", "--api", "partiql").assertStatus(ExitStatus.USAGE).err())
                .contains("--api partiql is for --workload register or bank").contains("not --workload set");
        assertThat(test("--api", "sql").assertStatus(ExitStatus.USAGE).err()).contains("--api takes item or partiql; not 'sql'");
        assertThat(test("--api", "partiql", "--simulate").assertStatus(ExitStatus.USAGE).err())
                .contains("--api partiql is not simulated");
        assertThat(CommandLineTest.run("test", "--help").assertStatus(ExitStatus.OK).out()).contains("--api");
    }
}
