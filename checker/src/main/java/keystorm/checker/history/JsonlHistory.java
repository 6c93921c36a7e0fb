package keystorm.checker.history;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * keystorm's history format: one JSON object per line, written as the run happens, so that a
 * crash loses at most the last lines (those written since the writer's last flush: with
 * {@link #write}, the last line; with {@link #append}, what the caller has not flushed yet).
 *
 * <pre>{"index":12,"time":1830412,"process":3,"type":"invoke","f":"txn","value":[["append","k7",4]]}</pre>
 *
 * {@code index} and {@code time} may be left out (the line's position stands in); {@code process}
 * is a number or {@code "nemesis"}; {@code error} is optional.
 */
public final class JsonlHistory {
    private JsonlHistory() {
    }

    public static History read(Reader reader) throws IOException, HistoryFormatException {
        List<Op> ops = new ArrayList<>();
        try (Stream stream = stream(reader)) {
            while (stream.hasNext()) {
                ops.add(stream.next());
            }
        } catch (UncheckedFormatException e) {
            throw e.getCause();
        }
        return History.of(ops);
    }

    /** Reads one op at a time, for histories larger than memory. */
    public static Stream stream(Reader reader) {
        return new Stream(reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader, 1 << 16));
    }

    /** A streaming reader; a malformed line surfaces as {@link UncheckedFormatException}. */
    public static final class Stream implements Iterator<Op>, AutoCloseable {
        private final BufferedReader reader;
        private long line;
        private long ops;
        private Op next;

        Stream(BufferedReader reader) {
            this.reader = reader;
        }

        @Override
        public boolean hasNext() {
            while (next == null) {
                String text;
                try {
                    text = reader.readLine();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                if (text == null) {
                    return false;
                }
                line++;
                if (text.isBlank()) {
                    continue;
                }
                try {
                    next = parse(text, line, ops);
                } catch (HistoryFormatException e) {
                    throw new UncheckedFormatException(e);
                }
                ops++;
            }
            return true;
        }

        @Override
        public Op next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Op op = next;
            next = null;
            return op;
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /** A malformed line met while streaming. */
    public static final class UncheckedFormatException extends RuntimeException {
        UncheckedFormatException(HistoryFormatException cause) {
            super(cause);
        }

        @Override
        public synchronized HistoryFormatException getCause() {
            return (HistoryFormatException) super.getCause();
        }
    }

    /**
     * One line. The common line (an object whose fields are what the format says) is read by a
     * streaming parser, building a tree only for {@code value}: a tree of the whole line costs
     * an object node and a map per event, most of the reading time of a large history. Anything
     * else (malformed JSON, a field of the wrong kind, a missing field) is read again by
     * {@link #parseTree}, so every error says what it always said.
     */
    static Op parse(String text, long line, long position) throws HistoryFormatException {
        Op op;
        try (JsonParser parser = Values.JSON.createParser(text)) {
            op = parseStreaming(parser, position);
        } catch (IOException e) {
            op = null;
        }
        return op != null ? op : parseTree(text, line, position);
    }

    /**
     * A history has a handful of functions and millions of events: one string per function, not
     * one per event (about 48 bytes an event). Bounded, so a
     * history of unique names costs a map of 1,024 and no more.
     */
    private static final java.util.concurrent.ConcurrentHashMap<String, String> FUNCTIONS =
            new java.util.concurrent.ConcurrentHashMap<>();
    private static final int FUNCTIONS_MAX = 1_024;

    /** Reads values into {@link HistoryNodes}: shared small strings and numbers, arrays sized for pairs. */
    private static final com.fasterxml.jackson.databind.ObjectReader VALUES = Values.JSON.reader()
            .with(HistoryNodes.INSTANCE);

    private static String function(String f) {
        String known = FUNCTIONS.get(f);
        if (known != null) {
            return known;
        }
        if (FUNCTIONS.size() < FUNCTIONS_MAX) {
            known = FUNCTIONS.putIfAbsent(f, f);
        }
        return known != null ? known : f;
    }

    /** The line as an Op, or null when it is not the common case (then {@link #parseTree} says why). */
    private static Op parseStreaming(JsonParser parser, long position) throws IOException {
        if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
        }
        long index = position;
        long time = -1;
        Integer process = null;
        OpType type = null;
        String f = null;
        JsonNode value = null;
        String error = null;
        int seen = 0;
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_OBJECT; token = parser.nextToken()) {
            if (token != JsonToken.FIELD_NAME) {
                return null;
            }
            String name = parser.currentName();
            JsonToken field = parser.nextToken();
            switch (name) {
                case "index", "time" -> {
                    long number;
                    if (field == JsonToken.VALUE_NULL) {
                        number = name.equals("index") ? position : -1;
                    } else if (field == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                        number = parser.getLongValue();
                    } else {
                        return null;
                    }
                    if (name.equals("index")) {
                        index = number;
                    } else {
                        time = number;
                    }
                }
                case "process" -> {
                    if (field == JsonToken.VALUE_STRING && parser.getText().equals("nemesis")) {
                        process = Op.NEMESIS;
                    } else if (field == JsonToken.VALUE_NUMBER_INT && parser.getNumberType() == JsonParser.NumberType.INT
                            && parser.getIntValue() >= 0) {
                        process = parser.getIntValue();
                    } else {
                        return null;
                    }
                }
                case "type" -> {
                    if (field != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    try {
                        type = OpType.parse(parser.getText());
                    } catch (IllegalArgumentException e) {
                        return null;
                    }
                }
                case "f" -> {
                    if (field != JsonToken.VALUE_STRING) {
                        return null;
                    }
                    f = function(parser.getText());
                }
                case "value" -> value = VALUES.readTree(parser);
                case "error" -> error = field == JsonToken.VALUE_NULL ? null
                        : field == JsonToken.VALUE_STRING ? parser.getText() : Values.JSON.readTree(parser).toString();
                default -> parser.skipChildren();
            }
            if (name.equals("value") && value == null) {
                return null; // not expected of readTree at a token; let the tree path decide
            }
            int bit = switch (name) {
                case "index" -> 1;
                case "time" -> 2;
                case "process" -> 4;
                case "type" -> 8;
                case "f" -> 16;
                case "value" -> 32;
                case "error" -> 64;
                default -> 0;
            };
            if ((seen & bit) != 0) {
                return null; // a repeated field: the tree's rule (the last one wins) decides
            }
            seen |= bit;
        }
        if (process == null || type == null || f == null) {
            return null;
        }
        return new Op(index, time, process, type, f, value, error);
    }

    static Op parseTree(String text, long line, long position) throws HistoryFormatException {
        JsonNode node;
        try {
            node = Values.JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new HistoryFormatException(line, "not JSON: " + e.getOriginalMessage()
                    + " at column " + e.getLocation().getColumnNr());
        }
        if (!(node instanceof ObjectNode object)) {
            throw new HistoryFormatException(line, "expected a JSON object, found " + node.getNodeType());
        }
        long index = longField(object, "index", position, line);
        long time = longField(object, "time", -1, line);
        JsonNode process = object.get("process");
        int processNumber;
        if (process == null) {
            throw new HistoryFormatException(line, "missing \"process\"");
        } else if (process.isTextual() && process.textValue().equals("nemesis")) {
            processNumber = Op.NEMESIS;
        } else if (process.isIntegralNumber() && process.canConvertToInt() && process.intValue() >= 0) {
            processNumber = process.intValue();
        } else {
            throw new HistoryFormatException(line, "\"process\" must be a non-negative integer or \"nemesis\", not " + process);
        }
        JsonNode type = object.get("type");
        if (type == null || !type.isTextual()) {
            throw new HistoryFormatException(line, "missing \"type\" (invoke, ok, fail or info)");
        }
        OpType opType;
        try {
            opType = OpType.parse(type.textValue());
        } catch (IllegalArgumentException e) {
            throw new HistoryFormatException(line, "\"" + e.getMessage().replaceFirst("^type", "type\""));
        }
        JsonNode f = object.get("f");
        if (f == null || !f.isTextual()) {
            throw new HistoryFormatException(line, "missing \"f\" (the operation's function, a string)");
        }
        JsonNode error = object.get("error");
        return new Op(index, time, processNumber, opType, f.textValue(), object.get("value"),
                error == null || error.isNull() ? null : (error.isTextual() ? error.textValue() : error.toString()));
    }

    private static long longField(ObjectNode object, String name, long fallback, long line) throws HistoryFormatException {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new HistoryFormatException(line, "\"" + name + "\" must be an integer, not " + value);
        }
        return value.longValue();
    }

    /** Writes one op as one line, flushed: the file is valid after every line. */
    public static void write(Writer writer, Op op) throws IOException {
        append(writer, op);
        writer.flush();
    }

    /**
     * Writes one op as one line, not flushed: the caller says when the lines reach the file (the
     * runner's interpreter flushes when it goes idle and at least every 100 ms; a flush per line
     * costs a system call per event: the runner alone drove 93,000 operations a second with it,
     * 206,000 without). Between flushes the file ends
     * with whole lines or a cut one, which {@link #read} reports as malformed.
     */
    public static void append(Writer writer, Op op) throws IOException {
        ObjectNode node = Values.object();
        node.put("index", op.index());
        if (op.time() >= 0) {
            node.put("time", op.time());
        }
        if (op.isNemesis()) {
            node.put("process", "nemesis");
        } else {
            node.put("process", op.process());
        }
        node.put("type", op.type().word());
        node.put("f", op.f());
        node.set("value", op.value());
        if (op.error() != null) {
            node.put("error", op.error());
        }
        writer.write(Values.JSON.writeValueAsString(node));
        writer.write('\n');
    }

    public static void write(Writer writer, Iterable<Op> ops) throws IOException {
        for (Op op : ops) {
            write(writer, op);
        }
    }

}
