package keystorm.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.elle.ConsistencyModel;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormat;
import keystorm.checker.history.HistoryFormatException;
import keystorm.checker.history.Values;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm check FILE...}: reads histories recorded by keystorm, Jepsen, Knossos or
 * Porcupine, runs a checker on them, prints the verdicts, and writes the checker's files
 * (timelines, graphs) beside the inputs or into {@code --out}. One file prints its result in
 * full; several files, or a directory (every {@code .jsonl}, {@code .edn} and {@code .log} under
 * it, as a Jepsen store holds one {@code history.edn} per test), are checked in parallel in this
 * one JVM and print a table ({@link HistoryFiles}). Exit status: 0 valid, 1 invalid, 2 unknown
 * (for several files the merge: invalid beats unknown beats valid), 64 a usage error, 65 a
 * malformed input (any of them: the message names the file and its line), 66 an input that
 * cannot be opened (no such file, or a directory without histories).
 */
final class CheckCommand implements Subcommand {
    public String name() {
        return "check";
    }

    public String summary() {
        return "check a history (linearizability, Elle, set, bank, counter, idempotency, eventual-register) and print the verdict";
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
                .desc("the model's initial state as JSON (default null), e.g. 0 or {\"x\":0,\"y\":0}; for bank"
                        + " {\"accounts\":N,\"total\":T}, for counter its starting value").build());
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
        CommandLine line = Flags.parse(options(), args, "check",
                "keystorm check FILE [--checker NAME] [--model NAME] [--format FORMAT] ... (--help)", true, err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm check FILE [options]", options());
            return ExitStatus.OK;
        }
        if (line.getArgList().isEmpty()) {
            err.println("keystorm check: give a history file, several, or a directory of them (got none)");
            return ExitStatus.USAGE;
        }
        CheckerOptions options;
        String checkerName = line.getOptionValue("checker", "linearizable");
        HistoryFormat flagFormat;
        List<Path> files;
        try {
            flagFormat = line.hasOption("format") ? HistoryFormat.ofFlag(line.getOptionValue("format")) : null;
            JsonNode initial = line.hasOption("initial") ? initial(line.getOptionValue("initial")) : null;
            options = CheckerOptions.defaults()
                    .withModel(line.getOptionValue("model"), initial)
                    .withIndependent(line.hasOption("independent"))
                    .withConsistencyModel(line.hasOption("consistency-model")
                            ? ConsistencyModel.parse(line.getOptionValue("consistency-model")) : null)
                    .withTimeout(Duration.ofMillis((long) (Flags.positiveDouble(line, "timeout", 60) * 1000)))
                    .withThreads(Flags.positiveInt(line, "threads", Runtime.getRuntime().availableProcessors(), 1024))
                    .withExhaustive(line.hasOption("exhaustive"));
            Checkers.create(checkerName, options); // a flag the checker refuses is a usage error, before any file is read
            files = HistoryFiles.expand(line.getArgList(), flagFormat);
        } catch (IllegalArgumentException e) {
            err.println("keystorm check: " + e.getMessage());
            return ExitStatus.USAGE;
        } catch (IOException e) {
            err.println("keystorm check: " + e.getMessage()); // a path that is not there, or a directory without histories
            return ExitStatus.NO_INPUT;
        }
        if (files.size() == 1) {
            return checkOne(files.getFirst(), format(files.getFirst(), flagFormat), Checkers.create(checkerName, options),
                    line.getOptionValue("out"), out, err);
        }
        if (!line.hasOption("threads")) {
            // the files run in parallel, one per core: each checks its keys on one thread
            options = options.withThreads(1);
        }
        return HistoryFiles.checkAll(files, flagFormat, checkerName, options, line.getOptionValue("out"), out, err);
    }

    static HistoryFormat format(Path file, HistoryFormat flagFormat) {
        HistoryFormat format = flagFormat != null ? flagFormat : HistoryFormat.guess(file);
        if (format == null) {
            throw new IllegalArgumentException("cannot tell the format of " + file.getFileName()
                    + " from its name: give --format jsonl, edn, porcupine-etcd or porcupine-kv");
        }
        return format;
    }

    /** One file: its result block, its files, and its verdict as the exit status. */
    private static int checkOne(Path file, HistoryFormat format, Checker checker, String outDir, PrintStream out,
                                PrintStream err) {
        History history;
        try {
            history = format.read(file);
        } catch (HistoryFormatException e) {
            err.println("keystorm check: " + file + ": " + e.getMessage());
            return ExitStatus.DATA_ERROR;
        } catch (IOException e) {
            err.println("keystorm check: " + file + ": " + Inputs.describe(e));
            return Inputs.status(e);
        }
        long start = System.nanoTime();
        Result result = checker.check(history);
        long millis = (System.nanoTime() - start) / 1_000_000;
        out.print(result.render());
        writeArtifacts(result.artifacts(), file, outDir, false, out, err);
        out.println(history.size() + " events checked in " + millis + " ms");
        return status(result.validity());
    }

    static int status(Validity validity) {
        return switch (validity) {
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
    /**
     * Files go into --out (prefixed with the input's name when several inputs share it), or beside
     * the input prefixed with its name; a failure to write is said, not fatal.
     */
    static void writeArtifacts(Map<String, String> artifacts, Path input, String outDir, boolean prefixInOut,
                               PrintStream out, PrintStream err) {
        for (Map.Entry<String, String> artifact : artifacts.entrySet()) {
            Path target = outDir != null
                    ? Path.of(outDir).resolve(prefixInOut ? input.getFileName() + "." + artifact.getKey() : artifact.getKey())
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
