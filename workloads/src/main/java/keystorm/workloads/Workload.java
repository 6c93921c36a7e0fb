package keystorm.workloads;

import keystorm.checker.Checker;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.workloads.client.Client;
import keystorm.workloads.generator.Generator;

/**
 * One workload: what it does ({@code generator}, without end; the runner bounds it by time and
 * rate), what it does once the faults are healed ({@code finalGenerator}: final reads, or
 * nothing), how each operation reaches the store ({@code client}) and how the history is judged
 * ({@code checker}). {@code family} and {@code keyed} say how its history lines decode, so
 * {@code keystorm check} can judge a recorded history again.
 */
public record Workload<P extends Payload>(String name, OpJson.Family family, boolean keyed, Generator<P> generator,
                                          Generator<P> finalGenerator, Client<P> client, Checker checker) {
    public Workload {
        java.util.Objects.requireNonNull(name, "name");
        java.util.Objects.requireNonNull(generator, "generator");
        java.util.Objects.requireNonNull(client, "client");
        java.util.Objects.requireNonNull(checker, "checker");
    }
}
