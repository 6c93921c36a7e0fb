package keystorm.engine.wal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import keystorm.engine.Engine;
import keystorm.engine.EngineConfig;
import keystorm.engine.api.CreateTableRequest;
import keystorm.engine.api.PutItemRequest;
import keystorm.engine.api.ScalarAttributeType;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Item;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever happens to a log's bytes, recovery never half-applies it: a record damaged at the very
 * end (a crash while writing: torn, or its last bytes wrong) is cut and everything before it
 * comes back; a record damaged with intact records after it is refused, naming the segment and
 * the damaged record's first byte, and the file is left as it was; bytes appended after the last
 * record are cut and every record comes back.
 */
class LogDamageProperties {
    enum Kind { FLIP, TRUNCATE, GARBAGE }

    /** @param records puts written; @param at where in the file (0..1 of its length); @param garbage bytes appended */
    record Damage(int records, Kind kind, double at, byte mask, byte[] garbage) {
    }

    @Provide
    Arbitrary<Damage> damages() {
        return Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.of(Kind.class),
                        Arbitraries.doubles().between(0, 1), Arbitraries.bytes().filter(b -> b != 0),
                        Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(40))
                .as(Damage::new);
    }

    @Property(tries = 60)
    void recoveryCutsADamagedTailAndRefusesDamageInTheMiddle(@ForAll("damages") Damage damage) throws Exception {
        Path dir = Files.createTempDirectory("log-damage");
        try {
            try (Engine engine = new Engine(EngineConfig.durable(dir, SyncPolicy.NEVER).withThrottling(false))) {
                engine.createTable(CreateTableRequest.onDemand("items", "pk", ScalarAttributeType.S, null, null));
                for (int i = 0; i < damage.records(); i++) {
                    engine.putItem(PutItemRequest.of("items", Item.of(Map.of("pk", AttributeValue.s("k" + i),
                            "v", AttributeValue.n(i)))));
                }
            }
            Path segment = lastSegment(dir);
            byte[] bytes = Files.readAllBytes(segment);
            List<Integer> starts = starts(bytes); // each frame's first byte, then the end of the file
            int frames = starts.size() - 1;
            int at = (int) Math.min(bytes.length - 1, Math.floor(damage.at() * bytes.length));
            int frame = frameAt(starts, at);
            byte[] damaged;
            switch (damage.kind()) {
                case FLIP -> {
                    damaged = bytes.clone();
                    damaged[at] ^= damage.mask();
                }
                case TRUNCATE -> damaged = java.util.Arrays.copyOf(bytes, at);
                default -> {
                    damaged = java.util.Arrays.copyOf(bytes, bytes.length + damage.garbage().length);
                    System.arraycopy(damage.garbage(), 0, damaged, bytes.length, damage.garbage().length);
                }
            }
            Files.write(segment, damaged);

            boolean middle = damage.kind() == Kind.FLIP && frame < frames - 1;
            if (middle) {
                assertThatThrownBy(() -> Recovery.recover(dir, r -> { }))
                        .isInstanceOfSatisfying(DamagedLogException.class, e -> {
                            assertThat(e.file()).isEqualTo(segment);
                            assertThat(e.offset()).isEqualTo((long) starts.get(frame));
                        });
                assertThat(Files.readAllBytes(segment)).isEqualTo(damaged);
                return;
            }
            List<LogRecord> applied = new ArrayList<>();
            Recovery.Report report = Recovery.recover(dir, applied::add);
            int expected = switch (damage.kind()) {
                case FLIP -> frames - 1; // the last record damaged: everything before it
                case TRUNCATE -> frame; // the frames wholly before the cut
                case GARBAGE -> frames;
            };
            assertThat(report.snapshot()).isNull();
            assertThat(applied).hasSize(expected);
            boolean clean = damage.kind() == Kind.TRUNCATE && at == starts.get(frame);
            assertThat(report.notes()).hasSize(clean ? 0 : 1);
            assertThat(Files.size(segment)).isEqualTo((long) starts.get(expected)); // cut at the last good record
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static List<Integer> starts(byte[] bytes) {
        List<Integer> starts = new ArrayList<>();
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        int offset = 0;
        while (offset < bytes.length) {
            starts.add(offset);
            Frames.Read read = Frames.read(buffer, offset);
            assertThat(read.problem()).isNull();
            offset = read.next();
        }
        starts.add(bytes.length);
        return starts;
    }

    /** The frame holding byte {@code at}. */
    private static int frameAt(List<Integer> starts, int at) {
        int frame = 0;
        while (starts.get(frame + 1) <= at) {
            frame++;
        }
        return frame;
    }

    private static Path lastSegment(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> Recovery.SEGMENT.matcher(f.getFileName().toString()).matches()).sorted()
                    .reduce((a, b) -> b).orElseThrow();
        }
    }
}
