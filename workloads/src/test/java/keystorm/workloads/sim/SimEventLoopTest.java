package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import keystorm.checker.history.Op;
import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.fault.Fault;
import keystorm.workloads.Workload;
import keystorm.workloads.WorkloadOptions;
import keystorm.workloads.Workloads;
import keystorm.workloads.client.Client;
import keystorm.workloads.client.Completion;
import keystorm.workloads.client.EmbeddedStore;
import keystorm.workloads.client.Store;
import keystorm.workloads.generator.Generators;
import keystorm.workloads.keys.KeyDistribution;
import org.junit.jupiter.api.Test;

/**
 * The event loop with background work of the engine's kind: tasks given to
 * {@link SimScheduler#schedule} run at their virtual time, in order, between the operations, and a
 * paused engine does none until it resumes. (The engine schedules nothing yet; its write-ahead log
 * will.) Here a client schedules them, as an engine call would.
 */
class SimEventLoopTest {
    record Ran(long dueNanos, long ranNanos, long order) {
    }

    /** The register workload's client, scheduling a task 1 ms after each call. */
    static final class Scheduling implements Client<Payload.Keyed> {
        final Client<Payload.Keyed> inner;
        final SimScheduler scheduler;
        final List<Ran> ran = new ArrayList<>();
        long scheduled;

        Scheduling(Client<Payload.Keyed> inner, SimScheduler scheduler) {
            this.inner = inner;
            this.scheduler = scheduler;
        }

        @Override
        public void setup(Store store) {
            inner.setup(store);
        }

        @Override
        public Completion<Payload.Keyed> invoke(Store store, Payload.Keyed op) {
            long due = scheduler.nanos() + 1_000_000;
            long order = scheduled++;
            scheduler.schedule(1_000_000, () -> ran.add(new Ran(due, scheduler.nanos(), order)));
            return inner.invoke(store, op);
        }
    }

    @SuppressWarnings("unchecked")
    static Workload<Payload.Keyed> register() {
        return (Workload<Payload.Keyed>) Workloads.create("register",
                new WorkloadOptions(1, 3, new KeyDistribution.Uniform(3), "t-", 4));
    }

    @Test
    void engineTasksRunAtTheirTimeInOrderAndWaitOutAPause() {
        SimScheduler scheduler = new SimScheduler();
        Workload<Payload.Keyed> workload = register();
        Scheduling client = new Scheduling(workload.client(), scheduler);
        EngineConfig config = EngineConfig.inMemory().withScheduler(scheduler);
        HistoryLog history = new HistoryLog(null);
        try (SimStore store = new SimStore(new EmbeddedStore(() -> new Engine(config)))) {
            client.setup(store);
            EventLoop<Payload.Keyed> loop = new EventLoop<>(scheduler, client, store, history, 4);
            loop.runPhase(new GeneratorSource<>(Generators.limit(200, workload.generator()), 1), null, false);
            int beforePause = client.ran.size();
            loop.runFault(new Fault.Pause());
            loop.runPhase(new GeneratorSource<>(Generators.limit(4, workload.generator()), 2), null, false);
            loop.runFault(new Fault.Resume());
            loop.runPhase(new GeneratorSource<>(Generators.limit(50, workload.generator()), 3), null, false);
            loop.runFault(new Fault.HealAll());

            long pausedAt = invoked(history, "pause");
            long resumedAt = invoked(history, "resume");
            assertThat(beforePause).isEqualTo(200 - pendingAt(client, pausedAt));
            for (Ran ran : client.ran) {
                if (ran.dueNanos() < pausedAt || ran.dueNanos() > resumedAt) {
                    assertThat(ran.ranNanos()).isEqualTo(ran.dueNanos());
                } else {
                    assertThat(ran.ranNanos()).isGreaterThanOrEqualTo(resumedAt); // held while paused
                }
            }
            List<Long> order = client.ran.stream().map(Ran::order).toList();
            assertThat(order).isSorted();
            assertThat(client.ran).hasSizeLessThanOrEqualTo((int) client.scheduled);
        }
        List<Op> paused = history.ops().stream().filter(op -> "timed out: the engine is paused".equals(op.error())).toList();
        assertThat(paused).hasSize(4).allMatch(op -> op.type() == OpType.INFO);
        assertThat(Set.copyOf(history.ops().stream().filter(Op::isNemesis).map(Op::f).toList()))
                .containsExactlyInAnyOrder("pause", "resume", "heal-all");
    }

    /** When the nemesis invoked the fault (the moment it took effect). */
    private static long invoked(HistoryLog history, String fault) {
        return history.ops().stream().filter(op -> op.isNemesis() && op.type() == OpType.INVOKE && op.f().equals(fault))
                .findFirst().orElseThrow().time();
    }

    /** Tasks scheduled before the pause and not yet due when it came. */
    private static int pendingAt(Scheduling client, long pausedAt) {
        return (int) client.ran.stream().filter(r -> r.order() < 200 && r.dueNanos() > pausedAt).count();
    }
}
