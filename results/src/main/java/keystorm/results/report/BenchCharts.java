package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The charts and tables of keystorm bench's strategies and of an insights directory's totals. */
final class BenchCharts {
    private BenchCharts() {
    }

    /** The operation names of a strategy, in the order of its intervals' {@code ops}. */
    static List<String> opNames(JsonNode strategy) {
        List<String> names = new ArrayList<>();
        strategy.path("operations").forEach(o -> names.add(o.path("op").asText()));
        return names;
    }

    /** Throughput and ok p50/p99 per operation over time, from a strategy's per-second intervals. */
    static void intervals(Page page, JsonNode strategy, String suffix) {
        JsonNode intervals = strategy.path("intervals");
        if (intervals.isEmpty()) {
            page.omit("Throughput over time", "bench-throughput" + suffix, "no intervals in results.json");
            return;
        }
        List<String> names = opNames(strategy);
        ObjectNode tput = Charts.spec("lines", "seconds since the measured window's start", "operations per second")
                .put("stack", true);
        ObjectNode lat = Charts.spec("lines", "seconds since the measured window's start", "ok latency (ms)")
                .put("yLog", true);
        ArrayNode ts = tput.putArray("series");
        ArrayNode ls = lat.putArray("series");
        List<ArrayNode> tp = new ArrayList<>();
        List<ArrayNode> p50 = new ArrayList<>();
        List<ArrayNode> p99 = new ArrayList<>();
        for (String n : names) {
            tp.add(ts.addObject().put("name", n).putArray("points"));
            p50.add(ls.addObject().put("name", n + " p50").putArray("points"));
            p99.add(ls.addObject().put("name", n + " p99").putArray("points"));
        }
        for (JsonNode in : intervals) {
            double t = Charts.seconds(in.path("startOffsetNanos").asLong() / 1e9);
            double length = in.path("lengthNanos").asLong() / 1e9;
            JsonNode ops = in.path("ops");
            for (int i = 0; i < names.size() && i < ops.size(); i++) {
                JsonNode o = ops.get(i);
                long n = o.path("ok").asLong() + o.path("throttled").asLong() + o.path("failed").asLong()
                        + o.path("indeterminate").asLong();
                tp.get(i).addArray().add(t).add(length > 0 ? Charts.round(n / length) : 0);
                if (o.path("ok").asLong() > 0) {
                    p50.get(i).addArray().add(t).add(Charts.positive(o.path("okP50Nanos").asLong() / 1e6));
                    p99.get(i).addArray().add(t).add(Charts.positive(o.path("okP99Nanos").asLong() / 1e6));
                }
            }
        }
        page.chart("Throughput over time", "bench-throughput" + suffix, tput, "completions per second by operation, stacked");
        page.chart("Latency over time", "bench-latency" + suffix, lat, "ok operations' p50 and p99 per second");
    }

    static Table operations(JsonNode strategy) {
        Table t = new Table(List.of("operation", "count", "ok", "throttled", "failed", "indeterminate", "p50 ms", "p90 ms",
                "p99 ms", "p99.9 ms", "max ms", "throttled share"));
        for (JsonNode o : strategy.path("operations")) {
            long count = o.path("count").asLong();
            t.texts(o.path("op").asText(), Charts.fmt(count), Charts.fmt(o.path("ok").asDouble()),
                    Charts.fmt(o.path("throttled").asDouble()), Charts.fmt(o.path("failed").asDouble()),
                    Charts.fmt(o.path("indeterminate").asDouble()), ms(o, "p50Millis"), ms(o, "p90Millis"), ms(o, "p99Millis"),
                    ms(o, "p999Millis"), ms(o, "maxMillis"),
                    count == 0 ? "" : String.format(Locale.ROOT, "%.2f%%", 100.0 * o.path("throttled").asLong() / count));
        }
        return t;
    }

    private static String ms(JsonNode o, String field) {
        return String.format(Locale.ROOT, "%.3f", o.path(field).asDouble());
    }

    /** A cost object as name / value rows, dollars marked. */
    static Table cost(JsonNode cost) {
        Table t = new Table(List.of("figure", "value"));
        for (Map.Entry<String, JsonNode> e : cost.properties()) {
            JsonNode v = e.getValue();
            String name = e.getKey();
            boolean dollars = name.startsWith("onDemand") || name.startsWith("provisionedPer") || name.equals("provisionedMonth");
            t.texts(name, v.isNumber() ? (dollars ? String.format(Locale.ROOT, "$%.6f", v.asDouble()) : Charts.fmt(v.asDouble()))
                    : v.asText());
        }
        return t;
    }

    /** Requests and read units by kind (insights' byKind), scans highlighted. */
    static ObjectNode byKind(JsonNode byKind) {
        ObjectNode spec = Charts.spec("bars", "kind", "count").put("highlight", "scan");
        ArrayNode cats = spec.putArray("categories");
        ArrayNode series = spec.putArray("series");
        ArrayNode requests = series.addObject().put("name", "requests").putArray("values");
        ArrayNode units = series.addObject().put("name", "read units").putArray("values");
        ArrayNode writes = series.addObject().put("name", "write units").putArray("values");
        for (Map.Entry<String, JsonNode> e : byKind.properties()) {
            cats.add(e.getKey());
            requests.add(e.getValue().path("requests").asDouble());
            units.add(Charts.round(e.getValue().path("readUnits").asDouble()));
            writes.add(Charts.round(e.getValue().path("writeUnits").asDouble()));
        }
        return spec;
    }

    static Table tables(JsonNode tables) {
        Table t = new Table(List.of("table", "billing mode", "requests", "read units", "write units"));
        for (Map.Entry<String, JsonNode> e : tables.properties()) {
            JsonNode v = e.getValue();
            t.texts(e.getKey(), v.path("billingMode").asText(""), Charts.fmt(v.path("requests").asDouble()),
                    Charts.fmt(v.path("readUnits").asDouble()), Charts.fmt(v.path("writeUnits").asDouble()));
        }
        return t;
    }
}
