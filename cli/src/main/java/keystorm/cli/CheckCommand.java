package keystorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.Result;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormat;
import keystorm.checker.history.HistoryFormatException;
import keystorm.checker.history.Values;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.DefaultParser;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;
import org.apache.commons.cli.ParseException;

/**
 * {@code keystorm check FILE}: reads a history recorded by keystorm, Jepsen, Knossos or
 * Porcupine, runs a checker on it, prints the verdict, and writes the checker's files
 * (timelines, graphs) beside the input or into {@code --out}. Exit status: 0 valid, 1 invalid,
 * 2 unknown, 64 a usage error, 65 a malformed input.
 */
final class CheckCommand implements Subcommand {
    public String name() {
        return "check";
    }

    public String summary() {
        return "check a history (linearizability, Elle) and print the verdict";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder().longOpt("format").hasArg().argName("FORMAT")
                .desc("jsonl, edn, porcupine-etcd or porcupine-kv (default: from the file name)").build());
        options.addOption(Option.builder().longOpt("checker").hasArg().argName("NAME")
                .desc("one of " + String.join(", ", Checkers.all().keySet()) + " (default linearizable)").build());
        options.addOption(Option.builder().longOpt("model").hasArg().argName("NAME")
                .desc("the linearizability model: register, cas-register, multi-register, set, counter, list, kv, item").build());
        options.addOption(Option.builder().longOpt("initial").hasArg().argName("JSON")
                .desc("the model's initial state as JSON (default null), e.g. 0 or {\"x\":0,\"y\":0}").build());
        options.addOption(Option.builder().longOpt("independent")
                .desc("values are Jepsen independent [key value] tuples: check each key alone").build());
        options.addOption(Option.builder().longOpt("consistency-model").hasArg().argName("MODEL")
                .desc("for the Elle checkers: the consistency model to check").build());
        options.addOption(Option.builder().longOpt("timeout").hasArg().argName("SECONDS")
                .desc("time budget; past it a key is unknown (default 60)").build());
        options.addOption(Option.builder().longOpt("threads").hasArg().argName("N")
                .desc("threads checking keys in parallel (default: all cores)").build());
        options.addOption(Option.builder().longOpt("exhaustive")
                .desc("check every key to the end even once one is invalid").build());
        options.addOption(Option.builder().longOpt("out").hasArg().argName("DIR")
                .desc("where to write counterexample files (default: beside the input)").build());
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line;
        try {
            line = new DefaultParser().parse(options(), args);
        } catch (ParseException e) {
            err.println("keystorm check: " + e.getMessage());
            err.println("usage: keystorm check FILE [--checker NAME] [--model NAME] [--format FORMAT] ... (--help)");
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm check FILE [options]", options());
            return ExitStatus.OK;
        }
        if (line.getArgList().size() != 1) {
            err.println("keystorm check: give exactly one history file (got " + line.getArgList().size() + ")");
            return ExitStatus.USAGE;
        }
        Path file = Path.of(line.getArgList().getFirst());
        HistoryFormat format;
        Checker checker;
        try {
            format = line.hasOption("format") ? HistoryFormat.ofFlag(line.getOptionValue("format")) : HistoryFormat.guess(file);
            if (format == null) {
                throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                        + " from its name: give --format jsonl, edn, porcupine-etcd or porcupine-kv");
            }
            JsonNode initial = line.hasOption("initial") ? initial(line.getOptionValue("initial")) : null;
            CheckerOptions options = CheckerOptions.defaults()
                    .withModel(line.getOptionValue("model"), initial)
                    .withIndependent(line.hasOption("independent"))
                    .withConsistencyModel(line.hasOption("consistency-model")
                            ? ConsistencyModel.parse(line.getOptionValue("consistency-model")) : null)
                    .withTimeout(Duration.ofMillis((long) (Flags.positiveDouble(line, "timeout", 60) * 1000)))
                    .withThreads(Flags.positiveInt(line, "threads", Runtime.getRuntime().availableProcessors(), 1024))
                    .withExhaustive(line.hasOption("exhaustive"));
            checker = Checkers.create(line.getOptionValue("checker", "linearizable"), options);
        } catch (IllegalArgumentException e) {
            err.println("keystorm check: " + e.getMessage());
            return ExitStatus.USAGE;
        }
        History history;
        try {
            history = format.read(file);
        } catch (NoSuchFileException e) {
            err.println("keystorm check: " + file + ": no such file");
            return ExitStatus.DATA_ERROR;
        } catch (HistoryFormatException e) {
            err.println("keystorm check: " + file + ": " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        } catch (IOException e) {
            err.println("keystorm check: " + file + ": cannot read: " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        }
        long start = System.nanoTime();
        Result result = checker.check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.print(result.render());
        writeArtifacts(result.artifacts(), file, line.getOptionValue("out"), out, err);
        out.println(history.size() + " events checked in " + millis + " ms");
        return switch (result.validity()) {
            case VALID -> ExitStatus.OK;
            case INVALID -> ExitStatus.INVALID;
            case UNKNOWN -> ExitStatus.UNKNOWN;
        };
    }

    private static JsonNode initial(String json) {
        try {
            return Values.parse(json);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("--initial " + e.getMessage());
        }
    }

    /** Files go into --out, or beside the input prefixed with its name; a failure to write is said, not fatal. */
    private static void writeArtifacts(Map<String, String> artifacts, Path input, String outDir, PrintStream out,
                                       PrintStream err) {
        for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
            Path target = outDir != null ? Path.of(outDir).resolve(artifact.getKey())
                    : input.toAbsolutePath().resolveSibling(input.getFileName() + "." + artifact.getKey());
            try {
                Files.createDirectories(target.getParent());
                Files.writeString(target, artifact.getValue(), StandardCharsets.UTF_8);
                out.println("wrote " + target);
            } catch (IOException e) {
                err.println("keystorm check: could not write " + target + ": " + e.getMessage());
            }
        }
    }
}
