package keystorm.workloads;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import keystorm.checker.op.Payload;
import keystorm.workloads.generator.Generators;
import keystorm.workloads.generator.Invocation;
import keystorm.workloads.keys.KeyDistribution;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadsTest {
    static final List<String> NAMES = List.of("register", "eventual-register", "list-append", "list-append-single",
            "rw-register", "bank", "set", "counter", "hot-key", "idempotency");

    static WorkloadOptions options(long seed) {
        return new WorkloadOptions(seed, 10, new KeyDistribution.Zipf(10, 1.0), "t-", 8);
    }

    /** The workloads that draw their operations; hot-key writes the same one everywhere, whatever the seed. */
    static List<String> names() {
        return NAMES.stream().filter(name -> !name.equals("hot-key")).toList();
    }

    @Test
    void theRegistryKnowsEveryWorkloadByName() {
        assertThat(Workloads.names()).containsExactlyElementsOf(NAMES);
        for (String name : NAMES) {
            assertThat(Workloads.create(name, options(1)).name()).isEqualTo(name);
            assertThat(Workloads.all().get(name).description()).isNotBlank();
        }
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> Workloads.create("bogus", options(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bogus").hasMessageContaining("list-append-single").hasMessageContaining("idempotency");
    }

    @ParameterizedTest
    @MethodSource("names")
    void theSameSeedGivesTheSameOperations(String name) {
        List<Invocation<Payload>> first = take(name, 42);
        assertThat(first).hasSize(500);
        assertThat(take(name, 42)).isEqualTo(first);
        assertThat(take(name, 43)).isNotEqualTo(first);
    }

    /** Elle's inference, the set and the idempotency checkers need every written value to be written once. */
    @Test
    void writtenValuesAreUnique() {
        for (String name : List.of("list-append", "list-append-single", "rw-register", "set", "eventual-register", "idempotency")) {
            List<Object> written = new java.util.ArrayList<>();
            for (Invocation<Payload> invocation : take(name, 7)) {
                switch (invocation.value()) {
                    case keystorm.checker.op.TxnOp txn -> txn.ops().forEach(op -> {
                        if (op instanceof keystorm.checker.op.MicroOp.Append a) {
                            written.add(a.value());
                        } else if (op instanceof keystorm.checker.op.MicroOp.Write w) {
                            written.add(w.value());
                        }
                    });
                    case Payload.Keyed keyed when keyed.value() instanceof keystorm.checker.op.SetOp.Add add ->
                            written.add(add.element());
                    case Payload.Keyed keyed when keyed.value() instanceof keystorm.checker.op.RegisterOp.Write w ->
                            written.add(keyed.key() + "=" + w.value());
                    case keystorm.checker.op.IdempotencyOp.Submit submit -> written.add(submit.element());
                    case keystorm.checker.op.IdempotencyOp.Mismatch mismatch -> written.add(mismatch.element());
                    default -> {
                    }
                }
            }
            assertThat(written).as(name).isNotEmpty().doesNotHaveDuplicates();
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Invocation<Payload>> take(String name, long seed) {
        Workload<Payload> workload = (Workload<Payload>) Workloads.create(name, options(seed));
        return Generators.take(workload.generator(), 4, 500);
    }
}
