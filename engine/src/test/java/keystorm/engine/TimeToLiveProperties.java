package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TimeToLiveSpecification;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.LongRange;

/**
 * The sweep against a model of DynamoDB's rule: after time passes, an item is gone exactly when its Time to Live
 * attribute is a Number whose instant lies no more than five years before the sweep and at least the delay before
 * it. Items are generated as their attribute's offset from the sweep's instant (milliseconds, written as decimal
 * seconds), on and near the two boundaries as much as anywhere.
 */
class TimeToLiveProperties {
    static final long DELAY_MILLIS = TimeUnit.MINUTES.toMillis(5);
    static final long FIVE_YEARS_MILLIS = TimeToLive.IGNORED_AFTER_MILLIS;

    /** An item's attribute: an offset in milliseconds from the sweep's instant, or (null) a String. */
    record Expiry(Long offsetMillis) {
    }

    @Provide
    Arbitrary<Expiry> expiries() {
        // shifts from a boundary: jqwik's edge cases of the range hold 0, the boundary itself
        Arbitrary<Long> nearDelay = Arbitraries.longs().between(-3_000, 3_000).map(d -> -DELAY_MILLIS + d);
        Arbitrary<Long> nearFiveYears = Arbitraries.longs().between(-3_000, 3_000).map(d -> -FIVE_YEARS_MILLIS + d);
        Arbitrary<Long> anywhere = Arbitraries.longs().between(-2 * FIVE_YEARS_MILLIS, 7_200_000);
        return Arbitraries.oneOf(nearDelay, nearFiveYears, anywhere).map(Expiry::new).injectNull(0.1)
                .map(e -> e == null ? new Expiry(null) : e);
    }

    @Provide
    Arbitrary<List<Expiry>> items() {
        return expiries().list().ofMinSize(1).ofMaxSize(20);
    }

    @Property(tries = 200)
    void theSweepDeletesExactlyWhatTheRuleSays(@ForAll("items") List<Expiry> items,
                                               @ForAll @LongRange(min = 0, max = 7_200_000) long advanceMillis) {
        ManualClock clock = new ManualClock();
        try (Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withTtlDelayNanos(TimeUnit.MILLISECONDS.toNanos(DELAY_MILLIS)))) {
            engine.createTable(CreateTableRequest.onDemand("ttl", "pk", ScalarAttributeType.S, null, null));
            engine.updateTimeToLive("ttl", new TimeToLiveSpecification("expires", true));
            long writtenMillis = clock.epochMillis();
            for (int i = 0; i < items.size(); i++) {
                Long offset = items.get(i).offsetMillis();
                AttributeValue value = offset == null ? s(Long.toString(writtenMillis / 1000))
                        : n(BigDecimal.valueOf(writtenMillis + advanceMillis + offset, 3).toPlainString());
                engine.putItem(PutItemRequest.of("ttl", Item.of(Map.of("pk", s("k" + i), "expires", value))));
            }
            clock.advance(advanceMillis, TimeUnit.MILLISECONDS);
            engine.sweepNow();
            long nowMillis = clock.epochMillis();
            for (int i = 0; i < items.size(); i++) {
                Long offset = items.get(i).offsetMillis();
                assertThat(nowMillis).isEqualTo(writtenMillis + advanceMillis);
                boolean expired = offset != null && offset >= -FIVE_YEARS_MILLIS && offset + DELAY_MILLIS <= 0;
                Item item = engine.getItem(GetItemRequest.consistent("ttl", Map.of("pk", s("k" + i)))).item();
                assertThat(item == null).as("item %d, offset %s ms, %d ms later", i, offset, advanceMillis)
                        .isEqualTo(expired);
            }
        }
    }
}
