package keystorm.cli;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code keystorm} command: dispatches to one {@link Subcommand}. */
public final class Main {

    static List<Subcommand> subcommands() {
        return List.of(new DemoCommand(), new TestCommand(), new SuiteCommand(), new HuntCommand(), new ServeCommand(),
                new CheckCommand(), new BenchCommand(), new ReportCommand(), new CompareCommand(), new StoreCommand());
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Runs the command line and returns the exit status; never throws. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, Subcommand> byName = new LinkedHashMap<>();
        for (Subcommand subcommand : subcommands()) {
            byName.put(subcommand.name(), subcommand);
        }
        if (args.length == 0 || args[0].equals("help") || args[0].equals("--help") || args[0].equals("-h")) {
            usage(byName, args.length == 0 ? err : out);
            return args.length == 0 ? ExitStatus.USAGE : ExitStatus.OK;
        }
        Subcommand subcommand = byName.get(args[0]);
        if (subcommand == null) {
            err.println("keystorm: unknown command '" + args[0] + "'");
            usage(byName, err);
            return ExitStatus.USAGE;
        }
        try {
            return subcommand.run(Arrays.copyOfRange(args, 1, args.length), out, err);
        } catch (RuntimeException | Error e) {
            // A bug in keystorm, not in the user's input: say so plainly, without a stack trace
            // unless asked for one.
            err.println("keystorm " + subcommand.name() + ": internal error: " + e);
            if (System.getenv("KEYSTORM_DEBUG") != null) {
                e.printStackTrace(err);
            } else {
                err.println("(set KEYSTORM_DEBUG=1 for the stack trace)");
            }
            return ExitStatus.SOFTWARE;
        }
    }

    private static void usage(Map<String, Subcommand> byName, PrintStream out) {
        out.println("usage: keystorm <command> [options]");
        out.println();
        out.println("commands:");
        for (Subcommand subcommand : byName.values()) {
            out.printf("  %-10s %s%n", subcommand.name(), subcommand.summary());
        }
        out.println();
        out.println("'keystorm <command> --help' describes a command's options.");
    }

    private Main() {
    }
}
