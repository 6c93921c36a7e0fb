package keystorm.workloads.bench.http;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import keystorm.workloads.bench.BenchOutcome;
import keystorm.workloads.bench.BenchRequest;

/**
 * Reads a DynamoDB JSON response into a {@link BenchOutcome} with Jackson's streaming parser
 * (no tree, no item objects: only the figures the bench counts).
 *
 * <ul>
 * <li>200: OK, with the consumed capacity ({@code CapacityUnits}, or {@code ReadCapacityUnits} /
 * {@code WriteCapacityUnits} where the store splits them; a BatchGetItem's list of them summed)
 * counted as read units for reads and write units for writes, and the items read: a GetItem's
 * {@code Item} present is 1, a Query's or Scan's {@code Count}, a BatchGetItem's items in
 * {@code Responses}. A BatchGetItem whose keys all came back in {@code UnprocessedKeys} is
 * THROTTLED ({@code UnprocessedKeys}): the store refused it for throughput, as DynamoDB does
 * with unprocessed keys. One that got some of them through is OK and its {@code items} count only
 * the items returned, so the unprocessed share is the keys asked for less the items returned
 * (less any missing items);</li>
 * <li>a 4xx: its {@code __type} (after the {@code #}); THROTTLED if
 * {@link BenchOutcome#isThrottling}, else FAILED (a 4xx without a body: {@code HTTP 413} ...);</li>
 * <li>anything else (a 5xx, a 3xx): INDETERMINATE, with the type if there is one.</li>
 * </ul>
 * An unreadable 200 body is INDETERMINATE (the request may have taken effect).
 */
public final class ResponseDecoder {
    private static final JsonFactory JSON = new JsonFactory();

    private ResponseDecoder() {
    }

    public static BenchOutcome decode(BenchRequest request, int status, byte[] body, int offset, int length) {
        if (status == 200) {
            try (JsonParser json = JSON.createParser(body, offset, length)) {
                return ok(request, json);
            } catch (IOException | RuntimeException e) {
                return BenchOutcome.indeterminate("unreadable 200 response: " + e.getMessage());
            }
        }
        String type = errorType(body, offset, length);
        if (status >= 400 && status < 500) {
            String named = type != null ? type : "HTTP " + status;
            return BenchOutcome.isThrottling(named) ? BenchOutcome.throttled(named) : BenchOutcome.failed(named);
        }
        return BenchOutcome.indeterminate(type != null ? "HTTP " + status + " " + type : "HTTP " + status);
    }

    /** The {@code __type} of an error body without its namespace, or null. */
    public static String errorType(byte[] body, int offset, int length) {
        if (length == 0) {
            return null;
        }
        try (JsonParser json = JSON.createParser(body, offset, length)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                if (name.equals("__type") && value == JsonToken.VALUE_STRING) {
                    String type = json.getText();
                    return type.substring(type.lastIndexOf('#') + 1);
                }
                json.skipChildren();
            }
            return null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static BenchOutcome ok(BenchRequest request, JsonParser json) throws IOException {
        if (json.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException("not a JSON object");
        }
        Units units = new Units();
        int items = 0;
        int unprocessed = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            String name = json.currentName();
            JsonToken value = json.nextToken();
            switch (name) {
                case "ConsumedCapacity" -> {
                    if (value == JsonToken.START_ARRAY) {
                        while (json.nextToken() == JsonToken.START_OBJECT) {
                            units.add(json);
                        }
                    } else if (value == JsonToken.START_OBJECT) {
                        units.add(json);
                    }
                }
                case "Item" -> {
                    items = value == JsonToken.START_OBJECT ? 1 : 0;
                    json.skipChildren();
                }
                case "Count" -> items = json.getIntValue();
                case "Responses" -> items = countInTables(json, value, false);
                case "UnprocessedKeys" -> unprocessed = countInTables(json, value, true);
                default -> json.skipChildren();
            }
        }
        if (request instanceof BenchRequest.BatchGet && items == 0 && unprocessed > 0) {
            return BenchOutcome.throttled("UnprocessedKeys");
        }
        boolean write = request instanceof BenchRequest.Put || request instanceof BenchRequest.Update;
        double read = units.read + (write ? 0 : units.total);
        double written = units.write + (write ? units.total : 0);
        return BenchOutcome.ok(read, written, items);
    }

    /**
     * The items of {@code Responses} ({"table": [items]}) or the keys of {@code UnprocessedKeys}
     * ({"table": {"Keys": [keys], ...}}), over every table.
     */
    private static int countInTables(JsonParser json, JsonToken value, boolean keysObject) throws IOException {
        if (value != JsonToken.START_OBJECT) {
            json.skipChildren();
            return 0;
        }
        int count = 0;
        while (json.nextToken() == JsonToken.FIELD_NAME) {
            JsonToken table = json.nextToken();
            if (!keysObject) {
                count += countArray(json, table);
                continue;
            }
            if (table != JsonToken.START_OBJECT) {
                json.skipChildren();
                continue;
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                JsonToken member = json.nextToken();
                if (field.equals("Keys")) {
                    count += countArray(json, member);
                } else {
                    json.skipChildren();
                }
            }
        }
        return count;
    }

    private static int countArray(JsonParser json, JsonToken value) throws IOException {
        if (value != JsonToken.START_ARRAY) {
            json.skipChildren();
            return 0;
        }
        int count = 0;
        while (json.nextToken() != JsonToken.END_ARRAY) {
            json.skipChildren();
            count++;
        }
        return count;
    }

    /** Units summed over one or more ConsumedCapacity objects. */
    private static final class Units {
        double total;
        double read;
        double write;

        /** Reads one ConsumedCapacity object, its START_OBJECT already read. */
        void add(JsonParser json) throws IOException {
            double capacity = 0;
            double reads = 0;
            double writes = 0;
            boolean split = false;
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String name = json.currentName();
                JsonToken value = json.nextToken();
                switch (name) {
                    case "CapacityUnits" -> capacity = json.getDoubleValue();
                    case "ReadCapacityUnits" -> {
                        reads = json.getDoubleValue();
                        split = true;
                    }
                    case "WriteCapacityUnits" -> {
                        writes = json.getDoubleValue();
                        split = true;
                    }
                    default -> {
                        if (value.isStructStart()) {
                            json.skipChildren();
                        }
                    }
                }
            }
            if (split) {
                read += reads;
                write += writes;
            } else {
                total += capacity;
            }
        }
    }
}
