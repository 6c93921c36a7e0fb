package keystorm.workloads.nemesis;

import com.fasterxml.jackson.databind.node.ObjectNode;
import keystorm.checker.op.OpJson;
import keystorm.engine.fault.Fault;
import keystorm.engine.fault.FaultJson;
import keystorm.workloads.runner.Nemesis;

/**
 * Carries out every kind of {@link Fault} with what the target offers: the engine's faults
 * in-process or through the admin endpoint, process faults on a {@code keystorm serve} child,
 * network faults in the proxy. A fault the target cannot take is refused when the test is set up
 * (see {@link NemesisKind.Needs}); one that fails while running is recorded {@code info}, with the
 * reason, since it may have half happened.
 *
 * <p>{@link Fault.HealAll} heals everything there is: the proxy forwards again, a paused process
 * resumes, a dead one restarts, and the engine's faults are undone.
 *
 * <p>A restart of the serve child (a {@link Fault.Restart}, or a heal that restarts it) completes
 * with what its start measured, beside the fault's own fields: {@code recoveryMillis} (from
 * creating the process to its first answer, the time a client is without a server),
 * {@code readyMillis} (to its ready line), {@code replayMillis} (the engine's replay of its log,
 * as the server reports it) and the new {@code pid}.
 */
public final class FaultNemesis implements Nemesis<Fault> {
    /** Carries out the engine's faults. */
    @FunctionalInterface
    public interface EngineFaults {
        void apply(Fault.EngineFault fault) throws Exception;
    }

    /** Brings the store back after a crash (reopen the engine on its data directory, restart the process). */
    @FunctionalInterface
    public interface Recovery {
        void recover() throws Exception;
    }

    private final EngineFaults engine;
    private final Recovery recovery;
    private final ServeProcess process;
    private final NetworkProxy proxy;

    /** Any of them may be null when the target has no such part. */
    public FaultNemesis(EngineFaults engine, Recovery recovery, ServeProcess process, NetworkProxy proxy) {
        this.engine = engine;
        this.recovery = recovery;
        this.process = process;
        this.proxy = proxy;
    }

    @Override
    public Outcome invoke(Fault fault) {
        try {
            switch (fault) {
                case Fault.HealAll heal -> {
                    if (healEverything()) {
                        return Outcome.ok(measured(process.lastStart()));
                    }
                }
                case Fault.EngineFault e -> {
                    require(engine, fault).apply(e);
                    if (e instanceof Fault.Crash) {
                        require(recovery, fault).recover();
                    }
                }
                case Fault.ProcessFault p -> {
                    require(process, fault).apply(p);
                    if (p instanceof Fault.Restart) {
                        return Outcome.ok(measured(process.lastStart()));
                    }
                }
                case Fault.NetworkFault n -> require(proxy, fault).apply(n);
            }
            return Outcome.OK;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Outcome.info("interrupted while running " + fault.name());
        } catch (Exception e) {
            return Outcome.info(fault.name() + " failed: " + e.getMessage());
        }
    }

    /** What a start measured, as the fields of its restart's completion. */
    static ObjectNode measured(ServeProcess.StartTiming start) {
        ObjectNode out = com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode();
        out.put("recoveryMillis", start.answerMillis());
        out.put("readyMillis", start.readyNanos() / 1e6);
        if (!Double.isNaN(start.replayMillis())) {
            out.put("replayMillis", start.replayMillis());
        }
        out.put("pid", start.pid());
        return out;
    }

    /** @return whether it restarted the process */
    private boolean healEverything() throws Exception {
        boolean restarted = false;
        if (proxy != null) {
            proxy.apply(new Fault.NetHeal());
        }
        if (process != null) {
            if (process.isPaused()) {
                process.apply(new Fault.Resume());
            }
            if (!process.isAlive()) {
                process.apply(new Fault.Restart());
                restarted = true;
            }
        }
        if (engine != null) {
            engine.apply(new Fault.HealAll());
        }
        return restarted;
    }

    private static <T> T require(T part, Fault fault) {
        if (part == null) {
            throw new IllegalStateException("this target cannot take " + fault.name());
        }
        return part;
    }

    @Override
    public OpJson.Encoded encode(Fault fault) {
        ObjectNode value = FaultJson.write(fault);
        value.remove("fault");
        return new OpJson.Encoded(fault.name(), value);
    }

    /** Releases what the engine's faults hold (the admin endpoint's HTTP client). */
    @Override
    public void close() {
        if (engine instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                // nothing to do: the run is over
            }
        }
    }

    @Override
    public Fault healAll() {
        return new Fault.HealAll();
    }
}
