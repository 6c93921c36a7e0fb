package keystorm.workloads.sim;

import java.util.List;
import keystorm.engine.fault.Fault;
import keystorm.workloads.generator.Context;

/** Recorded fault steps as a source: in order, each at its time or once the fault before has ended. */
final class ScheduledFaults implements Source<Fault> {
    private final List<Schedule.FaultStep> steps;
    private int next;

    ScheduledFaults(List<Schedule.FaultStep> steps) {
        this.steps = List.copyOf(steps);
    }

    @Override
    public Answer<Fault> next(Context context, long sequence) {
        if (next >= steps.size()) {
            return new Answer.Done<>();
        }
        Schedule.FaultStep step = steps.get(next);
        if (step.nanos() > context.nanos()) {
            return new Answer.Wait<>(step.nanos());
        }
        next++;
        return new Answer.Emit<>(0, step.fault(), 0);
    }
}
