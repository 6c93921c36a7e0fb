package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs {@code keystorm} in-process as a user would, capturing what it prints. */
record CommandLineTest(int status, String out, String err) {
    static CommandLineTest run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new CommandLineTest(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    CommandLineTest assertStatus(int expected) {
        assertThat(status).as("exit status; stdout:%n%s%nstderr:%n%s", out, err).isEqualTo(expected);
        return this;
    }
}
