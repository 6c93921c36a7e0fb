package keystorm.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import keystorm.results.report.Report;
import keystorm.results.runs.RunStore;

/**
 * What every run does once its files are written: renders its report.html from them and points
 * its name's {@code latest} link at it. Neither may cost the run its verdict: a report that cannot
 * be written is said on stderr, with the command that retries it, and the run's exit status stands.
 */
final class RunFinish {
    private RunFinish() {
    }

    /** The report's path, or null when it could not be written (said on {@code err}). */
    static Path report(Path runDir, PrintStream err) {
        Path report = null;
        try {
            report = Report.write(runDir);
        } catch (IOException | RuntimeException e) {
            err.println("keystorm: could not write the report of " + runDir + ": " + e.getMessage()
                    + " (retry: keystorm report " + runDir + ")");
        }
        try {
            RunStore.linkLatest(runDir);
        } catch (IOException e) {
            err.println("keystorm: could not point " + runDir.resolveSibling(RunStore.LATEST) + " at " + runDir + ": "
                    + e.getMessage());
        }
        return report;
    }
}
