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
                case Fault.HealAll heal -> healEverything();
                case Fault.EngineFault e -> {
                    require(engine, fault).apply(e);
                    if (e instanceof Fault.Crash) {
                        require(recovery, fault).recover();
                    }
                }
                case Fault.ProcessFault p -> require(process, fault).apply(p);
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

    private void healEverything() throws Exception {
        if (proxy != null) {
            proxy.apply(new Fault.NetHeal());
        }
        if (process != null) {
            if (process.isPaused()) {
                process.apply(new Fault.Resume());
            }
            if (!process.isAlive()) {
                process.apply(new Fault.Restart());
            }
        }
        if (engine != null) {
            engine.apply(new Fault.HealAll());
        }
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
