package keystorm.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * The files a command that is not a single test writes into its run directory (a suite, a hunt):
 * test.json with the command line that reruns it, results.json with its verdict and rows. Each
 * file is written whole or not at all (a temporary file moved into place).
 */
final class RunRecords {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RunRecords() {
    }

    /** test.json of format 1: kind, name, when, the command, the seed and the arguments as given. */
    static void writeTestJson(Path dir, String kind, String name, String command, Long seed, List<String> args,
                              Instant started) throws IOException {
        ObjectNode root = JSON.createObjectNode();
        root.put("format", 1);
        root.put("kind", kind);
        root.put("name", name);
        root.put("started", started.toString());
        root.put("command", command);
        if (seed != null) {
            root.put("seed", seed);
        }
        ObjectNode options = root.putObject("options");
        options.set("args", JSON.valueToTree(args));
        write(dir.resolve("test.json"), root);
    }

    /** Writes the JSON to the file whole: a reader sees the old file or the new one, never half. */
    static void write(Path file, ObjectNode root) throws IOException {
        keystorm.workloads.runner.AtomicFiles.write(file, JSON.writeValueAsString(root) + "\n");
    }

    /** The command line as a person would type it again, arguments with spaces quoted. */
    static String command(String subcommand, String[] args) {
        StringBuilder out = new StringBuilder("keystorm ").append(subcommand);
        for (String arg : args) {
            out.append(' ').append(arg.matches("[A-Za-z0-9_./:=,+@%-]+") ? arg : "'" + arg.replace("'", "'\\''") + "'");
        }
        return out.toString();
    }
}
