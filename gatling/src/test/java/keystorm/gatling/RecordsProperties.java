package keystorm.gatling;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import keystorm.workloads.bench.BenchKey;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Whatever the layout and the strategy, a point read asks for the key the load phase wrote the item under. */
class RecordsProperties {
    record Layout(int count, int logicalKeys, String strategy, int record) {
    }

    @Provide
    Arbitrary<Layout> layouts() {
        Arbitrary<String> strategies = Arbitraries.oneOf(Arbitraries.just("natural"),
                Arbitraries.integers().between(1, 100).map(n -> "suffix:" + n),
                Arbitraries.integers().between(1, 100).map(n -> "calculated:" + n));
        return Arbitraries.integers().between(1, 5000).flatMap(count -> Combinators.combine(
                Arbitraries.integers().between(1, count), strategies, Arbitraries.integers().between(0, count - 1))
                .as((logicalKeys, strategy, record) -> new Layout(count, logicalKeys, strategy, record)));
    }

    @Property(tries = 300)
    void aPointReadAsksForTheItemsHome(@ForAll("layouts") Layout layout) {
        Records records = new Records(layout.count(), layout.logicalKeys(), "key", Strategies.parse(layout.strategy()));
        BenchKey home = records.home(layout.record());
        List<BenchKey> reads = records.readKeys(layout.record());
        assertThat(reads).contains(home);
        assertThat(reads).allSatisfy(key -> assertThat(key.sk()).isEqualTo(home.sk()));
        assertThat(reads.size()).isLessThanOrEqualTo(100); // one BatchGetItem
        // the record is one of its logical key's items, found again by its rank
        int logical = layout.record() % layout.logicalKeys();
        assertThat(records.record(logical, layout.record() / layout.logicalKeys())).isEqualTo(layout.record());
    }

    @Property(tries = 100)
    void theItemsOfTheLogicalKeysAddUpToTheRecords(@ForAll("layouts") Layout layout) {
        Records records = new Records(layout.count(), layout.logicalKeys(), "key", Strategies.parse("natural"));
        int sum = 0;
        for (int logical = 0; logical < layout.logicalKeys(); logical++) {
            sum += records.itemsOf(logical);
        }
        assertThat(sum).isEqualTo(layout.count());
    }
}
