package keystorm.workloads.nemesis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import keystorm.engine.fault.Fault;
import keystorm.engine.wal.SyncPolicy;

/**
 * A {@code keystorm serve} child process that carries out {@link Fault.ProcessFault}s: kill -9,
 * a restart on the same data directory, SIGSTOP and SIGCONT. The command that runs the server is
 * given as a prefix ({@code [java, -cp, CLASSPATH, keystorm.cli.Main, serve]}, since this module
 * cannot see the cli's); this class adds {@code --port --data-dir --sync --admin} and the extra
 * arguments, and waits (at most {@link #READY_WAIT_MAX}) for the server's ready line.
 *
 * <p>The child's output (stdout and stderr) is drained into {@link #logFile()} beside the data
 * directory by one thread per start, so the pipe never fills and stalls the server; every start
 * appends to the same file. A restart asks for the port it had, so clients and a proxy in front
 * keep their endpoint; if that port is taken, it takes a free one and {@link #endpoint()} says so.
 *
 * <p>Not thread-safe: one nemesis drives it.
 */
public final class ServeProcess implements AutoCloseable {
    /** The longest wait for the ready line of a start. */
    public static final Duration READY_WAIT_MAX = Duration.ofSeconds(60);
    /** The longest wait for a killed process to be gone, or for kill(1) to answer. */
    private static final Duration EXIT_WAIT_MAX = Duration.ofSeconds(20);
    private static final Pattern READY = Pattern.compile("^keystorm serve: listening on (http://[0-9.]+:(\\d+))");
    /** The engine's replay time on the ready line ({@code Recovery.Report#describe}: "... log records in 14.2 ms"). */
    private static final Pattern REPLAY = Pattern.compile("log records in ([0-9]+(?:\\.[0-9]+)?) ms");
    /** The request whose first 200 makes a start "answering": ListTables, which touches no data. */
    private static final String PROBE_TARGET = "DynamoDB_20120810.ListTables";

    /**
     * How one start went, timed on {@link System#nanoTime()} from just before the process was
     * created: until its ready line was read, and until it first answered a request (ListTables,
     * HTTP 200), the figure a client waits for; and the engine's own replay of its log, as its
     * ready line says (NaN when it says nothing: a server without a data directory).
     */
    public record StartTiming(long pid, long readyNanos, long answerNanos, double replayMillis) {
        public StartTiming {
            if (readyNanos < 0 || answerNanos < readyNanos) {
                throw new IllegalArgumentException("a start answers after its ready line: ready " + readyNanos
                        + " ns, answered " + answerNanos + " ns");
            }
        }

        /** From the start of the process to its first answer, in milliseconds. */
        public double answerMillis() {
            return answerNanos / 1e6;
        }
    }

    /** The ready line of a start and when the drain thread read it. */
    private record Ready(URI endpoint, long nanos, String line) {
    }

    private final List<String> command;
    private final Path dataDir;
    private final SyncPolicy sync;
    private final List<String> extraArgs;
    private final Path logFile;
    private volatile Process process;
    private URI endpoint;
    private boolean paused;
    private StartTiming lastStart;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5)).build();

    /** Kills the child if this JVM ends without closing it (Ctrl-C, a timeout): no orphan keeps its port. */
    private final Thread orphanGuard = new Thread(() -> {
        Process child = process;
        if (child != null && child.isAlive()) {
            child.destroyForcibly();
        }
    }, "keystorm-serve-orphan-guard");

    private ServeProcess(List<String> command, Path dataDir, SyncPolicy sync, List<String> extraArgs) {
        Runtime.getRuntime().addShutdownHook(orphanGuard);
        this.command = List.copyOf(command);
        this.dataDir = dataDir.toAbsolutePath();
        this.sync = sync;
        this.extraArgs = List.copyOf(extraArgs);
        this.logFile = this.dataDir.resolveSibling(this.dataDir.getFileName() + "-serve.log");
    }

    /**
     * Starts {@code command --port 0 --data-dir DATA_DIR --sync SYNC --admin EXTRA_ARGS...} and
     * waits for it to listen. Throws IllegalStateException, with the end of its output, if it
     * exits or says nothing ready within {@link #READY_WAIT_MAX}.
     */
    public static ServeProcess start(List<String> command, Path dataDir, SyncPolicy sync, List<String> extraArgs) {
        if (command == null || command.isEmpty()) {
            throw new IllegalArgumentException("command must name the program that runs keystorm serve");
        }
        if (dataDir == null || sync == null || extraArgs == null) {
            throw new IllegalArgumentException("dataDir, sync and extraArgs must not be null");
        }
        ServeProcess serve = new ServeProcess(command, dataDir, sync, extraArgs);
        serve.launch(0);
        return serve;
    }

    /** Where the server listens now, {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** The process id of the current child. */
    public long pid() {
        return process.pid();
    }

    /** Whether the child is stopped by SIGSTOP and not yet resumed. */
    public boolean isPaused() {
        return paused;
    }

    /** Whether the current child is running (a paused one is). */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** How the latest start went (the first, or the latest restart's). */
    public StartTiming lastStart() {
        return lastStart;
    }

    /** Where every start's output goes: {@code DATA_DIR-serve.log} beside the data directory. */
    public Path logFile() {
        return logFile;
    }

    /**
     * Carries out one process fault. {@link Fault.Kill}: SIGKILL, and waits until the process is
     * gone. {@link Fault.Restart}: kills the process if it still runs, then starts it again on the
     * same data directory. {@link Fault.Pause} and {@link Fault.Resume}: SIGSTOP and SIGCONT.
     */
    public void apply(Fault.ProcessFault fault) {
        switch (fault) {
            case Fault.Kill f -> kill();
            case Fault.Restart f -> {
                kill();
                launch(endpoint.getPort());
            }
            case Fault.Pause f -> {
                signal("STOP");
                paused = true;
            }
            case Fault.Resume f -> {
                signal("CONT");
                paused = false;
            }
        }
    }

    /**
     * Asks the child to stop (SIGTERM, after a SIGCONT if it is paused), so that it ends as a server
     * stopped by its user does (its insights written to the end), and kills it if it has not exited
     * within {@code wait}. The child is not running afterwards; {@link #close} still releases the rest.
     */
    public void stop(java.time.Duration wait) {
        if (process == null || !process.isAlive()) {
            return;
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        process.destroy();
        try {
            if (!process.waitFor(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            kill();
        }
    }

    /** Kills the child (SIGKILL works on a paused one too). */
    @Override
    public void close() {
        if (process != null) {
            kill();
        }
        http.close();
        try {
            Runtime.getRuntime().removeShutdownHook(orphanGuard);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs, and finds the child gone
        }
    }

    private void kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(EXIT_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new IllegalStateException("keystorm serve (pid " + process.pid() + ") still runs "
                        + EXIT_WAIT_MAX.toSeconds() + " s after SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for keystorm serve to exit", e);
        }
        paused = false;
    }

    private void signal(String name) {
        if (!process.isAlive()) {
            throw new IllegalStateException("cannot send SIG" + name + " to keystorm serve: it is not running");
        }
        try {
            Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                    .redirectErrorStream(true).start();
            String said = new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!kill.waitFor(EXIT_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed: " + said);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run kill -" + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending SIG" + name, e);
        }
    }

    /** Starts the child on {@code port} (0: a free one). */
    private void launch(int port) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + dataDir, e);
        }
        // A restart asks for the port it had and does not move: the clients and the proxy in front
        // know only that one, so a server elsewhere would be a server nobody reaches.
        String failure = startOnce(port);
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /** One start: null once it listens, else why it did not (the child is gone by then). */
    private String startOnce(int port) {
        List<String> args = new ArrayList<>(command);
        args.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString(),
                "--sync", sync.name().toLowerCase(Locale.ROOT), "--admin"));
        args.addAll(extraArgs);
        CompletableFuture<Ready> ready = new CompletableFuture<>();
        long startNanos = System.nanoTime();
        try {
            process = new ProcessBuilder(args).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + String.join(" ", args), e);
        }
        Process started = process;
        Thread.ofPlatform().daemon().name("keystorm-serve-" + started.pid() + "-output").start(() -> drain(started, ready));
        try {
            Ready line = ready.get(READY_WAIT_MAX.toMillis(), TimeUnit.MILLISECONDS);
            endpoint = line.endpoint();
            long answeredNanos = firstAnswer(startNanos + READY_WAIT_MAX.toNanos());
            Matcher replay = REPLAY.matcher(line.line());
            lastStart = new StartTiming(started.pid(), line.nanos() - startNanos, answeredNanos - startNanos,
                    replay.find() ? Double.parseDouble(replay.group(1)) : Double.NaN);
            return null;
        } catch (IllegalStateException e) {
            kill();
            return e.getMessage();
        } catch (ExecutionException e) {
            kill();
            return e.getCause().getMessage();
        } catch (TimeoutException e) {
            kill();
            return "keystorm serve printed no ready line within " + READY_WAIT_MAX.toSeconds() + " s; see " + logFile;
        } catch (InterruptedException e) {
            kill();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for keystorm serve to start", e);
        }
    }

    /**
     * Asks the new server for ListTables until it answers 200, and says when it did (System.nanoTime).
     * Polling an external process, bounded by {@code deadlineNanos}: the ready line comes once the
     * server listens, so the first request normally answers; one refused or failed is asked again
     * after 5 ms. IllegalStateException when none answered by the deadline.
     */
    private long firstAnswer(long deadlineNanos) throws InterruptedException {
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(endpoint)
                .timeout(Duration.ofSeconds(5))
                .header("Content-Type", "application/x-amz-json-1.0")
                .header("X-Amz-Target", PROBE_TARGET)
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        String last = "no answer";
        while (System.nanoTime() < deadlineNanos) {
            try {
                java.net.http.HttpResponse<String> response = http.send(request,
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                long answered = System.nanoTime();
                if (response.statusCode() == 200) {
                    return answered;
                }
                last = "HTTP " + response.statusCode() + ": " + response.body();
            } catch (IOException e) {
                last = e.toString();
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(5); // an external process's readiness: polled, with the deadline above
        }
        throw new IllegalStateException("keystorm serve printed its ready line but did not answer ListTables ("
                + last + "); see " + logFile);
    }

    /** Copies the child's output into the log until it exits, and reports its ready line. */
    private void drain(Process child, CompletableFuture<Ready> ready) {
        List<String> last = new ArrayList<>(); // the last lines, for the error of a failed start
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
             Writer log = Files.newBufferedWriter(logFile, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                     StandardOpenOption.APPEND)) {
            log.write("---- keystorm serve, pid " + child.pid() + "\n");
            log.flush();
            for (String line; (line = out.readLine()) != null; ) {
                long readNanos = System.nanoTime();
                log.write(line);
                log.write('\n');
                log.flush();
                if (last.size() == 20) {
                    last.removeFirst();
                }
                last.add(line);
                Matcher m = READY.matcher(line);
                if (!ready.isDone() && m.find()) {
                    ready.complete(new Ready(URI.create(m.group(1)), readNanos, line));
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(new IllegalStateException("cannot read keystorm serve's output: " + e.getMessage(), e));
            return;
        }
        ready.completeExceptionally(new IllegalStateException("keystorm serve exited before it listened:\n"
                + String.join("\n", last)));
    }

    @Override
    public String toString() {
        return "keystorm serve at " + endpoint + " (pid " + (process == null ? "-" : process.pid())
                + (paused ? ", paused" : "") + ", data in " + dataDir + ")";
    }
}
