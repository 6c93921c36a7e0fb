package keystorm.checker.linear;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import com.fasterxml.jackson.databind.JsonNode;
import keystorm.checker.history.Call;
import keystorm.checker.op.OpJson;

/**
 * A self-contained HTML page with an SVG timeline of the operations around a linearizability
 * failure, one lane per process, like Knossos's and Porcupine's visualizations: green for the
 * calls of the longest linearizable prefix, red for the calls that could not come next, orange
 * for those that could but led nowhere, and the call that got stuck outlined.
 */
final class Timeline {
    private static final int LANE_HEIGHT = 34;
    private static final int LEFT = 110;
    private static final int WIDTH = 1100;
    /** Events shown on either side of the failure. */
    private static final int WINDOW_EVENTS = 40;

    private Timeline() {
    }

    static String fileName(KeyVerdict key) {
        String safe = key.key() == null ? "history" : "key-" + key.key().replaceAll("[^A-Za-z0-9_.-]", "_");
        return "timeline-" + safe + ".html";
    }

    static String html(KeyVerdict key, String explanation) {
        Call<?, ?> stuck = key.stuck();
        Set<Integer> prefix = new HashSet<>();
        key.prefix().forEach(call -> prefix.add(call.id()));
        Set<Integer> blocked = new HashSet<>();
        key.blocked().forEach(b -> blocked.add(b.call().id()));
        Set<Integer> deadEnds = new HashSet<>();
        key.deadEnds().forEach(call -> deadEnds.add(call.id()));
        List<Call<?, ?>> shown = new ArrayList<>();
        long focus = stuck == null ? 0 : stuck.returnIndex();
        long from = focus - WINDOW_EVENTS;
        long to = focus + WINDOW_EVENTS;
        List<Call<?, ?>> candidates = new ArrayList<>(key.prefix());
        key.blocked().forEach(b -> candidates.add(b.call()));
        candidates.addAll(key.deadEnds());
        if (stuck != null) {
            candidates.add(stuck);
        }
        TreeSet<Integer> processes = new TreeSet<>();
        Set<Integer> added = new HashSet<>();
        for (Call<?, ?> call : candidates) {
            long end = Math.min(call.returnIndex(), to);
            if (call.invokeIndex() <= to && end >= from && added.add(call.id())) {
                shown.add(call);
                processes.add(call.process());
            }
        }
        List<Integer> lanes = new ArrayList<>(processes);
        long minimum = shown.stream().mapToLong(Call::invokeIndex).min().orElse(0);
        long maximum = Math.max(minimum + 1, shown.stream().mapToLong(c -> Math.min(c.returnIndex(), to + 1)).max().orElse(1));
        double scale = (double) (WIDTH - LEFT - 20) / (maximum - minimum);
        int height = 40 + lanes.size() * LANE_HEIGHT;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(WIDTH).append("\" height=\"").append(height)
                .append("\" font-family=\"monospace\" font-size=\"11\">\n");
        for (int i = 0; i < lanes.size(); i++) {
            int y = 30 + i * LANE_HEIGHT;
            svg.append("<text x=\"4\" y=\"").append(y + 16).append("\">process ").append(lanes.get(i)).append("</text>\n");
            svg.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - 10).append("\" y1=\"").append(y + 24)
                    .append("\" y2=\"").append(y + 24).append("\" stroke=\"#ddd\"/>\n");
        }
        for (Call<?, ?> call : shown) {
            int lane = lanes.indexOf(call.process());
            double x = LEFT + (call.invokeIndex() - minimum) * scale;
            double end = LEFT + (Math.min(call.returnIndex(), maximum) - minimum) * scale;
            String color = prefix.contains(call.id()) ? "#8fd18f" : blocked.contains(call.id()) ? "#f08a8a"
                    : deadEnds.contains(call.id()) ? "#f5c26b" : "#ccc";
            boolean isStuck = stuck != null && call.id() == stuck.id();
            svg.append("<g><title>").append(escape(call.describe() + " [events " + call.invokeIndex() + ".."
                    + (call.returnIndex() == Long.MAX_VALUE ? "end" : call.returnIndex()) + "]")).append("</title>");
            svg.append("<rect x=\"").append(format(x)).append("\" y=\"").append(30 + lane * LANE_HEIGHT + 4)
                    .append("\" width=\"").append(format(Math.max(3, end - x))).append("\" height=\"20\" rx=\"3\" fill=\"")
                    .append(color).append("\"").append(isStuck ? " stroke=\"#000\" stroke-width=\"2\"" : "").append("/>");
            svg.append("<text x=\"").append(format(x + 3)).append("\" y=\"").append(30 + lane * LANE_HEIGHT + 18).append("\">")
                    .append(escape(label(call))).append("</text></g>\n");
        }
        svg.append("</svg>");
        return "<!doctype html>\n<html><head><meta charset=\"utf-8\"><title>keystorm: "
                + escape(fileName(key)) + "</title>\n<style>body{font-family:sans-serif;margin:20px}"
                + "pre{background:#f6f6f6;padding:10px;white-space:pre-wrap}</style></head><body>\n"
                + "<h1>Not linearizable: " + escape(key.key() == null ? "history" : "key " + key.key()) + "</h1>\n"
                + "<p>Green: the longest linearizable prefix. Red: could not come next. Orange: could come next but "
                + "led nowhere. Outlined: the operation that had to take effect before it returned. Hover for details.</p>\n"
                + svg + "\n<pre>" + escape(explanation) + "</pre>\n</body></html>\n";
    }

    /** "read -> 2", "write 1 -> 1": the call as the history file writes it. */
    private static String label(Call<?, ?> call) {
        OpJson.Encoded invoked = OpJson.encode(call.input());
        String input = invoked.value().isNull() ? "" : invoked.value().toString();
        JsonNode seen = call.indeterminate() ? null : OpJson.encode(call.output()).value();
        String output = call.indeterminate() ? "?" : seen.isNull() ? "nil" : seen.toString();
        return invoked.f() + " " + (input.isEmpty() ? "-> " + output : input + " -> " + output);
    }

    private static String format(double value) {
        return String.format(java.util.Locale.ROOT, "%.1f", value);
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
