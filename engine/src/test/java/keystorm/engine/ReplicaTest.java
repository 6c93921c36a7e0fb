package keystorm.engine;

import static keystorm.engine.TableOperationsTest.assertError;
import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.fault.Bug;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/**
 * Replicas on a manual clock with a fixed 100 ms follower lag: strongly consistent reads see
 * the last write, eventually consistent ones may not; failover keeps every acknowledged write;
 * and the seeded bugs stale-strong-read and stale-failover show their effect.
 */
class ReplicaTest {
    final ManualClock clock = new ManualClock();

    Engine engine(Set<Bug> bugs) {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock).withReplicaLag(ReplicaLag.millis(100))
                .withBugs(bugs));
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null), 1);
        return engine;
    }

    static Map<String, AttributeValue> key(String pk) {
        return Map.of("pk", s(pk));
    }

    static void put(Engine engine, String pk, long v) {
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s(pk), "v", n(v)))));
    }

    static Long read(Engine engine, String pk, boolean consistent) {
        Item item = engine.getItem(new GetItemRequest("kvs", key(pk), consistent, null, null, null)).item();
        return item == null ? null : ((AttributeValue.N) item.get("v")).value().toBigDecimal().longValueExact();
    }

    static List<Long> reads(Engine engine, String pk, boolean consistent, int count) {
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(read(engine, pk, consistent));
        }
        return out;
    }

    @Test
    void eventualReadsLagAndStrongReadsDoNot() {
        Engine engine = engine(Set.of());
        put(engine, "k", 1);
        clock.advance(1, TimeUnit.SECONDS);
        put(engine, "k", 2);
        assertThat(reads(engine, "k", true, 6)).containsOnly(2L);
        // Of three replicas in turn, the two followers have not applied the write yet.
        assertThat(reads(engine, "k", false, 6)).containsOnly(1L, 2L).contains(1L);
        clock.advance(100, TimeUnit.MILLISECONDS);
        assertThat(reads(engine, "k", false, 6)).containsOnly(2L);
    }

    @Test
    void withoutLagEveryReplicaAnswersTheLastWrite() {
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock));
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null));
        put(engine, "k", 1);
        put(engine, "k", 2);
        assertThat(reads(engine, "k", false, 9)).containsOnly(2L);
    }

    @Test
    void staleStrongReadBugServesConsistentReadsFromFollowers() {
        Engine engine = engine(Set.of(Bug.STALE_STRONG_READ));
        put(engine, "k", 1);
        clock.advance(1, TimeUnit.SECONDS);
        put(engine, "k", 2);
        assertThat(reads(engine, "k", true, 6)).contains(1L);
    }

    @Test
    void failoverKeepsEveryAcknowledgedWrite() {
        Engine engine = engine(Set.of());
        for (int i = 0; i < 50; i++) {
            put(engine, "k" + i, i);
        }
        // The followers have received everything but applied nothing yet (lag 100 ms).
        engine.faults().crashLeader("kvs", 0);
        for (int i = 0; i < 50; i++) {
            assertThat(read(engine, "k" + i, true)).isEqualTo((long) i);
        }
        Partition.Metrics metrics = engine.partitionMetrics("kvs").getFirst();
        assertThat(metrics.leader()).isNotZero();
        assertThat(metrics.replicas().get(0).down()).isTrue();
        // Writes go on with two of three replicas; the old leader comes back as a follower.
        put(engine, "k0", 100);
        engine.faults().restartReplica("kvs", 0, 0);
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(reads(engine, "k0", false, 6)).containsOnly(100L);
    }

    @Test
    void staleFailoverBugLosesAcknowledgedWrites() {
        Engine engine = engine(Set.of(Bug.STALE_FAILOVER));
        put(engine, "k", 1);
        clock.advance(1, TimeUnit.SECONDS);
        put(engine, "k", 2);
        engine.faults().crashLeader("kvs", 0);
        assertThat(read(engine, "k", true)).as("the acknowledged write of 2 is gone").isEqualTo(1L);
    }

    @Test
    void aLeaderWithoutAMajorityRefusesWritesAndAppliesNothing() {
        Engine engine = engine(Set.of());
        put(engine, "k", 1);
        engine.faults().isolateReplica("kvs", 0, 1);
        put(engine, "k", 2); // leader and follower 2: still a majority
        engine.faults().isolateReplica("kvs", 0, 2);
        assertError(() -> put(engine, "k", 3), ErrorType.InternalServerError, "majority");
        assertThat(read(engine, "k", true)).isEqualTo(2L);
        engine.faults().rejoinReplica("kvs", 0, 1);
        engine.faults().rejoinReplica("kvs", 0, 2);
        put(engine, "k", 4);
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(reads(engine, "k", false, 6)).containsOnly(4L);
    }

    @Test
    void anIsolatedFollowerServesEverStalerReads() {
        Engine engine = engine(Set.of());
        put(engine, "k", 1);
        clock.advance(1, TimeUnit.SECONDS);
        engine.faults().isolateReplica("kvs", 0, 1);
        for (int v = 2; v <= 5; v++) {
            put(engine, "k", v);
        }
        clock.advance(10, TimeUnit.SECONDS);
        assertThat(reads(engine, "k", false, 6)).containsOnly(1L, 5L).contains(1L);
        engine.faults().healAll();
        assertThat(reads(engine, "k", false, 6)).containsOnly(5L);
    }

    @Test
    void aLagSpikeDelaysFollowersForItsLength() {
        Engine engine = engine(Set.of());
        engine.faults().lagSpike(Duration.ofSeconds(5), Duration.ofSeconds(1));
        put(engine, "k", 1);
        clock.advance(2, TimeUnit.SECONDS);
        assertThat(reads(engine, "k", false, 6)).contains((Long) null);
        clock.advance(4, TimeUnit.SECONDS);
        assertThat(reads(engine, "k", false, 6)).containsOnly(1L);
        put(engine, "k", 2); // after the spike: the configured 100 ms again
        clock.advance(150, TimeUnit.MILLISECONDS);
        assertThat(reads(engine, "k", false, 6)).containsOnly(2L);
    }
}
