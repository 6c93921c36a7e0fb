package keystorm.workloads.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import keystorm.engine.partition.ReplicaLag;
import keystorm.workloads.nemesis.NemesisKind;
import org.junit.jupiter.api.Test;

class SwarmTest {
    private static final Swarm.Shape BASE = new Swarm.Shape(List.of(NemesisKind.CRASH), Duration.ofSeconds(5), 8, 10,
            ReplicaLag.NONE);
    private static final List<NemesisKind> KINDS = List.of(NemesisKind.LAG, NemesisKind.FAILOVER, NemesisKind.CRASH);

    @Test
    void theSameSeedGivesTheSameShape() {
        for (long seed = 0; seed < 50; seed++) {
            assertThat(Swarm.choose(seed, BASE, Swarm.nothingFixed(), KINDS))
                    .isEqualTo(Swarm.choose(seed, BASE, Swarm.nothingFixed(), KINDS));
        }
    }

    @Test
    void manySeedsExploreManyShapes() {
        Set<List<NemesisKind>> mixes = new HashSet<>();
        Set<Integer> concurrencies = new HashSet<>();
        Set<Class<?>> lags = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            Swarm.Shape shape = Swarm.choose(seed, BASE, Swarm.nothingFixed(), KINDS);
            mixes.add(shape.nemeses());
            concurrencies.add(shape.concurrency());
            lags.add(shape.replicaLag().getClass());
            assertThat(KINDS).containsAll(shape.nemeses());
        }
        assertThat(mixes).hasSize(8); // every subset of three kinds, the empty one included
        assertThat(concurrencies.size()).isGreaterThanOrEqualTo(6);
        assertThat(lags).hasSize(3);
    }

    @Test
    void whatTheUserSetIsKept() {
        Set<Swarm.Dimension> fixed = EnumSet.of(Swarm.Dimension.NEMESES, Swarm.Dimension.CONCURRENCY);
        for (long seed = 0; seed < 50; seed++) {
            Swarm.Shape shape = Swarm.choose(seed, BASE, fixed, KINDS);
            assertThat(shape.nemeses()).isEqualTo(BASE.nemeses());
            assertThat(shape.concurrency()).isEqualTo(8);
        }
    }

    @Test
    void describesItselfForAPerson() {
        assertThat(BASE.describe()).isEqualTo("nemesis crash every 5.0 s, 8 clients, 10 keys, replica lag none");
    }
}
