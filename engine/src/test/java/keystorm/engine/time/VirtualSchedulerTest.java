package keystorm.engine.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class VirtualSchedulerTest {
    @Test
    void advanceRunsTheTasksDueOnTheWayAtTheirInstantsByTimeThenByInsertion() {
        VirtualScheduler scheduler = new VirtualScheduler();
        List<String> ran = new ArrayList<>();
        scheduler.schedule(10, () -> ran.add("b@" + scheduler.nanos()));
        scheduler.schedule(0, () -> ran.add("a@" + scheduler.nanos()));
        scheduler.schedule(10, () -> {
            ran.add("c@" + scheduler.nanos());
            scheduler.schedule(5, () -> ran.add("d@" + scheduler.nanos())); // within the interval: runs too
            scheduler.schedule(100, () -> ran.add("e@" + scheduler.nanos()));
        });
        assertThat(scheduler.pending()).isEqualTo(3);
        assertThat(scheduler.advance(20, TimeUnit.NANOSECONDS)).isEqualTo(4);
        assertThat(ran).containsExactly("a@0", "b@10", "c@10", "d@15");
        assertThat(scheduler.nanos()).isEqualTo(20);
        assertThat(scheduler.runAll(10)).isEqualTo(1);
        assertThat(ran).last().isEqualTo("e@110");
        assertThatThrownBy(() -> scheduler.schedule(-1, () -> { })).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theClockReadsVirtualTimeFromZeroOnAFixedEpochAndNeverGoesBack() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Clock clock = scheduler.clock();
        assertThat(clock.epochMillis()).isEqualTo(VirtualScheduler.EPOCH_MILLIS);
        assertThat(scheduler.advance(3, TimeUnit.SECONDS)).isZero();
        assertThat(clock.nanoTime()).isEqualTo(3_000_000_000L).isEqualTo(scheduler.nanos());
        assertThat(clock.epochMillis()).isEqualTo(VirtualScheduler.EPOCH_MILLIS + 3_000);
        assertThatThrownBy(() -> scheduler.advanceTo(0)).hasMessageContaining("never goes back");
        assertThatThrownBy(() -> scheduler.advance(-1, TimeUnit.NANOSECONDS)).isInstanceOf(IllegalArgumentException.class);
        assertThat(scheduler.simulated()).isTrue();
    }

    @Test
    void runAllStopsAtItsBound() {
        VirtualScheduler scheduler = new VirtualScheduler();
        Runnable[] again = new Runnable[1];
        again[0] = () -> scheduler.schedule(1, again[0]);
        scheduler.schedule(0, again[0]);
        assertThatThrownBy(() -> scheduler.runAll(5)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("after 5");
    }

    record Mark(String name) implements EventQueue.Event {
    }

    record Wrapped(Runnable task) implements VirtualScheduler.Task {
    }

    @Test
    void onASharedQueueTasksTakeTheirPlaceAmongTheDriversEventsAndItsHookIsTheWindow() {
        EventQueue queue = new EventQueue();
        VirtualScheduler scheduler = new VirtualScheduler(queue, Wrapped::new);
        List<String> ran = new ArrayList<>();
        queue.add(5, new Mark("first"));
        scheduler.schedule(5, () -> ran.add("task"));
        List<EventQueue.Entry> due = queue.dueBy(5);
        assertThat(due).hasSize(2);
        assertThat(due.get(0).event()).isEqualTo(new Mark("first"));
        assertThat(due.get(1).event()).isInstanceOf(Wrapped.class);
        assertThat(queue.dueBy(4)).isEmpty();
        assertThatThrownBy(scheduler::runNext).isInstanceOf(IllegalStateException.class).hasMessageContaining("not a task");
        assertThat(queue.remove(queue.first())).isTrue();
        assertThat(scheduler.runNext()).isTrue();
        scheduler.interleave(); // no hook yet: nothing happens
        scheduler.onInterleave(() -> ran.add("window"));
        scheduler.interleave();
        assertThat(ran).containsExactly("task", "window");
        assertThat(scheduler.nanos()).isEqualTo(5);
        assertThat(scheduler.runNext()).isFalse();
    }
}
