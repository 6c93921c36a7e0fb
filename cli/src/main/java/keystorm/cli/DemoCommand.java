package keystorm.cli;

import java.io.PrintStream;

/** {@code keystorm demo}: a short built-in scenario on the embedded engine. */
final class DemoCommand implements Subcommand {
    public String name() {
        return "demo";
    }

    public String summary() {
        return "run a short built-in scenario on the embedded engine and print what happened";
    }

    public int run(String[] args, PrintStream out, PrintStream err) {
        out.println("keystorm demo: the engine's data path is not built yet");
        return ExitStatus.OK;
    }
}
