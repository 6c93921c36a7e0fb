package keystorm.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Brings a data directory's state back: the newest complete snapshot, then every log segment from
 * the snapshot's on, in order. A torn or corrupt record ends the log: the segment is cut at the
 * last good record (later segments, if any, are set aside as {@code .corrupt}), and the report
 * says where and why. Recovery never fails on a bad tail; it fails only if the directory cannot
 * be read.
 */
public final class Recovery {
    static final Pattern SEGMENT = Pattern.compile("wal-(\\d{8})\\.log");
    static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{8})\\.bin");

    /** What recovery found: records replayed, the snapshot used, where the log was cut, the next segment. */
    public record Report(long snapshotRecords, long logRecords, Integer snapshot, List<String> notes,
                         int nextSegment) {
        public String describe() {
            StringBuilder out = new StringBuilder("recovered ")
                    .append(snapshot == null ? "without a snapshot" : "from snapshot " + snapshot + " (" + snapshotRecords + " records)")
                    .append(" and ").append(logRecords).append(" log records");
            notes.forEach(note -> out.append("; ").append(note));
            return out.toString();
        }
    }

    private Recovery() {
    }

    public static Report recover(Path dir, Consumer<LogRecord> apply) throws IOException {
        Files.createDirectories(dir);
        List<Integer> segments = numbered(dir, SEGMENT);
        List<Integer> snapshots = numbered(dir, SNAPSHOT);
        List<String> notes = new ArrayList<>();
        Integer used = null;
        long snapshotRecords = 0;
        for (int i = snapshots.size() - 1; i >= 0 && used == null; i--) {
            int number = snapshots.get(i);
            List<LogRecord> records = readSnapshot(dir.resolve(snapshotName(number)), notes);
            if (records != null) {
                records.forEach(apply);
                snapshotRecords = records.size();
                used = number;
            }
        }
        long logRecords = 0;
        int firstSegment = used == null ? 0 : used;
        boolean cut = false;
        int last = firstSegment - 1;
        for (int number : segments) {
            last = Math.max(last, number);
            if (number < firstSegment) {
                continue;
            }
            Path file = dir.resolve(segmentName(number));
            if (cut) {
                Files.move(file, file.resolveSibling(file.getFileName() + ".corrupt"), StandardCopyOption.REPLACE_EXISTING);
                notes.add("set aside " + file.getFileName() + " after the cut");
                continue;
            }
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
            int offset = 0;
            while (offset < bytes.limit()) {
                Frames.Read read = Frames.read(bytes, offset);
                LogRecord record = null;
                String problem = read.problem();
                if (problem == null) {
                    try {
                        record = RecordCodec.decode(read.payload());
                    } catch (IOException | RuntimeException e) {
                        problem = "an undecodable record (" + e.getMessage() + ")";
                    }
                }
                if (problem != null) {
                    notes.add("cut " + file.getFileName() + " at byte " + offset + " of " + bytes.limit() + ": "
                            + problem + "; " + (bytes.limit() - offset) + " bytes dropped");
                    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
                        channel.truncate(offset);
                        channel.force(true);
                    }
                    cut = true;
                    break;
                }
                apply.accept(record);
                logRecords++;
                offset = read.next();
            }
        }
        return new Report(snapshotRecords, logRecords, used, notes, Math.max(last + 1, firstSegment));
    }

    /** A snapshot's records, or null (with a note) if it is incomplete or corrupt. */
    private static List<LogRecord> readSnapshot(Path file, List<String> notes) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(file));
        List<LogRecord> records = new ArrayList<>();
        int offset = 0;
        while (offset < bytes.limit()) {
            Frames.Read read = Frames.read(bytes, offset);
            if (read.problem() != null) {
                break;
            }
            if (read.payload().length == 0) {
                return records;
            }
            try {
                records.add(RecordCodec.decode(read.payload()));
            } catch (IOException | RuntimeException e) {
                break;
            }
            offset = read.next();
        }
        notes.add("skipped " + file.getFileName() + ": incomplete or corrupt at byte " + offset);
        return null;
    }

    static List<Integer> numbered(Path dir, Pattern pattern) throws IOException {
        List<Integer> numbers = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            files.forEach(file -> {
                Matcher m = pattern.matcher(file.getFileName().toString());
                if (m.matches()) {
                    numbers.add(Integer.parseInt(m.group(1)));
                }
            });
        }
        numbers.sort(null);
        return numbers;
    }

    static String segmentName(int number) {
        return String.format("wal-%08d.log", number);
    }

    static String snapshotName(int number) {
        return String.format("snapshot-%08d.bin", number);
    }
}
