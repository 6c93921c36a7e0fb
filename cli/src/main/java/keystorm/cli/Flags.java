package keystorm.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Options;

/** Reading numeric flags with messages that name the flag and what it takes. */
final class Flags {
    private Flags() {
    }

    /**
     * Parses a command's flags, which take no bare arguments; on a wrong one prints what is wrong
     * and the usage line to {@code err} and answers null (exit {@link ExitStatus#USAGE}).
     */
    static CommandLine parse(Options options, String[] args, String command, String usage, PrintStream err) {
        return parse(options, args, command, usage, false, err);
    }

    /** As {@link #parse(Options, String[], String, String, PrintStream)}, with bare arguments allowed or not. */
    static CommandLine parse(Options options, String[] args, String command, String usage, boolean arguments,
                             PrintStream err) {
        try {
            CommandLine line = new org.apache.commons.cli.DefaultParser().parse(options, args);
            if (!arguments && !line.getArgList().isEmpty()) {
                throw new org.apache.commons.cli.ParseException("unexpected argument '" + line.getArgList().getFirst() + "'");
            }
            return line;
        } catch (org.apache.commons.cli.ParseException e) {
            err.println("keystorm " + command + ": " + e.getMessage());
            err.println("usage: " + usage);
            return null;
        }
    }

    static void help(PrintStream out, String syntax, Options options) {
        PrintWriter writer = new PrintWriter(out);
        new HelpFormatter().printHelp(writer, 100, syntax, null, options, 2, 2, null);
        writer.flush();
    }

    static int positiveInt(CommandLine line, String flag, int defaultValue, int max) {
        String text = line.getOptionValue(flag);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 1 || value > max) {
                throw new IllegalArgumentException("--" + flag + " takes a whole number from 1 to " + max + ", not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " takes a whole number from 1 to " + max + ", not '" + text + "'");
        }
    }

    static long longValue(CommandLine line, String flag, long defaultValue) {
        String text = line.getOptionValue(flag);
        if (text == null) {
            return defaultValue;
        }
        try {
            return Long.parseLong(text.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " takes a whole number, not '" + text + "'");
        }
    }

    /** The longest duration a flag in seconds takes: a year. */
    static final double SECONDS_MAX = 365 * 24 * 3600;

    /** A positive number of seconds, at most {@link #SECONDS_MAX}. */
    static double positiveDouble(CommandLine line, String flag, double defaultValue) {
        String text = line.getOptionValue(flag);
        if (text == null) {
            return defaultValue;
        }
        try {
            double value = Double.parseDouble(text.strip());
            if (!(value > 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("--" + flag + " takes a positive number, not " + text);
            }
            if (value > SECONDS_MAX) {
                // every such flag is seconds, and a duration past this overflows nanoseconds somewhere
                throw new IllegalArgumentException("--" + flag + " takes at most " + (long) SECONDS_MAX + " (a year), not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " takes a positive number, not '" + text + "'");
        }
    }
}
