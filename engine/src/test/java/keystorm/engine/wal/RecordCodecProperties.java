package keystorm.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.Arrays;
import java.util.Map;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.ConsumedCapacity;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Item;
import keystorm.engine.item.Num;
import keystorm.engine.api.Projection;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every log record survives encoding (a transaction's ClientRequestToken with it); every
 * truncation or bit flip of a frame is caught, never misread; records of older logs are still read.
 */
class RecordCodecProperties {

    @Property(tries = 300)
    void recordsRoundTrip(@ForAll("records") LogRecord record) throws IOException {
        assertThat(RecordCodec.decode(RecordCodec.encode(record))).isEqualTo(record);
    }

    @Property(tries = 300)
    void aDamagedFrameIsNeverReadAsARecord(@ForAll("records") LogRecord record, @ForAll int position, @ForAll byte mask) {
        byte[] frame = Frames.frame(RecordCodec.encode(record));
        int at = Math.floorMod(position, frame.length);
        byte[] truncated = Arrays.copyOf(frame, at);
        assertThat(Frames.read(java.nio.ByteBuffer.wrap(truncated), 0).problem()).isNotNull();
        byte[] flipped = frame.clone();
        flipped[at] ^= (byte) (mask == 0 ? 1 : mask);
        Frames.Read read = Frames.read(java.nio.ByteBuffer.wrap(flipped), 0);
        if (read.problem() == null) {
            // Only a flip in the length field that still fits can pass; the checksum then fails.
            assertThat(read.payload()).isEqualTo(RecordCodec.encode(record));
        }
    }

    @Property(tries = 100)
    void junkIsRefusedWithAnIoException(@ForAll byte[] junk) {
        if (junk.length == 0) {
            return;
        }
        try {
            RecordCodec.decode(junk);
        } catch (IOException | RuntimeException expected) {
            assertThat(expected).isNotInstanceOf(NullPointerException.class);
        }
    }

    @Example
    void aCreateTableRecordOfAnOlderLogIsStillRead() throws IOException {
        // type 1, written before creation times were logged: the same bytes without the time
        LogRecord.CreateTable current = new LogRecord.CreateTable(new TableSchema("old", "pk", ScalarAttributeType.S,
                null, null, BillingMode.PAY_PER_REQUEST, null), 4, 1_790_000_000_000L);
        byte[] bytes = RecordCodec.encode(current);
        byte[] older = Arrays.copyOf(bytes, bytes.length - Long.BYTES);
        older[0] = 1;
        assertThat(RecordCodec.decode(older)).isEqualTo(new LogRecord.CreateTable(current.schema(), 4, -1));
        assertThat(RecordCodec.decode(bytes)).isEqualTo(current);
    }

    @Example
    void aTransactionRecordOfAnOlderLogIsStillReadAndOneWithoutATokenIsStillWrittenSo() throws IOException {
        // type 4, as written before tokens were logged, built by hand: one write of {"pk": S "a"}
        // with the item {"pk": S "a", "v": N "7"} to table "t"
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        java.io.DataOutputStream out = new java.io.DataOutputStream(bytes);
        out.writeByte(4);
        out.writeInt(1);
        out.writeInt(1);
        out.writeBytes("t");
        out.writeInt(1);
        out.writeInt(2);
        out.writeBytes("pk");
        out.writeByte(0);
        out.writeInt(1);
        out.writeBytes("a");
        out.writeBoolean(true);
        out.writeInt(2);
        out.writeInt(2);
        out.writeBytes("pk");
        out.writeByte(0);
        out.writeInt(1);
        out.writeBytes("a");
        out.writeInt(1);
        out.writeBytes("v");
        out.writeByte(1);
        out.writeInt(1);
        out.writeBytes("7");
        byte[] older = bytes.toByteArray();
        java.util.Map<String, AttributeValue> item = new java.util.LinkedHashMap<>();
        item.put("pk", new AttributeValue.S("a"));
        item.put("v", new AttributeValue.N(Num.of(7)));
        LogRecord.Transaction expected = new LogRecord.Transaction(java.util.List.of(
                new LogRecord.Write("t", Map.of("pk", new AttributeValue.S("a")), Item.of(item))));
        assertThat(RecordCodec.decode(older)).isEqualTo(expected);
        assertThat(expected.token()).isNull();
        assertThat(RecordCodec.encode(expected)).isEqualTo(older);
    }

    @Example
    void aTransactionWithNeitherWritesNorATokenIsNoRecord() {
        byte[] empty = {4, 0, 0, 0, 0};
        assertThatThrownBy(() -> RecordCodec.decode(empty)).isInstanceOf(IllegalArgumentException.class);
    }

    @Example
    void aHugeCountInJunkIsRefusedBeforeAnythingIsAllocated() {
        // a transaction record (type 4) that claims 2^31-1 writes in five bytes: once an
        // OutOfMemoryError in the junk property above
        byte[] junk = {4, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> RecordCodec.decode(junk)).isInstanceOf(IOException.class)
                .hasMessageContaining("runs past the record");
    }

    @Provide
    Arbitrary<LogRecord> records() {
        Arbitrary<String> names = Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(8);
        Arbitrary<LogRecord.Write> writes = Combinators.combine(names, scalars(), items())
                .as((table, key, item) -> new LogRecord.Write(table, Map.of("pk", key), item));
        Arbitrary<LogRecord.Write> deletes = Combinators.combine(names, scalars())
                .as((table, key) -> new LogRecord.Write(table, Map.of("pk", key), null));
        Arbitrary<LogRecord> creates = Combinators.combine(names, indexes().list().ofMaxSize(4))
                .as((name, indexes) -> new LogRecord.CreateTable(new TableSchema(name, "pk",
                        ScalarAttributeType.S, "sk", ScalarAttributeType.N, BillingMode.PROVISIONED,
                        new ProvisionedThroughput(5, 7), indexes), 3, 1_790_000_000_000L));
        Arbitrary<LogRecord> tokened = Combinators.combine(Arbitraries.oneOf(writes, deletes).list().ofMaxSize(4),
                tokens()).as(LogRecord.Transaction::new);
        Arbitrary<ProvisionedThroughput> throughputs = Combinators.combine(Arbitraries.longs().between(1, 40_000),
                Arbitraries.longs().between(1, 40_000)).as(ProvisionedThroughput::new);
        Arbitrary<LogRecord> updates = Combinators.combine(names, Arbitraries.of(BillingMode.class),
                throughputs.injectNull(0.3), Arbitraries.maps(names, throughputs.injectNull(0.3)).ofMaxSize(3),
                Arbitraries.longs().between(0, 4_000_000_000_000L)).as(LogRecord.UpdateTable::new);
        Arbitrary<LogRecord> tags = Combinators.combine(names, Arbitraries.maps(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(128), Arbitraries.strings().ofMaxLength(256))
                .ofMaxSize(50)).as(LogRecord.Tags::new);
        Arbitrary<LogRecord> timeToLive = Combinators.combine(names, Arbitraries.strings().ofMinLength(1)
                .ofMaxLength(255), Arbitraries.of(true, false), Arbitraries.longs().between(0, 4_000_000_000_000L))
                .as(LogRecord.TimeToLive::new);
        return Arbitraries.oneOf(writes, deletes, creates, names.map(LogRecord.DeleteTable::new),
                Arbitraries.oneOf(writes, deletes).list().ofMinSize(1).ofMaxSize(4).map(LogRecord.Transaction::new),
                tokened, updates, tags, indexChanges(names), timeToLive);
    }

    Arbitrary<LogRecord> indexChanges(Arbitrary<String> names) {
        Arbitrary<keystorm.engine.table.IndexSchema> created = Combinators.combine(names, names, Arbitraries.of(
                ScalarAttributeType.class), names.injectNull(0.5), Arbitraries.of(keystorm.engine.api.ProjectionType.class),
                Combinators.combine(Arbitraries.longs().between(1, 40_000), Arbitraries.longs().between(1, 40_000))
                        .as(ProvisionedThroughput::new).injectNull(0.3))
                .as((name, hash, type, range, projection, throughput) -> new keystorm.engine.table.IndexSchema(name,
                        keystorm.engine.table.IndexSchema.Kind.GLOBAL, hash, type, range,
                        range == null ? null : ScalarAttributeType.N, new keystorm.engine.api.Projection(projection,
                        projection == keystorm.engine.api.ProjectionType.INCLUDE ? java.util.List.of("a", "b")
                                : java.util.List.of()), throughput));
        return Arbitraries.oneOf(
                Combinators.combine(names, created).as((table, index) -> new LogRecord.IndexChange(table, index, null)),
                Combinators.combine(names, names).as((table, index) -> new LogRecord.IndexChange(table, null, index)));
    }

    /** Index definitions of every shape the codec writes: either kind, with or without a sort key and throughput. */
    Arbitrary<IndexSchema> indexes() {
        Arbitrary<String> names = Arbitraries.strings().withChars("abcxyz_.-09").ofMinLength(3).ofMaxLength(12);
        Arbitrary<ScalarAttributeType> types = Arbitraries.of(ScalarAttributeType.class);
        Arbitrary<Projection> projections = Arbitraries.oneOf(Arbitraries.just(Projection.all()),
                Arbitraries.just(Projection.keysOnly()),
                names.list().ofMinSize(1).ofMaxSize(4).uniqueElements().map(Projection::include));
        Arbitrary<ProvisionedThroughput> throughputs = Combinators.combine(Arbitraries.longs().between(1, 40_000),
                Arbitraries.longs().between(1, 40_000)).as(ProvisionedThroughput::new).injectNull(0.5);
        Arbitrary<String> ranges = names.injectNull(0.4);
        return Combinators.combine(names, Arbitraries.of(IndexSchema.Kind.class), names, types, ranges, types,
                projections, throughputs).as((name, kind, hash, hashType, range, rangeType, projection, throughput) ->
                new IndexSchema(name, kind, hash, hashType, range, range == null ? null : rangeType, projection,
                        throughput));
    }

    @Example
    void aCreateTableWithoutIndexesIsStillWrittenAsType5AndTheIndexesFollowInType7() throws IOException {
        TableSchema plain = new TableSchema("plain", "pk", ScalarAttributeType.S, "sk", ScalarAttributeType.N,
                BillingMode.PAY_PER_REQUEST, null);
        byte[] type5 = RecordCodec.encode(new LogRecord.CreateTable(plain, 2, 1_790_000_000_000L));
        assertThat(type5[0]).isEqualTo((byte) 5);
        IndexSchema gsi = new IndexSchema("byValue", IndexSchema.Kind.GLOBAL, "v", ScalarAttributeType.N, null, null,
                Projection.include(java.util.List.of("a", "b")), null);
        IndexSchema lsi = new IndexSchema("bySk2", IndexSchema.Kind.LOCAL, "pk", ScalarAttributeType.S, "sk2",
                ScalarAttributeType.B, Projection.keysOnly(), null);
        LogRecord.CreateTable indexed = new LogRecord.CreateTable(plain.withIndexes(java.util.List.of(gsi, lsi)), 2,
                1_790_000_000_000L);
        byte[] type7 = RecordCodec.encode(indexed);
        assertThat(type7[0]).isEqualTo((byte) 7);
        // type 7 is type 5's bytes, then the indexes
        assertThat(Arrays.copyOfRange(type7, 1, type5.length)).isEqualTo(Arrays.copyOfRange(type5, 1, type5.length));
        LogRecord decoded = RecordCodec.decode(type7);
        assertThat(decoded).isEqualTo(indexed);
        assertThat(((LogRecord.CreateTable) decoded).schema().index("byValue")).isEqualTo(gsi);
    }

    Arbitrary<LogRecord.CompletedToken> tokens() {
        Arbitrary<ConsumedCapacity> capacity = Combinators.combine(
                Arbitraries.strings().withCharRange('a', 'z').ofMinLength(3).ofMaxLength(8),
                Arbitraries.doubles().between(0, 1e6)).as(ConsumedCapacity::write);
        Arbitrary<TransactWriteItemsResponse> responses = Arbitraries.oneOf(
                Arbitraries.just(new TransactWriteItemsResponse(null)),
                capacity.list().ofMaxSize(3).map(TransactWriteItemsResponse::new));
        return Combinators.combine(Arbitraries.strings().ofMinLength(1).ofMaxLength(36),
                Arbitraries.bytes().array(byte[].class).ofMinSize(32).ofMaxSize(32).map(Bytes::copyOf),
                Arbitraries.longs().between(0, 4_000_000_000_000L), responses).as(LogRecord.CompletedToken::new);
    }

    Arbitrary<AttributeValue> scalars() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMinLength(1).ofMaxLength(20).map(AttributeValue.S::new),
                Arbitraries.bigDecimals().between(new java.math.BigDecimal("-1e20"), new java.math.BigDecimal("1e20"))
                        .ofScale(5).map(d -> new AttributeValue.N(Num.of(d))),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(10)
                        .map(b -> new AttributeValue.B(Bytes.copyOf(b))));
    }

    Arbitrary<AttributeValue> values(int depth) {
        if (depth == 0) {
            return Arbitraries.oneOf(scalars(), Arbitraries.of(new AttributeValue.Bool(true), AttributeValue.NULL));
        }
        return Arbitraries.oneOf(scalars(),
                Arbitraries.strings().ofMaxLength(5).set().ofMinSize(1).ofMaxSize(3).map(AttributeValue.SS::new),
                Arbitraries.integers().set().ofMinSize(1).ofMaxSize(3)
                        .map(s -> new AttributeValue.NS(new java.util.LinkedHashSet<>(s.stream().map(Num::of).toList()))),
                values(depth - 1).list().ofMaxSize(3).map(AttributeValue.L::new),
                Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'e').ofLength(2), values(depth - 1))
                        .ofMaxSize(3).map(AttributeValue.M::new));
    }

    Arbitrary<Item> items() {
        return Arbitraries.maps(Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(4), values(2))
                .ofMaxSize(5).map(Item::of);
    }
}
