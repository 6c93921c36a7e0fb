package keystorm.checker.history;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import us.bpsm.edn.EdnException;
import us.bpsm.edn.Keyword;
import us.bpsm.edn.Symbol;
import us.bpsm.edn.parser.Parseable;
import us.bpsm.edn.parser.Parser;
import us.bpsm.edn.parser.Parsers;

/**
 * Jepsen's EDN histories, as Knossos and Elle store them: either one vector of operation maps
 * or one map after another ({@code history.edn}). Values map onto JSON trees: keywords and
 * symbols become strings without the colon, vectors and lists arrays, sets arrays (in their
 * order), maps objects with the keys' text; {@code :process :nemesis} becomes {@link Op#NEMESIS}.
 */
public final class EdnHistory {
    private EdnHistory() {
    }

    public static History read(String text) throws HistoryFormatException {
        TrackingText tracked = new TrackingText(text);
        Parseable parseable = Parsers.newParseable(tracked);
        Parser parser = Parsers.newParser(Parsers.defaultConfiguration());
        List<Op> ops = new ArrayList<>();
        while (true) {
            Object value;
            try {
                value = parser.nextValue(parseable);
            } catch (EdnException e) {
                throw new HistoryFormatException(tracked.line(), "not EDN: " + e.getMessage());
            } catch (RuntimeException e) {
                throw new HistoryFormatException(tracked.line(), "not EDN: " + e);
            }
            if (value == Parser.END_OF_INPUT) {
                break;
            }
            if (value instanceof List<?> list) {
                for (Object element : list) {
                    ops.add(op(element, tracked.line(), ops.size()));
                }
            } else {
                ops.add(op(value, tracked.line(), ops.size()));
            }
        }
        return History.of(ops);
    }

    private static Op op(Object value, long line, int position) throws HistoryFormatException {
        if (!(value instanceof Map<?, ?> map)) {
            throw new HistoryFormatException(line, "expected an operation map {:type ... :f ... :process ...}, found "
                    + describe(value));
        }
        Object type = map.get(Keyword.newKeyword("type"));
        if (!(type instanceof Keyword typeKeyword)) {
            throw new HistoryFormatException(line, "operation " + position + " has no :type keyword");
        }
        OpType opType;
        try {
            opType = OpType.parse(typeKeyword.getName());
        } catch (IllegalArgumentException e) {
            throw new HistoryFormatException(line, "operation " + position + ": :" + e.getMessage());
        }
        Object f = map.get(Keyword.newKeyword("f"));
        if (f == null) {
            throw new HistoryFormatException(line, "operation " + position + " has no :f");
        }
        Object process = map.get(Keyword.newKeyword("process"));
        int processNumber;
        if (process instanceof Long number && number >= 0 && number <= Integer.MAX_VALUE) {
            processNumber = number.intValue();
        } else if (process instanceof Keyword keyword && keyword.getName().equals("nemesis")) {
            processNumber = Op.NEMESIS;
        } else {
            throw new HistoryFormatException(line, "operation " + position
                    + ": :process must be a non-negative integer or :nemesis, not " + describe(process));
        }
        Object index = map.get(Keyword.newKeyword("index"));
        Object time = map.get(Keyword.newKeyword("time"));
        Object error = map.get(Keyword.newKeyword("error"));
        return new Op(index instanceof Long i ? i : position, time instanceof Long t ? t : -1, processNumber, opType,
                text(f), json(map.get(Keyword.newKeyword("value"))), error == null ? null : json(error).toString());
    }

    /** An EDN value as a JSON tree. */
    public static JsonNode json(Object value) {
        return switch (value) {
            case null -> Values.NODES.nullNode();
            case Keyword keyword -> Values.NODES.textNode(keyword.getName());
            case Symbol symbol -> Values.NODES.textNode(symbol.getName());
            case String string -> Values.NODES.textNode(string);
            case Long number -> Values.NODES.numberNode(number);
            case Integer number -> Values.NODES.numberNode(number.longValue());
            case BigInteger number -> Values.NODES.numberNode(number);
            case Double number -> Values.NODES.numberNode(number);
            case BigDecimal number -> Values.NODES.numberNode(number);
            case Boolean bool -> Values.NODES.booleanNode(bool);
            case Character character -> Values.NODES.textNode(character.toString());
            case Map<?, ?> map -> {
                ObjectNode object = Values.object();
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    object.set(text(entry.getKey()), json(entry.getValue()));
                }
                yield object;
            }
            case Collection<?> collection -> {
                ArrayNode array = Values.NODES.arrayNode();
                for (Object element : collection) {
                    array.add(json(element));
                }
                yield array;
            }
            default -> Values.NODES.textNode(value.toString());
        };
    }

    private static String text(Object value) {
        return switch (value) {
            case Keyword keyword -> keyword.getName();
            case Symbol symbol -> symbol.getName();
            case null -> "nil";
            default -> value.toString();
        };
    }

    private static String describe(Object value) {
        return value == null ? "nil" : value.getClass().getSimpleName() + " " + value;
    }

    /** Text that remembers how far the parser has read, to name the line of an error. */
    private static final class TrackingText implements CharSequence {
        private final String text;
        private int furthest;

        TrackingText(String text) {
            this.text = text;
        }

        @Override
        public int length() {
            return text.length();
        }

        @Override
        public char charAt(int index) {
            if (index > furthest) {
                furthest = index;
            }
            return text.charAt(index);
        }

        @Override
        public CharSequence subSequence(int start, int end) {
            if (end - 1 > furthest) {
                furthest = end - 1;
            }
            return text.subSequence(start, end);
        }

        @Override
        public String toString() {
            return text;
        }

        long line() {
            long line = 1;
            for (int i = 0; i < Math.min(furthest, text.length()); i++) {
                if (text.charAt(i) == '\n') {
                    line++;
                }
            }
            return line;
        }
    }
}
