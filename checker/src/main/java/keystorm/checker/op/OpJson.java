package keystorm.checker.op;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The codec between typed payloads and a history's {@code f} and {@code value}: the one place where
 * operation names are strings. It writes what Jepsen's and Knossos's tools write ({@code read},
 * {@code write}, {@code cas [from to]}, {@code add}, {@code txn [[f k v] ...]}, independent
 * {@code [key value]} tuples), so a history keystorm records is one they could read and the other
 * way round.
 *
 * <p>Decoding needs to know the {@link Family}: {@code read} means one thing for a register and
 * another for a set. In an invocation, and in a fail or info completion, what a read saw is
 * unknown ({@code completed} false): it decodes to a read with a null value whatever the line
 * holds.
 */
public final class OpJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** The kinds of payload a history may hold, one per workload family. */
    public enum Family {
        REGISTER, SET, COUNTER, BANK, LIST_APPEND, RW_REGISTER, IDEMPOTENCY,
        /** Porcupine's kv: get, put, append of strings. */
        KV,
        /** One DynamoDB item: read, put, put-if, delete, delete-if. */
        ITEM,
        /** Knossos's multi-register: txn of [read k v] and [write k v]. */
        MULTI_REGISTER,
        /** An append-only list: append, read. */
        LIST
    }

    /** A payload as a history line holds it. */
    public record Encoded(String f, JsonNode value) {
    }

    private OpJson() {
    }

    public static Encoded encode(Payload payload) {
        return switch (payload) {
            case Payload.Keyed keyed -> {
                Encoded inner = encode(keyed.value());
                yield new Encoded(inner.f(), NODES.arrayNode().add(keyed.key()).add(inner.value()));
            }
            case RegisterOp.Read read -> new Encoded("read", orNull(read.value()));
            case RegisterOp.Write write -> new Encoded("write", write.value());
            case RegisterOp.Cas cas -> {
                ArrayNode pair = NODES.arrayNode().add(cas.from()).add(cas.to());
                yield new Encoded("cas", cas.comparisonFailed() ? pair.add(false) : pair);
            }
            case SetOp.Add add -> new Encoded("add", NODES.numberNode(add.element()));
            case SetOp.Read read -> new Encoded("read", read.elements() == null ? NullNode.getInstance()
                    : longs(read.elements().stream().sorted().toList()));
            case CounterOp.Add add -> new Encoded("add", NODES.numberNode(add.delta()));
            case CounterOp.Read read -> new Encoded("read", read.value() == null ? NullNode.getInstance()
                    : NODES.numberNode(read.value()));
            case BankOp.Transfer transfer -> {
                ObjectNode value = NODES.objectNode();
                value.put("from", transfer.from()).put("to", transfer.to()).put("amount", transfer.amount());
                yield new Encoded("transfer", value);
            }
            case BankOp.Read read -> {
                String f = switch (read.how()) {
                    case TRANSACTIONAL -> "read";
                    case SCAN -> "scan";
                };
                if (read.balances() == null) {
                    yield new Encoded(f, NullNode.getInstance());
                }
                ObjectNode balances = NODES.objectNode();
                new TreeMap<>(read.balances()).forEach(balances::put);
                yield new Encoded(f, balances);
            }
            case TxnOp txn -> {
                ArrayNode ops = NODES.arrayNode();
                for (MicroOp op : txn.ops()) {
                    ops.add(micro(op));
                }
                yield new Encoded("txn", ops);
            }
            case IdempotencyOp.Submit submit -> {
                ObjectNode value = NODES.objectNode();
                value.put("token", submit.token()).put("element", submit.element()).put("attempt", submit.attempt());
                yield new Encoded("submit", value);
            }
            case IdempotencyOp.Mismatch mismatch -> {
                ObjectNode value = NODES.objectNode();
                value.put("token", mismatch.token()).put("element", mismatch.element());
                if (mismatch.refused() != null) {
                    value.put("refused", mismatch.refused());
                }
                yield new Encoded("mismatch", value);
            }
            case IdempotencyOp.Read read -> new Encoded("read", read.elements() == null ? NullNode.getInstance()
                    : longs(read.elements()));
            case KvOp.Get get -> new Encoded("get", get.value() == null ? NullNode.getInstance() : NODES.textNode(get.value()));
            case KvOp.Put put -> new Encoded("put", NODES.textNode(put.value()));
            case KvOp.Append append -> new Encoded("append", NODES.textNode(append.value()));
            case ItemOp.Read read -> new Encoded("read", orNull(read.value()));
            case ItemOp.Put put -> new Encoded("put", put.value());
            case ItemOp.PutIf putIf -> new Encoded("put-if", NODES.arrayNode().add(putIf.expected()).add(putIf.value()));
            case ItemOp.Delete delete -> new Encoded("delete", NullNode.getInstance());
            case ItemOp.DeleteIf deleteIf -> new Encoded("delete-if", deleteIf.expected());
            case MultiRegisterOp txn -> {
                ArrayNode ops = NODES.arrayNode();
                for (MicroOp op : txn.ops()) {
                    ArrayNode micro = ops.addArray();
                    switch (op) {
                        case MicroOp.Write write -> micro.add("write").add(write.key()).add(write.value());
                        case MicroOp.ReadRegister read -> micro.add("read").add(read.key()).add(orNull(read.value()));
                        case MicroOp.Append append -> throw new AssertionError("refused by MultiRegisterOp: " + append);
                        case MicroOp.ReadList read -> throw new AssertionError("refused by MultiRegisterOp: " + read);
                    }
                }
                yield new Encoded("txn", ops);
            }
            case ListOp.Append append -> new Encoded("append", append.element());
            case ListOp.Read read -> {
                if (read.elements() == null) {
                    yield new Encoded("read", NullNode.getInstance());
                }
                ArrayNode elements = NODES.arrayNode();
                read.elements().forEach(elements::add);
                yield new Encoded("read", elements);
            }
        };
    }

    private static ArrayNode micro(MicroOp op) {
        ArrayNode out = NODES.arrayNode();
        return switch (op) {
            case MicroOp.Append append -> out.add("append").add(append.key()).add(append.value());
            case MicroOp.ReadList read -> {
                out.add("r").add(read.key());
                if (read.values() == null) {
                    yield out.addNull();
                }
                ArrayNode values = out.addArray();
                read.values().forEach(values::add);
                yield out;
            }
            case MicroOp.Write write -> out.add("w").add(write.key()).add(write.value());
            case MicroOp.ReadRegister read -> out.add("r").add(read.key()).add(orNull(read.value()));
        };
    }

    /**
     * The payload a history line holds.
     *
     * @param keyed whether values are independent {@code [key value]} tuples
     * @param completed whether this is an ok completion, whose reads say what they saw
     * @throws IllegalArgumentException saying what the family expects, when the line is not one
     */
    public static Payload decode(Family family, boolean keyed, String f, JsonNode value, boolean completed) {
        if (keyed) {
            if (value == null || !value.isArray() || value.size() != 2) {
                throw new IllegalArgumentException("an independent history's values are [key value] tuples, not " + value);
            }
            JsonNode key = value.get(0);
            return new Payload.Keyed(key.isTextual() ? key.textValue() : key.toString(),
                    decode(family, false, f, value.get(1), completed));
        }
        JsonNode v = value == null ? NullNode.getInstance() : value;
        return switch (family) {
            case REGISTER -> switch (f) {
                case "read", "r" -> new RegisterOp.Read(completed ? v : null);
                case "write", "w" -> new RegisterOp.Write(v);
                case "cas" -> {
                    if (!v.isArray() || v.size() < 2 || v.size() > 3 || (v.size() == 3 && !v.get(2).isBoolean())) {
                        throw new IllegalArgumentException("a cas takes [from to] (or Porcupine's [from to false]), not " + v);
                    }
                    yield new RegisterOp.Cas(v.get(0), v.get(1), v.size() == 3 && !v.get(2).booleanValue());
                }
                default -> throw unknown("a register", "read, write and cas", f);
            };
            case SET -> switch (f) {
                case "add" -> new SetOp.Add(integer(v, "a set element"));
                case "read" -> new SetOp.Read(completed ? new HashSet<>(integers(v, "a set read")) : null);
                default -> throw unknown("a set", "add and read", f);
            };
            case COUNTER -> switch (f) {
                case "add", "increment" -> new CounterOp.Add(integer(v, "a counter's add"));
                case "read" -> new CounterOp.Read(completed ? integer(v, "a counter read") : null);
                default -> throw unknown("a counter", "add and read", f);
            };
            case BANK -> switch (f) {
                case "transfer" -> new BankOp.Transfer(text(v, "from"), text(v, "to"), integer(field(v, "amount"), "amount"));
                case "read" -> new BankOp.Read(BankOp.ReadKind.TRANSACTIONAL, completed ? balances(v) : null);
                case "scan" -> new BankOp.Read(BankOp.ReadKind.SCAN, completed ? balances(v) : null);
                default -> throw unknown("a bank", "transfer, read and scan", f);
            };
            case LIST_APPEND, RW_REGISTER -> {
                if (!f.equals("txn")) {
                    throw unknown("a transaction history", "txn", f);
                }
                yield txn(family == Family.LIST_APPEND ? TxnOp.Kind.LIST_APPEND : TxnOp.Kind.RW_REGISTER, v, completed);
            }
            case IDEMPOTENCY -> switch (f) {
                case "submit" -> new IdempotencyOp.Submit(text(v, "token"), integer(field(v, "element"), "element"),
                        Math.toIntExact(integer(field(v, "attempt"), "attempt")));
                case "mismatch" -> new IdempotencyOp.Mismatch(text(v, "token"), integer(field(v, "element"), "element"),
                        completed && v.has("refused") ? v.get("refused").asBoolean() : null);
                case "read" -> new IdempotencyOp.Read(completed ? integers(v, "an idempotency read") : null);
                default -> throw unknown("an idempotency history", "submit, mismatch and read", f);
            };
            case KV -> switch (f) {
                case "get" -> new KvOp.Get(completed ? kvText(v) : null);
                case "put" -> new KvOp.Put(kvText(v));
                case "append" -> new KvOp.Append(kvText(v));
                default -> throw unknown("the kv model", "get, put and append", f);
            };
            case ITEM -> switch (f) {
                case "read" -> new ItemOp.Read(completed ? v : null);
                case "put" -> new ItemOp.Put(v);
                case "put-if" -> {
                    if (!v.isArray() || v.size() != 2) {
                        throw new IllegalArgumentException("put-if takes [expected value], not " + v);
                    }
                    yield new ItemOp.PutIf(v.get(0), v.get(1));
                }
                case "delete" -> new ItemOp.Delete();
                case "delete-if" -> new ItemOp.DeleteIf(v);
                default -> throw unknown("the item model", "read, put, put-if, delete and delete-if", f);
            };
            case MULTI_REGISTER -> {
                if (!f.equals("txn")) {
                    throw unknown("a multi-register", "txn calls", f);
                }
                yield multiRegister(v, completed);
            }
            case LIST -> switch (f) {
                case "append" -> new ListOp.Append(v);
                case "read", "r" -> {
                    if (!completed) {
                        yield new ListOp.Read(null);
                    }
                    if (!v.isArray() && !v.isNull()) {
                        throw new IllegalArgumentException("a list read returns a list, not " + v);
                    }
                    List<JsonNode> elements = new ArrayList<>(v.size());
                    v.forEach(elements::add);
                    yield new ListOp.Read(elements);
                }
                default -> throw unknown("a list", "append and read", f);
            };
        };
    }

    /** A transaction's micro-operations; reads carry what they saw only when {@code completed}. */
    public static TxnOp txn(TxnOp.Kind kind, JsonNode value, boolean completed) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("a transaction's value is a list of micro-operations, not " + value);
        }
        List<MicroOp> ops = new ArrayList<>(value.size());
        for (JsonNode micro : value) {
            if (!micro.isArray() || micro.size() != 3) {
                throw new IllegalArgumentException("a micro-operation is [f key value], not " + micro);
            }
            String f = micro.get(0).asText();
            String key = micro.get(1).isTextual() ? micro.get(1).textValue() : micro.get(1).toString();
            JsonNode argument = micro.get(2);
            switch (kind) {
                case LIST_APPEND -> {
                    switch (f) {
                        case "append" -> ops.add(new MicroOp.Append(key, argument));
                        case "r" -> {
                            List<JsonNode> values = null;
                            if (completed && !argument.isNull()) {
                                if (!argument.isArray()) {
                                    throw new IllegalArgumentException("a list-append read returns a list, not " + argument);
                                }
                                values = new ArrayList<>();
                                argument.forEach(values::add);
                            } else if (completed) {
                                values = List.of(); // nil: the key was never appended to
                            }
                            ops.add(new MicroOp.ReadList(key, values));
                        }
                        default -> throw unknown("list-append", "append and r", f);
                    }
                }
                case RW_REGISTER -> {
                    switch (f) {
                        case "w" -> ops.add(new MicroOp.Write(key, argument));
                        case "r" -> ops.add(new MicroOp.ReadRegister(key, completed ? argument : null));
                        default -> throw unknown("rw-register", "w and r", f);
                    }
                }
            }
        }
        return new TxnOp(kind, ops);
    }

    /** Porcupine reads a missing value as "". */
    private static String kvText(JsonNode value) {
        return value.isNull() ? "" : value.asText();
    }

    private static MultiRegisterOp multiRegister(JsonNode value, boolean completed) {
        if (!value.isArray()) {
            throw new IllegalArgumentException("a txn's value is a list of [f key value], not " + value);
        }
        List<MicroOp> ops = new ArrayList<>(value.size());
        for (JsonNode micro : value) {
            if (!micro.isArray() || micro.size() != 3) {
                throw new IllegalArgumentException("a micro-operation is [f key value], not " + micro);
            }
            String key = micro.get(1).asText();
            JsonNode argument = micro.get(2);
            switch (micro.get(0).asText()) {
                case "read", "r" -> ops.add(new MicroOp.ReadRegister(key, completed ? argument : null));
                case "write", "w" -> ops.add(new MicroOp.Write(key, argument));
                default -> throw new IllegalArgumentException("a micro-operation is read or write, not " + micro.get(0).asText());
            }
        }
        return new MultiRegisterOp(ops);
    }

    private static IllegalArgumentException unknown(String what, String knows, String f) {
        return new IllegalArgumentException(what + " knows " + knows + ", not " + f);
    }

    private static JsonNode orNull(JsonNode value) {
        return value == null ? NullNode.getInstance() : value;
    }

    private static ArrayNode longs(Iterable<Long> values) {
        ArrayNode array = NODES.arrayNode();
        values.forEach(array::add);
        return array;
    }

    private static JsonNode field(JsonNode object, String name) {
        JsonNode value = object.isObject() ? object.get(name) : null;
        if (value == null) {
            throw new IllegalArgumentException("missing field '" + name + "' in " + object);
        }
        return value;
    }

    private static String text(JsonNode object, String name) {
        JsonNode value = field(object, name);
        if (!value.isTextual()) {
            throw new IllegalArgumentException("field '" + name + "' is a string, not " + value);
        }
        return value.textValue();
    }

    private static long integer(JsonNode value, String what) {
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(what + " is an integer, not " + value);
        }
        return value.longValue();
    }

    private static List<Long> integers(JsonNode value, String what) {
        if (value.isNull()) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(what + " returns a list of integers, not " + value);
        }
        List<Long> out = new ArrayList<>(value.size());
        for (JsonNode element : value) {
            out.add(integer(element, "an element of " + what));
        }
        return out;
    }

    private static Map<String, Long> balances(JsonNode value) {
        if (!value.isObject()) {
            throw new IllegalArgumentException("a bank read returns balances by account, not " + value);
        }
        Map<String, Long> balances = new LinkedHashMap<>();
        value.fields().forEachRemaining(e -> balances.put(e.getKey(), integer(e.getValue(), "balance of " + e.getKey())));
        return balances;
    }

}
