package keystorm.workloads.bench.strategy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import keystorm.workloads.bench.KeyStrategy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * What every strategy promises, over strategies generated as structure (one stage, or two to four
 * different kinds composed in any order), logical keys, item ids, cycles, write times and read
 * windows: a written item is found by its point read and by any group read whose window covers
 * its write; deterministic strategies read one key; a random suffix uses every shard; specs
 * round-trip, and bad specs are refused with a message naming what is bad.
 */
class KeyStrategyProperties {
    enum Kind { SUFFIX, CALCULATED, COMPOSITE, TIME }

    @Property(tries = 300)
    void aWrittenItemIsAmongItsPointReadKeys(@ForAll("strategies") KeyStrategy strategy, @ForAll("keys") String logicalKey,
                                             @ForAll("keys") String itemId, @ForAll long cycle,
                                             @ForAll("times") long writtenMillis) {
        String written = strategy.writeKey(logicalKey, itemId, cycle, writtenMillis);
        List<String> point = strategy.pointReadKeys(logicalKey, itemId, writtenMillis);
        assertThat(point).contains(written).doesNotHaveDuplicates();
        assertThat(point).hasSize(strategy.readCost(0).pointReadRequests());
        assertThat(strategy.writeKey(logicalKey, itemId, cycle, writtenMillis)).isEqualTo(written);
    }

    @Property(tries = 300)
    void aWrittenItemIsAmongTheGroupReadKeysOfAnyWindowCoveringItsWrite(
            @ForAll("strategies") KeyStrategy strategy, @ForAll("keys") String logicalKey, @ForAll("keys") String itemId,
            @ForAll long cycle, @ForAll("times") long writtenMillis, @ForAll("offsets") long beforeMillis,
            @ForAll("offsets") long afterMillis) {
        String written = strategy.writeKey(logicalKey, itemId, cycle, writtenMillis);
        long from = writtenMillis - beforeMillis;
        long to = writtenMillis + afterMillis;
        long costMax = strategy.readCost(to - from).groupReadRequestsMax();
        List<String> group;
        try {
            group = strategy.groupReadKeys(logicalKey, from, to);
        } catch (IllegalArgumentException refused) {
            // Refusal is allowed only where the bound says so, and says which window.
            assertThat(costMax).isGreaterThan(KeyStrategy.READ_KEYS_MAX);
            assertThat(refused.getMessage()).contains("[" + from + ", " + to + "]").doesNotContain("\n");
            return;
        }
        assertThat(group).contains(written).doesNotHaveDuplicates();
        assertThat((long) group.size()).isLessThanOrEqualTo(Math.min(costMax, KeyStrategy.READ_KEYS_MAX));
        assertThat(strategy.groupReadKeys(logicalKey, writtenMillis, writtenMillis))
                .contains(written).hasSize((int) strategy.readCost(0).groupReadRequestsMax());
    }

    @Property(tries = 300)
    void withoutARandomSuffixAPointReadIsExactlyTheWrittenKey(
            @ForAll("deterministic") KeyStrategy strategy, @ForAll("keys") String logicalKey,
            @ForAll("keys") String itemId, @ForAll long cycle, @ForAll long otherCycle, @ForAll("times") long writtenMillis) {
        String written = strategy.writeKey(logicalKey, itemId, cycle, writtenMillis);
        assertThat(strategy.pointReadKeys(logicalKey, itemId, writtenMillis)).containsExactly(written);
        assertThat(strategy.readCost(0).pointReadRequests()).isEqualTo(1);
        assertThat(strategy.writeKey(logicalKey, itemId, otherCycle, writtenMillis)).isEqualTo(written);
    }

    /**
     * Coupon collector: N independent uniform draws cover N shards within N(ln N + c) draws but
     * with probability e^-c at most; c = 40 makes a miss a broken hash, not bad luck.
     */
    @Property(tries = 150)
    void aRandomSuffixUsesEveryShardWithinBoundedCycles(@ForAll @IntRange(min = 1, max = 1000) int shards,
                                                        @ForAll long firstCycle, @ForAll("keys") String logicalKey) {
        RandomSuffix suffix = new RandomSuffix(shards);
        long bound = (long) Math.ceil(shards * (Math.log(shards) + 40));
        Set<String> all = new HashSet<>(suffix.groupReadKeys(logicalKey, 0, 0));
        BitSet used = new BitSet(shards);
        for (long i = 0; i < bound && used.cardinality() < shards; i++) {
            long cycle = firstCycle + i;
            int shard = suffix.shardOf(cycle);
            assertThat(shard).isBetween(0, shards - 1);
            used.set(shard);
            if (i < 16) {
                assertThat(suffix.writeKey(logicalKey, "item", cycle, 0)).isEqualTo(logicalKey + "#" + shard).isIn(all);
            }
        }
        assertThat(used.cardinality()).isEqualTo(shards);
    }

    @Property(tries = 300)
    void aSpecParsesBackToAnEqualStrategy(@ForAll("strategies") KeyStrategy strategy) {
        KeyStrategy parsed = KeyStrategy.parse(strategy.spec());
        assertThat(parsed).isEqualTo(strategy).hasSameHashCodeAs(strategy);
        assertThat(parsed.spec()).isEqualTo(strategy.spec()).isEqualTo(strategy.toString());
    }

    record BadSpec(String spec, String badPart) {
    }

    @Property(tries = 300)
    void aBadSpecIsRefusedWithOneLineNamingTheBadPart(@ForAll("badSpecs") BadSpec bad) {
        assertThatThrownBy(() -> KeyStrategy.parse(bad.spec()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(bad.badPart())
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    // ---- arbitraries

    @Provide
    Arbitrary<KeyStrategy> strategies() {
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(KeyStrategy.NATURAL)),
                Tuple.of(4, Arbitraries.of(Kind.values()).flatMap(kind -> stage(kind, KeyStrategy.SHARDS_MAX))),
                Tuple.of(5, compositions(EnumSet.allOf(Kind.class))));
    }

    @Provide
    Arbitrary<KeyStrategy> deterministic() {
        Set<Kind> kinds = EnumSet.of(Kind.CALCULATED, Kind.COMPOSITE, Kind.TIME);
        return Arbitraries.oneOf(Arbitraries.just(KeyStrategy.NATURAL),
                Arbitraries.of(kinds).flatMap(kind -> stage(kind, KeyStrategy.SHARDS_MAX)), compositions(kinds));
    }

    /** Two or more different kinds in any order, with shard counts small enough to multiply within the bound. */
    private Arbitrary<KeyStrategy> compositions(Set<Kind> kinds) {
        return Arbitraries.subsetOf(kinds).ofMinSize(2)
                .flatMap(chosen -> Arbitraries.shuffle(new ArrayList<>(chosen)))
                .flatMap(order -> Combinators.combine(order.stream().map(kind -> stage(kind, 10)).toList())
                        .as(Composed::new));
    }

    private Arbitrary<KeyStrategy> stage(Kind kind, int shardsMax) {
        Arbitrary<Integer> shards = Arbitraries.integers().between(1, shardsMax).withDistribution(
                RandomDistribution.biased());
        return switch (kind) {
            case SUFFIX -> shards.map(RandomSuffix::new);
            case CALCULATED -> shards.map(CalculatedSuffix::new);
            case COMPOSITE -> shards.map(CompositeKey::new);
            case TIME -> Arbitraries.oneOf(Arbitraries.longs().between(1, 120), Arbitraries.of(60L, 3600L, 86_400L),
                    Arbitraries.longs().between(1, TimeBucket.BUCKET_SECONDS_MAX)).map(TimeBucket::new);
        };
    }

    @Provide
    Arbitrary<String> keys() {
        return Arbitraries.oneOf(Arbitraries.strings().alpha().numeric().withChars('#', '-', '_').ofMinLength(1).ofMaxLength(12),
                Arbitraries.strings().ofMinLength(1).ofMaxLength(8));
    }

    /** Epoch milliseconds from 1938 to 2096, and a few at the epoch's edges. */
    @Provide
    Arbitrary<Long> times() {
        return Arbitraries.oneOf(Arbitraries.longs().between(-1_000_000_000_000L, 4_000_000_000_000L),
                Arbitraries.longs().between(-5_000, 5_000));
    }

    /** How far a read window reaches before or after a write: milliseconds to ten days. */
    @Provide
    Arbitrary<Long> offsets() {
        return Arbitraries.oneOf(Arbitraries.longs().between(0, 10_000), Arbitraries.longs().between(0, 864_000_000L));
    }

    @Provide
    Arbitrary<BadSpec> badSpecs() {
        Arbitrary<String> shardKinds = Arbitraries.of("suffix", "calculated", "composite");
        Arbitrary<String> outOfRange = Arbitraries.oneOf(Arbitraries.just("0"),
                Arbitraries.longs().between(KeyStrategy.SHARDS_MAX + 1L, 999_999_999_999_999L).map(String::valueOf));
        Arbitrary<String> notNumbers = Arbitraries.strings().ofMinLength(1).ofMaxLength(6)
                .filter(s -> s.chars().anyMatch(c -> c < '0' || c > '9') && s.indexOf('+') < 0);
        Arbitrary<BadSpec> stage = Arbitraries.oneOf(
                Combinators.combine(shardKinds, outOfRange).as((k, n) -> bad(k + ":" + n, k + ":" + n)),
                Combinators.combine(Arbitraries.of("suffix", "calculated", "composite", "time"), notNumbers)
                        .as((k, n) -> bad(k + ":" + n, n)),
                Arbitraries.of("suffix", "calculated", "composite", "time", "suffix:", "time:").map(s -> bad(s, s)),
                Arbitraries.of("0", String.valueOf(TimeBucket.BUCKET_SECONDS_MAX + 1), "99999999999999999999")
                        .map(n -> bad("time:" + n, "time:" + n)),
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                        .filter(n -> !Set.of("natural", "suffix", "calculated", "composite", "time").contains(n))
                        .flatMap(n -> Arbitraries.of(n, n + ":3").map(s -> bad(s, "'" + n + "'"))),
                Arbitraries.just(bad("natural:2", "natural:2")));
        Arbitrary<BadSpec> composed = Arbitraries.oneOf(
                Combinators.combine(stage, goodStage(), Arbitraries.of(true, false)).as((b, good, first) ->
                        bad(first ? b.spec() + "+" + good : good + "+" + b.spec(), b.badPart())),
                goodStage().map(good -> bad(good + "+natural", "natural")),
                goodStage().map(good -> bad(good + "+", "empty stage")),
                goodStage().map(good -> bad("+" + good, "empty stage")),
                Arbitraries.of(Kind.values()).flatMap(kind -> Combinators.combine(stage(kind, 10), stage(kind, 10))
                        .as((a, b) -> bad(a.spec() + "+" + b.spec(), "'" + b.spec() + "'"))),
                Arbitraries.integers().between(32, 1000).map(n -> bad("suffix:" + n + "+calculated:" + n,
                        "multiply to " + (long) n * n)));
        return Arbitraries.oneOf(stage, composed, Arbitraries.just(bad("", "empty")));
    }

    private Arbitrary<String> goodStage() {
        return Arbitraries.of(Kind.values()).flatMap(kind -> stage(kind, 10)).map(KeyStrategy::spec);
    }

    private static BadSpec bad(String spec, String badPart) {
        return new BadSpec(spec, badPart);
    }
}
