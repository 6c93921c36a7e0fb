package keystorm.engine;

import static keystorm.engine.item.AttributeValue.n;
import static keystorm.engine.item.AttributeValue.s;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.DeleteItemRequest;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GetItemRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import keystorm.engine.partition.Partition;
import keystorm.engine.partition.PartitionMap;
import keystorm.engine.partition.ReplicaLag;
import keystorm.engine.table.KeyHash;
import keystorm.engine.time.ManualClock;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Splits interleaved with writes, reads, replica lag and replica faults, against a plain map:
 * every acknowledged write survives, a strongly consistent read always answers the map's value,
 * an eventually consistent one a value the key once held, and after every step the partitions
 * tile the hash space and each caught-up follower holds exactly its leader's items (so a split
 * copied every replica's items and pending entries). At the end, faults healed and the lag past,
 * every replica answers the map's value.
 */
class SplitProperties {
    static final String TABLE = "splits";
    static final int KEYS = 6;
    static final int SORT_KEYS = 2;

    sealed interface Action {
    }

    record Put(int pk, int sk) implements Action {
    }

    record Delete(int pk, int sk) implements Action {
    }

    record Read(int pk, int sk, boolean consistent) implements Action {
    }

    record Advance(int millis) implements Action {
    }

    /** Splits the partition of key {@code pk} at its hash (the key goes up) or just above it (down). */
    record Split(int pk, boolean aboveKey) implements Action {
    }

    record CrashLeader(int partition) implements Action {
    }

    record Isolate(int partition, int replica) implements Action {
    }

    record Rejoin(int partition, int replica) implements Action {
    }

    record Restart(int partition, int replica) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> pk = Arbitraries.integers().between(0, KEYS - 1);
        Arbitrary<Integer> sk = Arbitraries.integers().between(0, SORT_KEYS - 1);
        Arbitrary<Integer> partition = Arbitraries.integers().between(0, 15);
        Arbitrary<Integer> replica = Arbitraries.integers().between(0, 2);
        Arbitrary<Action> action = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Combinators.combine(pk, sk).as(Put::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(pk, sk).as(Delete::new)),
                net.jqwik.api.Tuple.of(5, Combinators.combine(pk, sk, Arbitraries.of(true, false)).as(Read::new)),
                net.jqwik.api.Tuple.of(3, Arbitraries.integers().between(0, 150).map(Advance::new)),
                net.jqwik.api.Tuple.of(3, Combinators.combine(pk, Arbitraries.of(true, false)).as(Split::new)),
                net.jqwik.api.Tuple.of(1, partition.map(CrashLeader::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(partition, replica).as(Isolate::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(partition, replica).as(Rejoin::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(partition, replica).as(Restart::new)));
        return action.list().ofMinSize(1).ofMaxSize(60);
    }

    static Map<String, AttributeValue> key(int pk, int sk) {
        return Map.of("pk", s("p" + pk), "sk", n(sk));
    }

    static Long value(Item item) {
        return item == null ? null : ((AttributeValue.N) item.get("v")).value().toBigDecimal().longValueExact();
    }

    @Property(tries = 300)
    void splitsLoseNoWriteAndServeNoStaleStrongRead(@ForAll("actions") List<Action> actions) {
        ManualClock clock = new ManualClock();
        Engine engine = new Engine(EngineConfig.inMemory().withClock(clock)
                .withReplicaLag(new ReplicaLag.Uniform(0, TimeUnit.MILLISECONDS.toNanos(100))).withSeed(7));
        engine.createTable(CreateTableRequest.onDemand(TABLE, "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N), 2);
        PartitionMap partitions = engine.partitions(TABLE);
        Map<Map<String, AttributeValue>, Long> model = new HashMap<>();
        Map<Map<String, AttributeValue>, Set<Long>> history = new HashMap<>();
        long next = 0;
        for (Action action : actions) {
            switch (action) {
                case Put p -> {
                    long v = ++next;
                    if (written(() -> engine.putItem(PutItemRequest.of(TABLE, Item.of(Map.of("pk", s("p" + p.pk()),
                            "sk", n(p.sk()), "v", n(v))))))) {
                        model.put(key(p.pk(), p.sk()), v);
                        history.computeIfAbsent(key(p.pk(), p.sk()), k -> new HashSet<>()).add(v);
                    }
                }
                case Delete d -> {
                    if (written(() -> engine.deleteItem(DeleteItemRequest.of(TABLE, key(d.pk(), d.sk()))))) {
                        model.remove(key(d.pk(), d.sk()));
                    }
                }
                case Read r -> {
                    Map<String, AttributeValue> key = key(r.pk(), r.sk());
                    Long read = value(engine.getItem(new GetItemRequest(TABLE, key, r.consistent(), null, null, null))
                            .item());
                    if (r.consistent()) {
                        assertThat(read).as("strong read of %s", key).isEqualTo(model.get(key));
                    } else if (read != null) {
                        assertThat(history.getOrDefault(key, Set.of())).as("eventual read of %s", key).contains(read);
                    }
                }
                case Advance a -> clock.advance(a.millis(), TimeUnit.MILLISECONDS);
                case Split sp -> {
                    long hash = KeyHash.of(s("p" + sp.pk()));
                    long point = sp.aboveKey() ? hash + 1 : hash;
                    Partition parent = partitions.of(s("p" + sp.pk()));
                    int before = partitions.count();
                    partitions.split(parent, point);
                    assertThat(partitions.count()).isIn(before, before + 1);
                }
                case CrashLeader c -> fault(() -> engine.faults().crashLeader(TABLE, c.partition() % partitions.count()));
                case Isolate i -> fault(() -> engine.faults().isolateReplica(TABLE, i.partition() % partitions.count(),
                        i.replica()));
                case Rejoin j -> fault(() -> engine.faults().rejoinReplica(TABLE, j.partition() % partitions.count(),
                        j.replica()));
                case Restart r -> fault(() -> engine.faults().restartReplica(TABLE, r.partition() % partitions.count(),
                        r.replica()));
            }
            assertThat(partitions.invariantViolations()).as("after %s", action).isEmpty();
        }
        engine.faults().healAll();
        clock.advance(1, TimeUnit.SECONDS);
        assertThat(partitions.invariantViolations()).isEmpty();
        for (int pk = 0; pk < KEYS; pk++) {
            for (int sk = 0; sk < SORT_KEYS; sk++) {
                Map<String, AttributeValue> key = key(pk, sk);
                assertThat(value(engine.getItem(GetItemRequest.consistent(TABLE, key)).item())).isEqualTo(model.get(key));
                List<Long> replicas = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    replicas.add(value(engine.getItem(GetItemRequest.of(TABLE, key)).item()));
                }
                assertThat(replicas).as("every replica of %s", key).containsOnly(model.get(key));
            }
        }
    }

    /** Whether a write was applied; refused (no majority, InternalServerError), nothing was. */
    static boolean written(Runnable write) {
        try {
            write.run();
            return true;
        } catch (DynamoException e) {
            assertThat(e.type()).isEqualTo(ErrorType.InternalServerError);
            return false;
        }
    }

    /** A fault that the replicas' state rules out now (no follower can take over) changes nothing. */
    static void fault(Runnable fault) {
        try {
            fault.run();
        } catch (IllegalStateException e) {
            assertThat(e.getMessage()).contains("no follower that can take over");
        }
    }
}
