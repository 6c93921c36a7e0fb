package keystorm.workloads.sim;

import keystorm.engine.fault.Fault;
import keystorm.workloads.runner.Nemesis;

/**
 * A fault being carried out: how it went when it started, how long it takes, and whether the
 * store comes back from a crash when it ends.
 */
record FaultRun(Fault fault, long startNanos, Nemesis.Outcome outcome, long durationNanos, boolean restartAtEnd) {
}
