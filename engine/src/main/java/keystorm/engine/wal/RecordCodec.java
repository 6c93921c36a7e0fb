package keystorm.engine.wal;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.Projection;
import keystorm.engine.api.ProjectionType;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.item.AttributeEncoder;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;

/**
 * A compact binary form of {@link LogRecord}s: a type byte, then strings as length-prefixed
 * UTF-8, numbers as their decimal text, items as counted name/value pairs with a one-byte tag
 * per value (written by {@link AttributeEncoder#compact}, read back here).
 *
 * <p>A record shape that changes gets a new type byte, and the old one is still read: a data
 * directory written by an older engine recovers. {@code CREATE_TABLE} (1) became
 * {@code CREATE_TABLE_AT} (5); a transaction without a token is still written as
 * {@code TRANSACTION} (4), byte for byte as before tokens were logged, and one with a token is
 * {@code TRANSACTION_WITH_TOKEN} (6): the writes as in type 4, then the token, its request
 * digest, its completion time and its response. A table with secondary indexes is
 * {@code CREATE_TABLE_INDEXED} (7): type 5's fields, then the index definitions; a table without
 * is still written as type 5, byte for byte.
 */
final class RecordCodec {
    private static final byte CREATE_TABLE = 1;
    private static final byte DELETE_TABLE = 2;
    private static final byte WRITE = 3;
    private static final byte TRANSACTION = 4;
    /** CreateTable with its creation time; type 1 (without) is still read from older logs. */
    private static final byte CREATE_TABLE_AT = 5;
    /** Transaction with its ClientRequestToken's completion; type 4 (without) is still written when it has none. */
    private static final byte TRANSACTION_WITH_TOKEN = 6;
    /** CreateTable of a table with secondary indexes: type 5, then the indexes; type 5 is still written without. */
    private static final byte CREATE_TABLE_INDEXED = 7;

    /** UpdateTable's billing mode and throughputs (table, then each global index by name). */
    private static final byte UPDATE_TABLE = 8;
    /** A table's whole set of tags. */
    private static final byte TAGS = 9;
    /** A global index created (its definition, as type 7 writes one) or deleted (its name). */
    private static final byte INDEX_CHANGE = 10;
    // 11 is DynamoDB Streams' (issue 16)
    /** UpdateTimeToLive: the table, the attribute, enabled or not, and when it changed. */
    private static final byte TIME_TO_LIVE = 12;

    private RecordCodec() {
    }

    static byte[] encode(LogRecord record) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            AttributeEncoder values = AttributeEncoder.compact(out);
            switch (record) {
                case LogRecord.CreateTable create -> {
                    boolean indexed = !create.schema().indexes().isEmpty();
                    out.writeByte(indexed ? CREATE_TABLE_INDEXED : CREATE_TABLE_AT);
                    writeSchema(out, values, create.schema());
                    out.writeInt(create.partitions());
                    out.writeLong(create.createdMillis());
                    if (indexed) {
                        writeIndexes(out, values, create.schema().indexes());
                    }
                }
                case LogRecord.DeleteTable delete -> {
                    out.writeByte(DELETE_TABLE);
                    values.writeString(delete.tableName());
                }
                case LogRecord.UpdateTable update -> {
                    out.writeByte(UPDATE_TABLE);
                    values.writeString(update.tableName());
                    out.writeByte(update.billingMode().ordinal());
                    writeThroughput(out, update.provisionedThroughput());
                    out.writeInt(update.indexThroughputs().size());
                    for (Map.Entry<String, ProvisionedThroughput> index : update.indexThroughputs().entrySet()) {
                        values.writeString(index.getKey());
                        writeThroughput(out, index.getValue());
                    }
                    out.writeLong(update.updatedMillis());
                }
                case LogRecord.IndexChange change -> {
                    out.writeByte(INDEX_CHANGE);
                    values.writeString(change.tableName());
                    out.writeBoolean(change.created() != null);
                    if (change.created() != null) {
                        writeIndexes(out, values, List.of(change.created()));
                    } else {
                        values.writeString(change.deleted());
                    }
                }
                case LogRecord.Tags tags -> {
                    out.writeByte(TAGS);
                    values.writeString(tags.tableName());
                    out.writeInt(tags.tags().size());
                    for (Map.Entry<String, String> tag : tags.tags().entrySet()) {
                        values.writeString(tag.getKey());
                        values.writeString(tag.getValue());
                    }
                }
                case LogRecord.TimeToLive ttl -> {
                    out.writeByte(TIME_TO_LIVE);
                    values.writeString(ttl.tableName());
                    values.writeString(ttl.attributeName());
                    out.writeBoolean(ttl.enabled());
                    out.writeLong(ttl.changedMillis());
                }
                case LogRecord.Write write -> {
                    out.writeByte(WRITE);
                    writeWrite(out, values, write);
                }
                case LogRecord.Transaction txn -> {
                    out.writeByte(txn.token() == null ? TRANSACTION : TRANSACTION_WITH_TOKEN);
                    out.writeInt(txn.writes().size());
                    for (LogRecord.Write write : txn.writes()) {
                        writeWrite(out, values, write);
                    }
                    if (txn.token() != null) {
                        writeToken(out, values, txn.token());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Decodes one record; throws IOException (or IllegalArgumentException) on bytes that are not one. */
    static LogRecord decode(byte[] payload) throws IOException {
        DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(payload));
        byte type = in.readByte();
        LogRecord record = switch (type) {
            case CREATE_TABLE -> new LogRecord.CreateTable(readSchema(in), in.readInt(), -1);
            case CREATE_TABLE_AT -> new LogRecord.CreateTable(readSchema(in), in.readInt(), in.readLong());
            case CREATE_TABLE_INDEXED -> {
                TableSchema schema = readSchema(in);
                int partitions = in.readInt();
                long createdMillis = in.readLong();
                yield new LogRecord.CreateTable(schema.withIndexes(readIndexes(in)), partitions, createdMillis);
            }
            case DELETE_TABLE -> new LogRecord.DeleteTable(readString(in));
            case WRITE -> readWrite(in);
            case TRANSACTION -> new LogRecord.Transaction(readWrites(in));
            case TRANSACTION_WITH_TOKEN -> new LogRecord.Transaction(readWrites(in), readToken(in));
            case UPDATE_TABLE -> readUpdateTable(in);
            case TAGS -> readTags(in);
            case TIME_TO_LIVE -> new LogRecord.TimeToLive(readString(in), readString(in), in.readBoolean(), in.readLong());
            case INDEX_CHANGE -> {
                String table = readString(in);
                if (in.readBoolean()) {
                    List<IndexSchema> created = readIndexes(in);
                    if (created.size() != 1) {
                        throw new IOException("an index change with " + created.size() + " indexes");
                    }
                    yield new LogRecord.IndexChange(table, created.getFirst(), null);
                }
                yield new LogRecord.IndexChange(table, null, readString(in));
            }
            default -> throw new IOException("unknown record type " + type);
        };
        if (in.available() != 0) {
            throw new IOException(in.available() + " bytes left over after a record");
        }
        return record;
    }

    private static void writeSchema(DataOutputStream out, AttributeEncoder values, TableSchema schema) throws IOException {
        values.writeString(schema.name());
        values.writeString(schema.hashKey());
        out.writeByte(schema.hashKeyType().ordinal());
        out.writeBoolean(schema.hasRangeKey());
        if (schema.hasRangeKey()) {
            values.writeString(schema.rangeKey());
            out.writeByte(schema.rangeKeyType().ordinal());
        }
        out.writeByte(schema.billingMode().ordinal());
        ProvisionedThroughput throughput = schema.provisionedThroughput();
        out.writeLong(throughput == null ? -1 : throughput.readCapacityUnits());
        out.writeLong(throughput == null ? -1 : throughput.writeCapacityUnits());
    }

    private static TableSchema readSchema(DataInputStream in) throws IOException {
        String name = readString(in);
        String hash = readString(in);
        ScalarAttributeType hashType = ScalarAttributeType.values()[in.readByte()];
        String range = null;
        ScalarAttributeType rangeType = null;
        if (in.readBoolean()) {
            range = readString(in);
            rangeType = ScalarAttributeType.values()[in.readByte()];
        }
        BillingMode billing = BillingMode.values()[in.readByte()];
        long read = in.readLong();
        long write = in.readLong();
        return new TableSchema(name, hash, hashType, range, rangeType, billing,
                read < 0 ? null : new ProvisionedThroughput(read, write));
    }

    private static void writeThroughput(DataOutputStream out, ProvisionedThroughput throughput) throws IOException {
        out.writeLong(throughput == null ? -1 : throughput.readCapacityUnits());
        out.writeLong(throughput == null ? -1 : throughput.writeCapacityUnits());
    }

    private static ProvisionedThroughput readThroughput(DataInputStream in) throws IOException {
        long read = in.readLong();
        long write = in.readLong();
        return read < 0 ? null : new ProvisionedThroughput(read, write);
    }

    private static LogRecord.UpdateTable readUpdateTable(DataInputStream in) throws IOException {
        String table = readString(in);
        int mode = in.readByte();
        if (mode < 0 || mode >= BillingMode.values().length) {
            throw new IOException("unknown billing mode " + mode);
        }
        ProvisionedThroughput throughput = readThroughput(in);
        int count = checkCount(in, in.readInt());
        Map<String, ProvisionedThroughput> indexes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            indexes.put(readString(in), readThroughput(in));
        }
        return new LogRecord.UpdateTable(table, BillingMode.values()[mode], throughput, indexes, in.readLong());
    }

    private static LogRecord.Tags readTags(DataInputStream in) throws IOException {
        String table = readString(in);
        int count = checkCount(in, in.readInt());
        Map<String, String> tags = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            tags.put(readString(in), readString(in));
        }
        return new LogRecord.Tags(table, tags);
    }

    /**
     * A table's secondary indexes: a count, then per index its name, kind, keys with their types,
     * projection (type, then the counted NonKeyAttributes) and throughput (-1 units when it has none).
     */
    static void writeIndexes(DataOutputStream out, AttributeEncoder values, List<IndexSchema> indexes)
            throws IOException {
        out.writeInt(indexes.size());
        for (IndexSchema index : indexes) {
            values.writeString(index.name());
            out.writeByte(index.kind().ordinal());
            values.writeString(index.hashKey());
            out.writeByte(index.hashKeyType().ordinal());
            out.writeBoolean(index.hasRangeKey());
            if (index.hasRangeKey()) {
                values.writeString(index.rangeKey());
                out.writeByte(index.rangeKeyType().ordinal());
            }
            out.writeByte(index.projection().projectionType().ordinal());
            out.writeInt(index.projection().nonKeyAttributes().size());
            for (String attribute : index.projection().nonKeyAttributes()) {
                values.writeString(attribute);
            }
            ProvisionedThroughput throughput = index.provisionedThroughput();
            out.writeLong(throughput == null ? -1 : throughput.readCapacityUnits());
            out.writeLong(throughput == null ? -1 : throughput.writeCapacityUnits());
        }
    }

    static List<IndexSchema> readIndexes(DataInputStream in) throws IOException {
        int count = checkCount(in, in.readInt());
        List<IndexSchema> indexes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String name = readString(in);
            IndexSchema.Kind kind = IndexSchema.Kind.values()[in.readByte()];
            String hash = readString(in);
            ScalarAttributeType hashType = ScalarAttributeType.values()[in.readByte()];
            String range = null;
            ScalarAttributeType rangeType = null;
            if (in.readBoolean()) {
                range = readString(in);
                rangeType = ScalarAttributeType.values()[in.readByte()];
            }
            ProjectionType projectionType = ProjectionType.values()[in.readByte()];
            int attributes = checkCount(in, in.readInt());
            List<String> nonKey = new ArrayList<>(attributes);
            for (int a = 0; a < attributes; a++) {
                nonKey.add(readString(in));
            }
            long read = in.readLong();
            long write = in.readLong();
            indexes.add(new IndexSchema(name, kind, hash, hashType, range, rangeType,
                    new Projection(projectionType, nonKey), read < 0 ? null : new ProvisionedThroughput(read, write)));
        }
        return indexes;
    }

    private static void writeWrite(DataOutputStream out, AttributeEncoder values, LogRecord.Write write) throws IOException {
        values.writeString(write.tableName());
        values.writeAttributes(write.key());
        out.writeBoolean(write.item() != null);
        if (write.item() != null) {
            values.writeAttributes(write.item().attributes());
        }
    }

    private static LogRecord.Write readWrite(DataInputStream in) throws IOException {
        String table = readString(in);
        Map<String, AttributeValue> key = readAttributes(in);
        Item item = in.readBoolean() ? Item.of(readAttributes(in)) : null;
        return new LogRecord.Write(table, key, item);
    }

    private static List<LogRecord.Write> readWrites(DataInputStream in) throws IOException {
        int count = checkCount(in, in.readInt());
        List<LogRecord.Write> writes = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            writes.add(readWrite(in));
        }
        return writes;
    }

    /** A token's completion; the response's consumed capacity (null unless it was asked for) as counted entries. */
    private static void writeToken(DataOutputStream out, AttributeEncoder values,
                                   LogRecord.CompletedToken token) throws IOException {
        values.writeString(token.clientRequestToken());
        values.writeBytes(token.requestDigest());
        out.writeLong(token.completedMillis());
        List<ConsumedCapacity> capacity = token.response().consumedCapacity();
        out.writeBoolean(capacity != null);
        if (capacity != null) {
            out.writeInt(capacity.size());
            for (ConsumedCapacity c : capacity) {
                values.writeString(c.tableName());
                out.writeDouble(c.capacityUnits());
                out.writeDouble(c.readCapacityUnits());
                out.writeDouble(c.writeCapacityUnits());
            }
        }
    }

    private static LogRecord.CompletedToken readToken(DataInputStream in) throws IOException {
        String token = readString(in);
        Bytes digest = readBytes(in);
        long completedMillis = in.readLong();
        List<ConsumedCapacity> capacity = null;
        if (in.readBoolean()) {
            int count = checkCount(in, in.readInt());
            capacity = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                capacity.add(new ConsumedCapacity(readString(in), in.readDouble(), in.readDouble(), in.readDouble()));
            }
            capacity = List.copyOf(capacity);
        }
        return new LogRecord.CompletedToken(token, digest, completedMillis, new TransactWriteItemsResponse(capacity));
    }

    static Map<String, AttributeValue> readAttributes(DataInputStream in) throws IOException {
        int count = checkCount(in, in.readInt());
        Map<String, AttributeValue> attributes = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            attributes.put(readString(in), readValue(in));
        }
        return attributes;
    }

    private static AttributeValue readValue(DataInputStream in) throws IOException {
        byte tag = in.readByte();
        return switch (tag) {
            case 0 -> new AttributeValue.S(readString(in));
            case 1 -> new AttributeValue.N(Num.parse(readString(in)));
            case 2 -> new AttributeValue.B(readBytes(in));
            case 3 -> {
                int count = checkCount(in, in.readInt());
                Set<String> values = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    values.add(readString(in));
                }
                yield new AttributeValue.SS(values);
            }
            case 4 -> {
                int count = checkCount(in, in.readInt());
                Set<Num> values = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    values.add(Num.parse(readString(in)));
                }
                yield new AttributeValue.NS(values);
            }
            case 5 -> {
                int count = checkCount(in, in.readInt());
                Set<Bytes> values = new LinkedHashSet<>();
                for (int i = 0; i < count; i++) {
                    values.add(readBytes(in));
                }
                yield new AttributeValue.BS(values);
            }
            case 6 -> new AttributeValue.M(readAttributes(in));
            case 7 -> {
                int count = checkCount(in, in.readInt());
                List<AttributeValue> values = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    values.add(readValue(in));
                }
                yield new AttributeValue.L(values);
            }
            case 8 -> new AttributeValue.Bool(in.readBoolean());
            case 9 -> new AttributeValue.Null();
            default -> throw new IOException("unknown attribute tag " + tag);
        };
    }

    private static String readString(DataInputStream in) throws IOException {
        return new String(readRaw(in), StandardCharsets.UTF_8);
    }

    private static Bytes readBytes(DataInputStream in) throws IOException {
        return Bytes.copyOf(readRaw(in));
    }

    private static byte[] readRaw(DataInputStream in) throws IOException {
        int length = in.readInt();
        if (length < 0 || length > in.available()) {
            throw new IOException("length " + length + " runs past the record");
        }
        return in.readNBytes(length);
    }

    /** A count of elements, each at least one byte: more than the bytes left is junk, not a reason to allocate. */
    private static int checkCount(DataInputStream in, int count) throws IOException {
        if (count < 0 || count > in.available()) {
            throw new IOException("count " + count + " runs past the record");
        }
        return count;
    }
}
