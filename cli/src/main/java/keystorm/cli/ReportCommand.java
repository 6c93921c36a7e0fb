package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import keystorm.results.report.Report;
import keystorm.results.runs.RunStore;
import org.apache.commons.cli.CommandLine;
import org.apache.commons.cli.Option;
import org.apache.commons.cli.Options;

/**
 * {@code keystorm report DIR...}: rebuilds each run's report.html from the files in its directory
 * (a test, suite, bench or hunt run, or the directory of {@code keystorm serve --insights}).
 * Exit status: 0, 64 usage, 65 a file that is not what a run writes, 66 no such run directory.
 */
final class ReportCommand implements Subcommand {
    @Override
    public String name() {
        return "report";
    }

    @Override
    public String summary() {
        return "rebuild a run's report.html from its files (a test, suite, bench, hunt or --insights directory)";
    }

    private static Options options() {
        Options options = new Options();
        options.addOption(Option.builder("h").longOpt("help").desc("show this help").build());
        return options;
    }

    @Override
    public int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine line = Flags.parse(options(), args, "report", "keystorm report DIR...", true, err);
        if (line == null) {
            return ExitStatus.USAGE;
        }
        if (line.hasOption("help")) {
            Flags.help(out, "keystorm report DIR... (e.g. store/register/latest)", options());
            return ExitStatus.OK;
        }
        if (line.getArgList().isEmpty()) {
            err.println("keystorm report: give the run directory to render, e.g. keystorm report store/register/latest");
            return ExitStatus.USAGE;
        }
        int status = ExitStatus.OK;
        for (String arg : line.getArgList()) {
            Path dir = Path.of(arg);
            if (!Files.isDirectory(dir)) {
                err.println("keystorm report: " + dir + ": " + (Files.exists(dir) ? "not a directory" : "no such directory"));
                status = Math.max(status, ExitStatus.NO_INPUT);
                continue;
            }
            if (!RunStore.isRun(dir) && !Files.isRegularFile(dir.resolve("insights.jsonl"))) {
                err.println("keystorm report: " + dir + ": not a run directory (no test.json, results.json, "
                        + "history.jsonl or insights.jsonl in it)");
                status = Math.max(status, ExitStatus.NO_INPUT);
                continue;
            }
            try {
                out.println("report: " + Report.write(dir));
            } catch (keystorm.results.report.ReportException e) {
                err.println("keystorm report: " + dir.resolve(e.file()) + ": "
                        + Inputs.clean(e.getMessage().substring(e.file().length() + 2)));
                status = Math.max(status, ExitStatus.DATA_ERROR);
            } catch (java.nio.file.NoSuchFileException e) {
                err.println("keystorm report: " + dir + ": cannot open " + e.getFile());
                status = Math.max(status, ExitStatus.NO_INPUT);
            } catch (java.nio.file.FileSystemException e) {
                // the page that cannot be written (73), or a file of the run that cannot be read (66)
                boolean page = e.getFile() != null && e.getFile().endsWith("report.html");
                err.println("keystorm report: " + (page ? "cannot write " : "cannot read ") + e.getFile() + ": "
                        + (e.getReason() == null ? e.getClass().getSimpleName() : e.getReason()));
                status = Math.max(status, page ? ExitStatus.CANNOT_CREATE : ExitStatus.NO_INPUT);
            } catch (IOException | UncheckedIOException e) {
                err.println("keystorm report: " + dir + ": " + e.getMessage());
                status = Math.max(status, ExitStatus.CANNOT_CREATE);
            } catch (RuntimeException e) {
                err.println("keystorm report: " + dir + ": " + e.getMessage()); // a file not as a run writes it
                status = Math.max(status, ExitStatus.DATA_ERROR);
            }
        }
        return status;
    }
}
