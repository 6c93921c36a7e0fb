package keystorm.engine.fault;

import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.time.ManualClock;
import org.junit.jupiter.api.Test;

/** Faults.apply carries out each engine fault as the named methods do; heal-all undoes them all. */
class FaultsTest {
    final ManualClock clock = new ManualClock();
    final Engine engine = new Engine(EngineConfig.inMemory().withClock(clock));

    FaultsTest() {
        engine.createTable(CreateTableRequest.onDemand("kvs", "pk", ScalarAttributeType.S, null, null), 2);
    }

    Partition.Metrics partition(int index) {
        return engine.faults().partitions("kvs").get(index);
    }

    void put(String pk) {
        engine.putItem(PutItemRequest.of("kvs", Item.of(Map.of("pk", s(pk)))));
    }

    @Test
    void crashLeaderFailsOverAndRestartBringsTheReplicaBack() {
        engine.faults().apply(new Fault.CrashLeader("kvs", 1));
        assertThat(partition(1).leader()).isNotZero();
        assertThat(partition(1).replicas().get(0).down()).isTrue();
        assertThat(partition(0).leader()).isZero();
        engine.faults().apply(new Fault.RestartReplica("kvs", 1, 0));
        assertThat(partition(1).replicas().get(0).down()).isFalse();
    }

    @Test
    void isolateAndRejoinAReplica() {
        engine.faults().apply(new Fault.IsolateReplica("kvs", 0, 2));
        assertThat(partition(0).replicas().get(2).isolated()).isTrue();
        engine.faults().apply(new Fault.RejoinReplica("kvs", 0, 2));
        assertThat(partition(0).replicas().get(2).isolated()).isFalse();
    }

    @Test
    void aSkewedClockMovesAndHealAllUndoesEveryFault() {
        long before = engine.clock().epochMillis();
        engine.faults().apply(new Fault.SkewClock(Duration.ofHours(-1)));
        assertThat(engine.clock().epochMillis()).isEqualTo(before - 3_600_000);
        engine.faults().apply(new Fault.IsolateReplica("kvs", 0, 1));
        engine.faults().apply(new Fault.CrashLeader("kvs", 1));
        engine.faults().apply(new Fault.SqueezeCapacity("kvs", 0, 0.5));
        engine.faults().apply(new Fault.LagSpike(Duration.ofSeconds(5), Duration.ofSeconds(10)));
        engine.faults().apply(new Fault.HealAll());
        assertThat(engine.clock().epochMillis()).isEqualTo(before);
        for (int p = 0; p < 2; p++) {
            assertThat(partition(p).replicas()).allSatisfy(r -> assertThat(r.down() || r.isolated()).isFalse());
        }
        put("after-heal");
    }

    @Test
    void aCrashStopsTheEngine() {
        put("before");
        engine.faults().apply(new Fault.Crash());
        assertThatThrownBy(() -> put("after")).isInstanceOfSatisfying(DynamoException.class,
                e -> assertThat(e.type()).isEqualTo(ErrorType.InternalServerError));
    }

    @Test
    void aMissingTableOrPartitionOrReplicaIsRefused() {
        assertThatThrownBy(() -> engine.faults().apply(new Fault.CrashLeader("missing", 0)))
                .isInstanceOfSatisfying(DynamoException.class, e -> assertThat(e.type()).isEqualTo(ErrorType.ResourceNotFoundException));
        assertThatThrownBy(() -> engine.faults().apply(new Fault.RestartReplica("kvs", 0, 3)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("replicas are numbered 0 to 2");
        assertThatThrownBy(() -> engine.faults().apply(new Fault.SqueezeCapacity("kvs", 9, 0.5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("table kvs has partitions 0 to 1, not 9");
    }
}
