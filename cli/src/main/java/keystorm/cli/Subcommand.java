package keystorm.cli;

import java.io.PrintStream;

/**
 * One {@code keystorm} subcommand: parses its own flags (Apache Commons CLI) and delegates to
 * the module that does the work. No logic of its own beyond that.
 */
public interface Subcommand {
    /** The word after {@code keystorm}. */
    String name();

    /** One line for {@code keystorm help}. */
    String summary();

    /** Runs with the arguments after the name; returns the process exit status. */
    int run(String[] args, PrintStream out, PrintStream err);
}
