package keystorm.engine.server;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;

/** Writes a DynamoDB JSON response body with Jackson's streaming generator. */
final class JsonOut implements AutoCloseable {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    final JsonGenerator json;

    JsonOut() {
        try {
            json = FACTORY.createGenerator(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    byte[] toBytes() {
        try {
            json.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public void close() {
        try {
            json.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void attributes(String member, Map<String, AttributeValue> attributes) throws IOException {
        json.writeFieldName(member);
        attributes(attributes);
    }

    void attributes(Map<String, AttributeValue> attributes) throws IOException {
        json.writeStartObject();
        for (Map.Entry<String, AttributeValue> entry : attributes.entrySet()) {
            json.writeFieldName(entry.getKey());
            value(entry.getValue());
        }
        json.writeEndObject();
    }

    /**
     * TransactGetItems' and a read ExecuteTransaction's {@code Responses}: one {@code {"Item": ...}} per item
     * read, in the request's order, {@code {}} where there was none.
     */
    void itemResponses(List<Item> items) throws IOException {
        json.writeArrayFieldStart("Responses");
        for (Item item : items) {
            json.writeStartObject();
            item("Item", item);
            json.writeEndObject();
        }
        json.writeEndArray();
    }

    void item(String member, Item item) throws IOException {
        if (item != null) {
            attributes(member, item.attributes());
        }
    }

    void items(String member, List<Item> items) throws IOException {
        json.writeArrayFieldStart(member);
        for (Item item : items) {
            attributes(item.attributes());
        }
        json.writeEndArray();
    }

    void value(AttributeValue value) throws IOException {
        json.writeStartObject();
        switch (value) {
            case AttributeValue.S s -> json.writeStringField("S", s.value());
            case AttributeValue.N n -> json.writeStringField("N", n.value().toString());
            case AttributeValue.B b -> json.writeStringField("B", b.value().toBase64());
            case AttributeValue.Bool bool -> json.writeBooleanField("BOOL", bool.value());
            case AttributeValue.Null ignored -> json.writeBooleanField("NULL", true);
            case AttributeValue.SS ss -> {
                json.writeArrayFieldStart("SS");
                for (String s : ss.values()) {
                    json.writeString(s);
                }
                json.writeEndArray();
            }
            case AttributeValue.NS ns -> {
                json.writeArrayFieldStart("NS");
                for (Num n : ns.values()) {
                    json.writeString(n.toString());
                }
                json.writeEndArray();
            }
            case AttributeValue.BS bs -> {
                json.writeArrayFieldStart("BS");
                for (Bytes b : bs.values()) {
                    json.writeString(b.toBase64());
                }
                json.writeEndArray();
            }
            case AttributeValue.L l -> {
                json.writeArrayFieldStart("L");
                for (AttributeValue e : l.values()) {
                    value(e);
                }
                json.writeEndArray();
            }
            case AttributeValue.M m -> attributes("M", m.values());
        }
        json.writeEndObject();
    }

    void capacity(ConsumedCapacity capacity) throws IOException {
        json.writeStartObject();
        json.writeStringField("TableName", capacity.tableName());
        json.writeNumberField("CapacityUnits", capacity.capacityUnits());
        if (capacity.readCapacityUnits() > 0) {
            json.writeNumberField("ReadCapacityUnits", capacity.readCapacityUnits());
        }
        if (capacity.writeCapacityUnits() > 0) {
            json.writeNumberField("WriteCapacityUnits", capacity.writeCapacityUnits());
        }
        if (capacity.tableUnits() == null) {
            json.writeObjectFieldStart("Table");
            json.writeNumberField("CapacityUnits", capacity.capacityUnits());
            if (capacity.readCapacityUnits() > 0) {
                json.writeNumberField("ReadCapacityUnits", capacity.readCapacityUnits());
            }
            if (capacity.writeCapacityUnits() > 0) {
                json.writeNumberField("WriteCapacityUnits", capacity.writeCapacityUnits());
            }
            json.writeEndObject();
        } else {
            boolean read = capacity.readCapacityUnits() > 0;
            json.writeFieldName("Table");
            part(capacity.tableUnits(), read);
            indexParts("GlobalSecondaryIndexes", capacity.globalSecondaryIndexes(), read);
            indexParts("LocalSecondaryIndexes", capacity.localSecondaryIndexes(), read);
        }
        json.writeEndObject();
    }

    /** One part of a ConsumedCapacity with INDEXES: {@code {"CapacityUnits":u,"ReadCapacityUnits":u}}. */
    private void part(double units, boolean read) throws IOException {
        json.writeStartObject();
        json.writeNumberField("CapacityUnits", units);
        json.writeNumberField(read ? "ReadCapacityUnits" : "WriteCapacityUnits", units);
        json.writeEndObject();
    }

    private void indexParts(String member, java.util.Map<String, Double> parts, boolean read) throws IOException {
        if (parts != null) {
            json.writeObjectFieldStart(member);
            for (java.util.Map.Entry<String, Double> entry : new java.util.TreeMap<>(parts).entrySet()) {
                json.writeFieldName(entry.getKey());
                part(entry.getValue(), read);
            }
            json.writeEndObject();
        }
    }

    void capacity(String member, ConsumedCapacity capacity) throws IOException {
        if (capacity != null) {
            json.writeFieldName(member);
            capacity(capacity);
        }
    }

    void capacities(List<ConsumedCapacity> capacities) throws IOException {
        if (capacities != null) {
            json.writeArrayFieldStart("ConsumedCapacity");
            for (ConsumedCapacity c : capacities) {
                capacity(c);
            }
            json.writeEndArray();
        }
    }
}
