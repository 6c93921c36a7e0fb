package keystorm.checker.elle;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.List;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.op.TxnOp;
import keystorm.checker.history.OpType;
import keystorm.checker.history.Values;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Elle against histories whose answer is known: serial executions spread into concurrent
 * timings are strict-serializable; one injected fault (a read that misses an append completed
 * before it began, an element read twice, a read of a failed transaction's append) is always
 * found and named.
 */
class ElleProperties {
    static ElleResult check(List<ListAppendGenerator.Spec> specs) {
        return new ElleChecker(CheckerOptions.defaults().withConsistencyModel(ConsistencyModel.STRICT_SERIALIZABLE),
                TxnOp.Kind.LIST_APPEND).check(ListAppendGenerator.history(specs));
    }

    @Property(tries = 200)
    void serialExecutionsAreStrictSerializable(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int overlap) {
        List<ListAppendGenerator.Spec> specs = new ListAppendGenerator(seed).serial(60, 4, 4, overlap);
        ElleResult result = check(specs);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.VALID);
        assertThat(result.anomalies()).isEmpty();
    }

    @Property(tries = 200)
    void aReadMissingACompletedAppendIsACycle(@ForAll long seed, @ForAll @IntRange(min = 0, max = 3) int overlap) {
        ListAppendGenerator generator = new ListAppendGenerator(seed);
        List<ListAppendGenerator.Spec> specs = generator.serial(60, 4, 4, overlap);
        // a read whose last element was appended by a transaction that completed before the reader began
        int[] victim = generator.someRead(specs, (reader, op) -> {
            JsonNode last = op.get(2).get(op.get(2).size() - 1);
            for (ListAppendGenerator.Spec writer : specs) {
                for (JsonNode w : writer.ops) {
                    if (w.get(0).asText().equals("append") && w.get(1).equals(op.get(1)) && w.get(2).equals(last)) {
                        return writer != reader && writer.complete < reader.invoke && !appendsTo(reader, op.get(1))
                                && firstOnKey(reader, op) && seenElsewhere(specs, reader, op.get(1), last);
                    }
                }
            }
            return false;
        });
        if (victim == null) {
            return;
        }
        ArrayNode read = (ArrayNode) specs.get(victim[0]).ops.get(victim[1]);
        ArrayNode shorter = Values.NODES.arrayNode();
        for (int i = 0; i < read.get(2).size() - 1; i++) {
            shorter.add(read.get(2).get(i));
        }
        specs.get(victim[0]).ops.set(victim[1], Values.array(read.get(0), read.get(1), shorter));
        ElleResult result = check(specs);
        assertThat(result.validity()).as(result.render()).isEqualTo(Validity.INVALID);
        assertThat(result.counts().keySet()).as(result.render())
                .containsAnyOf(AnomalyType.G_SINGLE, AnomalyType.G_SINGLE_PROCESS, AnomalyType.G_SINGLE_REALTIME,
                        AnomalyType.G_NONADJACENT, AnomalyType.G_NONADJACENT_PROCESS, AnomalyType.G_NONADJACENT_REALTIME,
                        AnomalyType.G2_ITEM, AnomalyType.G2_ITEM_PROCESS, AnomalyType.G2_ITEM_REALTIME,
                        AnomalyType.INCOMPATIBLE_ORDER);
    }

    /**
     * Another transaction's read also saw the element: otherwise, once this read is cut short,
     * nothing in the history says the element was ever part of the list, and no checker can know.
     */
    private static boolean seenElsewhere(List<ListAppendGenerator.Spec> specs, ListAppendGenerator.Spec reader,
                                         JsonNode key, JsonNode element) {
        for (ListAppendGenerator.Spec spec : specs) {
            for (JsonNode op : spec.ops) {
                if (spec != reader && op.get(0).asText().equals("r") && op.get(1).equals(key)) {
                    for (JsonNode seen : op.get(2)) {
                        if (seen.equals(element)) {
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    /** The read is the transaction's first operation on its key (an external read). */
    private static boolean firstOnKey(ListAppendGenerator.Spec spec, JsonNode read) {
        for (JsonNode op : spec.ops) {
            if (op.get(1).equals(read.get(1))) {
                return op == read;
            }
        }
        return false;
    }

    private static boolean appendsTo(ListAppendGenerator.Spec spec, JsonNode key) {
        return spec.ops.stream().anyMatch(o -> o.get(0).asText().equals("append") && o.get(1).equals(key));
    }

    @Property(tries = 200)
    void anElementReadTwiceIsDuplicateElements(@ForAll long seed) {
        ListAppendGenerator generator = new ListAppendGenerator(seed);
        List<ListAppendGenerator.Spec> specs = generator.serial(40, 4, 4, 1);
        int[] victim = generator.someRead(specs, (reader, op) -> true);
        if (victim == null) {
            return;
        }
        ArrayNode read = (ArrayNode) specs.get(victim[0]).ops.get(victim[1]);
        ArrayNode doubled = read.get(2).deepCopy();
        doubled.add(doubled.get(doubled.size() - 1));
        specs.get(victim[0]).ops.set(victim[1], Values.array(read.get(0), read.get(1), doubled));
        ElleResult result = check(specs);
        assertThat(result.counts()).as(result.render()).containsKey(AnomalyType.DUPLICATE_ELEMENTS);
        assertThat(result.validity()).isEqualTo(Validity.INVALID);
    }

    @Property(tries = 200)
    void readingAFailedTransactionsAppendIsG1a(@ForAll long seed) {
        ListAppendGenerator generator = new ListAppendGenerator(seed);
        List<ListAppendGenerator.Spec> specs = generator.serial(40, 4, 4, 1);
        int[] victim = generator.someRead(specs, (reader, op) -> true);
        if (victim == null) {
            return;
        }
        JsonNode read = specs.get(victim[0]).ops.get(victim[1]);
        JsonNode element = read.get(2).get(0);
        for (ListAppendGenerator.Spec writer : specs) {
            boolean wrote = writer.ops.stream().anyMatch(o -> o.get(0).asText().equals("append")
                    && o.get(1).equals(read.get(1)) && o.get(2).equals(element));
            if (wrote && writer != specs.get(victim[0])) {
                writer.outcome = OpType.FAIL;
                ElleResult result = check(specs);
                assertThat(result.counts()).as(result.render()).containsKey(AnomalyType.G1A);
                assertThat(result.validity()).isEqualTo(Validity.INVALID);
                return;
            }
        }
    }

}
