package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SimSchedulerTest {
    @Test
    void virtualTimeStartsAtZeroOnAFixedEpochAndOnlyMovesForward() {
        SimScheduler scheduler = new SimScheduler();
        assertThat(scheduler.simulated()).isTrue();
        assertThat(scheduler.clock().nanoTime()).isZero();
        assertThat(scheduler.clock().epochMillis()).isEqualTo(SimScheduler.EPOCH_MILLIS);
        scheduler.advanceTo(2_500_000);
        assertThat(scheduler.clock().nanoTime()).isEqualTo(2_500_000);
        assertThat(scheduler.clock().epochMillis()).isEqualTo(SimScheduler.EPOCH_MILLIS + 2);
        assertThatThrownBy(() -> scheduler.advanceTo(1)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("never goes back");
    }

    @Test
    void tasksAreOrderedByTimeThenByInsertionAndNeverDueAtTheInstantTheyWereScheduled() {
        SimScheduler scheduler = new SimScheduler();
        List<String> ran = new ArrayList<>();
        scheduler.schedule(10, () -> ran.add("b"));
        scheduler.schedule(0, () -> ran.add("a"));
        scheduler.schedule(10, () -> ran.add("c"));
        Agenda agenda = scheduler.agenda();
        assertThat(agenda.firstDue()).isEqualTo(1); // a delay of 0 is 1 ns
        for (Agenda.Entry entry = agenda.first(); entry != null; entry = agenda.first()) {
            agenda.remove(entry);
            scheduler.advanceTo(entry.due());
            ((SimEvent.EngineTask) entry.event()).task().run();
        }
        assertThat(ran).containsExactly("a", "b", "c");
        assertThatThrownBy(() -> scheduler.schedule(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void interleaveRunsTheHookTheSimulationInstalled() {
        SimScheduler scheduler = new SimScheduler();
        scheduler.interleave(); // no hook: nothing happens
        int[] calls = {0};
        scheduler.onInterleave(() -> calls[0]++);
        scheduler.interleave();
        scheduler.interleave();
        assertThat(calls[0]).isEqualTo(2);
    }

    @Test
    void onlyTheThreadThatMadeItMayScheduleOrInterleave() {
        SimScheduler scheduler = new SimScheduler();
        CompletableFuture<Void> elsewhere = CompletableFuture.runAsync(() -> scheduler.schedule(5, () -> { }));
        assertThatThrownBy(elsewhere::get).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("runs on its own thread");
        CompletableFuture<Void> window = CompletableFuture.runAsync(scheduler::interleave);
        assertThatThrownBy(window::get).hasCauseInstanceOf(IllegalStateException.class);
        assertThat(scheduler.agenda().size()).isZero();
    }
}
