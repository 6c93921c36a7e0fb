package keystorm.workloads.sim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import keystorm.checker.Validity;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.workloads.runner.RunResultsJson;
import keystorm.workloads.runner.RunStatistics;

/**
 * One simulated run kept in the run store, as {@code keystorm test --simulate} leaves it:
 * {@code history.jsonl}, {@code schedule.json} (replays it), the checker's artifacts,
 * {@code summary.txt}, and {@code results.json} with the verdict and the replay command. A failing
 * run is shrunk ({@link Shrinker}) and its directory then also holds {@code minimal-history.jsonl}
 * and {@code minimal-schedule.json}, and {@code results.json} the replay command of both.
 */
public final class SimRun {
    /**
     * @param shrunk        what shrinking gave, or null (the run passed, or shrinking was off)
     * @param summary       {@link SimResult#summary()}, as summary.txt begins
     * @param historySha256 the history's hash, computed once
     */
    public record Outcome(SimResult result, Shrinker.Outcome shrunk, Path directory, String summary,
                          String historySha256) {
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private SimRun() {
    }

    /**
     * Runs {@code spec} (or replays {@code schedule} when it is not null) into {@code directory}.
     *
     * @param replay      the command that runs it again, for results.json
     * @param shrinkBudget the most replays to shrink a failure with; 0 to not shrink
     */
    public static Outcome run(SimSpec spec, Schedule schedule, Path directory, String replay, int shrinkBudget)
            throws IOException {
        Files.createDirectories(directory);
        Path history = directory.resolve("history.jsonl");
        SimResult result = schedule == null ? Simulation.run(spec.withHistory(history))
                : Simulation.replay(schedule, history, true);
        result.schedule().write(directory.resolve("schedule.json"));
        if (result.check() != null) {
            for (Map.Entry<String, String> artifact : result.check().artifacts().entrySet()) {
                Files.writeString(directory.resolve(artifact.getKey()), artifact.getValue(), StandardCharsets.UTF_8);
            }
        }
        Shrinker.Outcome shrunk = null;
        String shrinkError = null;
        if (result.validity() == Validity.INVALID && shrinkBudget > 0) {
            try {
                shrunk = Shrinker.shrink(result.schedule(), shrinkBudget);
            } catch (IllegalStateException e) {
                // the replay did not fail again (a checker that ran out of time decides otherwise): kept as it is
                shrinkError = e.getMessage();
            }
        }
        if (shrunk != null) {
            shrunk.minimal().write(directory.resolve("minimal-schedule.json"));
            Files.write(directory.resolve("minimal-history.jsonl"), shrunk.result().historyBytes());
            // The minimal run's timelines and graphs, beside it: the checker names them as it names the original's.
            Path minimal = Files.createDirectories(directory.resolve("minimal"));
            for (Map.Entry<String, String> artifact : shrunk.result().check().artifacts().entrySet()) {
                Files.writeString(minimal.resolve(artifact.getKey()), artifact.getValue(), StandardCharsets.UTF_8);
            }
        }
        String sha = result.historySha256();
        String summary = result.summary(sha);
        Files.writeString(directory.resolve("summary.txt"), summary + (shrunk == null ? ""
                : "\n" + Shrinker.render(shrunk) + explain(shrunk.result())), StandardCharsets.UTF_8);
        Files.writeString(directory.resolve("results.json"), results(result, sha, shrunk, shrinkError, directory, replay),
                StandardCharsets.UTF_8);
        return new Outcome(result, shrunk, directory, summary, sha);
    }

    /** Whether a value holds a null to be filled in by the completion (what a read asks for). */
    private static boolean hasNull(com.fasterxml.jackson.databind.JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        for (com.fasterxml.jackson.databind.JsonNode child : value) {
            if (hasNull(child)) {
                return true;
            }
        }
        return false;
    }

    /** The command that replays a schedule file. */
    public static String replaySchedule(Path schedule) {
        return "keystorm test --simulate --schedule " + schedule;
    }

    private static String results(SimResult result, String historySha256, Shrinker.Outcome shrunk, String shrinkError,
                                  Path directory, String replay) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        Schedule.Parameters p = result.schedule().parameters();
        root.put("format", RunResultsJson.FORMAT);
        root.put("kind", "test");
        root.put("workload", p.workload());
        root.put("simulated", true);
        root.put("seed", p.seed());
        root.put("validity", result.validity().name().toLowerCase(Locale.ROOT));
        SimResult.Statistics s = result.statistics();
        root.put("operations", s.operations());
        root.put("ok", s.ok());
        root.put("fail", s.fail());
        root.put("info", s.info());
        root.put("nemesisOperations", s.faults()); // the final heal-all included
        root.put("virtualSeconds", s.virtualNanos() / 1e9);
        root.put("wallSeconds", s.wallNanos() / 1e9);
        root.put("abandoned", s.abandoned());
        // in virtual time, as every time of a simulation's history and of its latencies and faults
        root.put("throughput", s.operationsPerVirtualSecond());
        RunResultsJson.statistics(root, RunStatistics.of(result.history()));
        RunResultsJson.check(root, result.check());
        root.put("historySha256", historySha256);
        ObjectNode commands = root.putObject("replay");
        commands.put("original", replay);
        commands.put("originalSchedule", replaySchedule(directory.resolve("schedule.json")));
        if (shrinkError != null) {
            root.putObject("shrink").put("error", shrinkError);
        }
        if (shrunk != null) {
            commands.put("minimal", replaySchedule(directory.resolve("minimal-schedule.json")));
            ObjectNode shrink = root.putObject("shrink");
            shrink.put("operationsBefore", shrunk.originalOperations());
            shrink.put("operationsAfter", shrunk.minimalOperations());
            shrink.put("faultsBefore", shrunk.original().faultSteps().size());
            shrink.put("faultsAfter", shrunk.minimal().faultSteps().size());
            shrink.put("replays", shrunk.tests());
            shrink.put("budgetSpent", shrunk.exhausted());
            shrink.put("wallSeconds", shrunk.wallNanos() / 1e9);
            shrink.put("minimalHistorySha256", shrunk.result().historySha256());
            ArrayNode passes = shrink.putArray("passes");
            for (Shrinker.Pass pass : shrunk.passes()) {
                passes.addObject().put("pass", pass.name()).put("replays", pass.tests())
                        .put("operationsAfter", pass.operationsAfter()).put("faultsAfter", pass.faultsAfter());
            }
        }
        return JSON.writeValueAsString(root) + "\n";
    }

    /**
     * A short history for a person: one line per operation in the order they were invoked (from
     * and to, in milliseconds of virtual time; process; what; how it ended, with what a read
     * returned), the faults among them, then what the checker found in it.
     */
    public static String explain(SimResult result) {
        StringBuilder out = new StringBuilder("minimal history (virtual ms from-to, process, operation, outcome):\n");
        Map<Integer, Row> open = new java.util.HashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Op op : result.history()) {
            if (op.type() == OpType.INVOKE) {
                Row row = new Row(op);
                rows.add(row);
                if (!op.isNemesis()) {
                    open.put(op.process(), row);
                }
            } else if (!op.isNemesis()) {
                Row row = open.remove(op.process());
                if (row != null) {
                    row.completion = op;
                }
            }
        }
        for (Row row : rows) {
            out.append(row.render());
        }
        out.append('\n');
        if (result.check() != null) {
            out.append(result.check().render());
        }
        return out.toString();
    }

    /** One line of {@link #explain}: a fault, or an operation and (once it came) its completion. */
    private static final class Row {
        final Op invocation;
        Op completion;

        Row(Op invocation) {
            this.invocation = invocation;
        }

        String render() {
            Op call = invocation;
            if (call.isNemesis()) {
                return String.format("  %9.3f            nemesis %s %s%n", call.time() / 1e6, call.f(),
                        call.value() == null || call.value().isEmpty() ? "" : call.value());
            }
            String asked = String.valueOf(call.value());
            String end = "-";
            String outcome = "never completed";
            if (completion != null) {
                // What a read returned, also when it is what the invocation held (null: it found nothing).
                boolean returns = completion.value() != null
                        && (hasNull(call.value()) || !String.valueOf(completion.value()).equals(asked));
                end = String.format("%.3f", completion.time() / 1e6);
                outcome = completion.type().name().toLowerCase(Locale.ROOT) + (returns ? " " + completion.value() : "")
                        + (completion.error() == null ? "" : "  (" + completion.error() + ")");
            }
            return String.format("  %9.3f-%s  p%-4s %-8s %-30s -> %s%n", call.time() / 1e6, end, call.process(), call.f(),
                    asked, outcome);
        }
    }
}
