package keystorm.checker.history;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NumericNode;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The nodes of history values read from a file, sized for millions of small values: the same
 * short strings (keys, function names inside transactions) and small integers recur in every
 * other event, and most arrays hold two elements ({@code [key value]}, {@code [from to]}). The
 * nodes are immutable values, so sharing them changes nothing a reader can see; with the
 * function names shared too ({@code JsonlHistory}), a register history read into memory went
 * from 359 to 178 bytes an event (RunnerScaling check, 1.27 million events), and the heap is
 * what bounds the length of a history that can be checked at all.
 *
 * <p>Bounded: at most {@link #TEXTS_MAX} strings of at most {@link #TEXT_LENGTH_MAX} characters
 * are shared; past that, nodes are made as usual.
 */
final class HistoryNodes extends JsonNodeFactory {
    static final HistoryNodes INSTANCE = new HistoryNodes();
    private static final int TEXTS_MAX = 1 << 16;
    private static final int TEXT_LENGTH_MAX = 32;
    private static final LongNode[] SMALL = new LongNode[256];

    static {
        for (int i = 0; i < SMALL.length; i++) {
            SMALL[i] = LongNode.valueOf(i);
        }
    }

    private final transient ConcurrentHashMap<String, TextNode> texts = new ConcurrentHashMap<>();

    private HistoryNodes() {
        super(false);
    }

    @Override
    public TextNode textNode(String text) {
        if (text == null || text.length() > TEXT_LENGTH_MAX) {
            return super.textNode(text);
        }
        TextNode known = texts.get(text);
        if (known != null) {
            return known;
        }
        TextNode made = super.textNode(text);
        if (texts.size() < TEXTS_MAX) {
            known = texts.putIfAbsent(text, made);
        }
        return known != null ? known : made;
    }

    @Override
    public NumericNode numberNode(long value) {
        return value >= 0 && value < SMALL.length ? SMALL[(int) value] : super.numberNode(value);
    }

    /** Two elements to start with, not ten: most history arrays are pairs; larger ones grow. */
    @Override
    public ArrayNode arrayNode() {
        return new ArrayNode(this, 2);
    }
}
