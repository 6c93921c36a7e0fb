package keystorm.engine.item;

import java.util.Iterator;
import java.util.Map;

/**
 * Renders values as DynamoDB's JSON wire format writes them ({@code {"N":"1.5"}}), for
 * messages, logs and {@code toString}: unambiguous, and what DynamoDB users read every day.
 */
final class WireText {
    private WireText() {
    }

    static String of(AttributeValue value) {
        StringBuilder out = new StringBuilder();
        append(out, value);
        return out.toString();
    }

    static String of(Map<String, AttributeValue> attributes) {
        StringBuilder out = new StringBuilder();
        appendMap(out, attributes);
        return out.toString();
    }

    private static void append(StringBuilder out, AttributeValue value) {
        out.append("{\"").append(value.typeName()).append("\":");
        switch (value) {
            case AttributeValue.S s -> quote(out, s.value());
            case AttributeValue.N n -> quote(out, n.value().toString());
            case AttributeValue.B b -> quote(out, b.value().toBase64());
            case AttributeValue.SS ss -> array(out, ss.values().iterator(), (o, e) -> quote(o, e));
            case AttributeValue.NS ns -> array(out, ns.values().iterator(), (o, e) -> quote(o, e.toString()));
            case AttributeValue.BS bs -> array(out, bs.values().iterator(), (o, e) -> quote(o, e.toBase64()));
            case AttributeValue.L l -> array(out, l.values().iterator(), WireText::append);
            case AttributeValue.M m -> appendMap(out, m.values());
            case AttributeValue.Bool bool -> out.append(bool.value());
            case AttributeValue.Null ignored -> out.append("true");
        }
        out.append('}');
    }

    private static void appendMap(StringBuilder out, Map<String, AttributeValue> attributes) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            quote(out, entry.getKey());
            out.append(':');
            append(out, entry.getValue());
        }
        out.append('}');
    }

    private interface ElementWriter<T> {
        void write(StringBuilder out, T element);
    }

    private static <T> void array(StringBuilder out, Iterator<T> elements, ElementWriter<T> writer) {
        out.append('[');
        boolean first = true;
        while (elements.hasNext()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            writer.write(out, elements.next());
        }
        out.append(']');
    }

    private static void quote(StringBuilder out, String text) {
        out.append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
