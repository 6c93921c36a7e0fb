package keystorm.cli;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Set;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.HelpFormatter;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * Parsing a command's flags, and reading numeric ones, with messages that name the flag and what
 * it takes. A flag is spelled out whole (an abbreviation such as {@code --seed} for {@code --seeds}
 * would run another command than the one typed, and recorded commands must read as they ran), and
 * a flag that takes one value is given once (only {@link #REPEATABLE} ones repeat).
 */
final class Flags {
    /** The flags that take one value each time and may be given several times. */
    static final Set<String> REPEATABLE = Set.of("bug", "strategy", "price");

    private Flags() {
    }

    /**
     * Parses a command's flags, which take no bare arguments; on a wrong one prints what is wrong
     * (and, for a flag that does not parse, the usage line) to {@code err} and answers null (exit
     * {@link ExitStatus#USAGE}).
     */
    static CommandLine parse(Options options, String[] args, String command, String usage, PrintStream err) {
        return parse(options, args, command, usage, false, err);
    }

    /** As {@link #parse(Options, String[], String, String, PrintStream)}, with bare arguments allowed or not. */
    static CommandLine parse(Options options, String[] args, String command, String usage, boolean arguments,
                             PrintStream err) {
        try {
            CommandLine line = parser().parse(options, args);
            if (!arguments && !line.getArgList().isEmpty()) {
                throw new org.apache.commons.cli.ParseException("unexpected argument '" + line.getArgList().getFirst() + "'");
            }
            rejectRepeated(line, options);
            return line;
        } catch (org.apache.commons.cli.ParseException e) {
            err.println("keystorm " + command + ": " + message(e));
            err.println("usage: " + usage);
            return null;
        } catch (IllegalArgumentException e) {
            err.println("keystorm " + command + ": " + e.getMessage()); // a flag given twice: named, as a bad value is
            return null;
        }
    }

    /** Commons CLI's parser, taking each flag only as spelled out in full. */
    static org.apache.commons.cli.DefaultParser parser() {
        return org.apache.commons.cli.DefaultParser.builder().setAllowPartialMatching(false).build();
    }

    /** A parse error in keystorm's words: the flag named as typed, with its dashes. */
    static String message(Exception e) {
        return switch (e) {
            case org.apache.commons.cli.MissingArgumentException missing ->
                    "--" + missing.getOption().getLongOpt() + " needs a value (" + missing.getOption().getArgName() + ")";
            case org.apache.commons.cli.UnrecognizedOptionException unknown ->
                    "unknown flag '" + unknown.getOption() + "'";
            default -> e.getMessage();
        };
    }

    /** @throws IllegalArgumentException naming a flag that takes one value and is given more than once */
    static void rejectRepeated(CommandLine line, Options options) {
        Map<String, Integer> given = new java.util.LinkedHashMap<>();
        for (Option option : line.getOptions()) {
            String name = option.getLongOpt() != null ? option.getLongOpt() : option.getOpt();
            if (option.hasArg() && !REPEATABLE.contains(name)) {
                given.merge(name, 1, Integer::sum);
            }
        }
        for (Map.Entry<String, Integer> e : given.entrySet()) {
            if (e.getValue() > 1) {
                java.util.List<String> repeatable = REPEATABLE.stream().filter(options::hasLongOption).sorted()
                        .map(name -> "--" + name).toList();
                throw new IllegalArgumentException("--" + e.getKey() + " is given " + e.getValue() + " times: it takes one value"
                        + (repeatable.isEmpty() ? "" : " (only " + String.join(" and ", repeatable)
                        + (repeatable.size() == 1 ? " repeats)" : " repeat)")));
            }
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

    /** A whole number from 0 to {@code max}. */
    static int nonNegativeInt(CommandLine line, String flag, int defaultValue, int max) {
        String text = line.getOptionValue(flag);
        if (text == null) {
            return defaultValue;
        }
        try {
            int value = Integer.parseInt(text.strip());
            if (value < 0 || value > max) {
                throw new IllegalArgumentException("--" + flag + " takes a whole number from 0 to " + max + ", not " + text);
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + flag + " takes a whole number from 0 to " + max + ", not '" + text + "'");
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
