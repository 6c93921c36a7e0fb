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
 * the snapshot's on, in order. A torn or corrupt record at the end of the log (a crash while it was
 * being written) ends the log: the segment is cut at the last good record, and the report says
 * where and why. A bad record with intact records after it, in its segment or a later one, is
 * damage in the middle: recovery refuses with {@link DamagedLogException}, naming the file and the
 * offset, and changes nothing, rather than drop what was written after it.
 */
public final class Recovery {
    static final Pattern SEGMENT = Pattern.compile("wal-(\\d{8})\\.log");
    static final Pattern SNAPSHOT = Pattern.compile("snapshot-(\\d{8})\\.bin");

    /** What recovery found: records replayed, the snapshot used, where the log was cut, the next segment, and the time it took (System.nanoTime). */
    public record Report(long snapshotRecords, long logRecords, Integer snapshot, List<String> notes,
                         int nextSegment, long recoveryNanos) {
        /** How long the replay took, in milliseconds (the figure {@link #describe} prints). */
        public double recoveryMillis() {
            return recoveryNanos / 1e6;
        }

        /**
         * {@code recovered without a snapshot and 812 log records in 14.2 ms; NOTES}: the time is
         * read back from the ready line of {@code keystorm serve} by the crash loop, so its form
         * ({@code log records in X ms}) is kept.
         */
        public String describe() {
            StringBuilder out = new StringBuilder("recovered ")
                    .append(snapshot == null ? "without a snapshot" : "from snapshot " + snapshot + " (" + snapshotRecords + " records)")
                    .append(" and ").append(logRecords).append(" log records")
                    .append(String.format(java.util.Locale.ROOT, " in %.1f ms", recoveryMillis()));
            notes.forEach(note -> out.append("; ").append(note));
            return out.toString();
        }
    }

    private Recovery() {
    }

    public static Report recover(Path dir, Consumer<LogRecord> apply) throws IOException {
        long startNanos = System.nanoTime(); // a monotonic clock: the replay's own time, not the engine's
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
                    refuseIfDamagedInTheMiddle(dir, file, bytes, offset, problem, segments, number);
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
        return new Report(snapshotRecords, logRecords, used, notes, Math.max(last + 1, firstSegment),
                System.nanoTime() - startNanos);
    }

    /**
     * Throws when the bad record at {@code offset} is not the log's tail: when an intact record
     * starts anywhere after it in this segment, or a later segment holds one.
     */
    private static void refuseIfDamagedInTheMiddle(Path dir, Path file, ByteBuffer bytes, int offset, String problem,
                                                   List<Integer> segments, int number) throws IOException {
        int intact = -1;
        int records = 0;
        for (int at = offset + 1; at + Frames.HEADER_BYTES <= bytes.limit() && intact < 0; at++) {
            records = intactRun(bytes, at);
            if (records > 0) {
                intact = at;
            }
        }
        if (intact >= 0) {
            throw new DamagedLogException(file, offset, file + ": " + problem + " at byte " + offset + " of "
                    + bytes.limit() + ", followed by " + records + " intact record" + (records == 1 ? "" : "s")
                    + " from byte " + intact + ": the log is damaged in the middle, not torn at its end; recovery "
                    + "refuses rather than drop the records written after it (nothing was changed; to start without "
                    + "them, keep a copy of the directory and cut " + file.getFileName() + " at byte " + offset + ")");
        }
        for (int later : segments) {
            if (later <= number) {
                continue;
            }
            Path next = dir.resolve(segmentName(later));
            ByteBuffer laterBytes = ByteBuffer.wrap(Files.readAllBytes(next));
            int found = laterBytes.limit() >= Frames.HEADER_BYTES ? intactRun(laterBytes, 0) : 0;
            if (found > 0) {
                throw new DamagedLogException(file, offset, file + ": " + problem + " at byte " + offset + " of "
                        + bytes.limit() + ", and " + next.getFileName() + " after it holds intact records: the log is "
                        + "damaged in the middle, not torn at its end; recovery refuses rather than drop them "
                        + "(nothing was changed)");
            }
        }
    }

    /** How many intact, decodable records follow one another from {@code at}; 0 when none starts there. */
    private static int intactRun(ByteBuffer bytes, int at) {
        int records = 0;
        while (at < bytes.limit()) {
            Frames.Read read = Frames.read(bytes, at);
            if (read.problem() != null) {
                break;
            }
            try {
                RecordCodec.decode(read.payload());
            } catch (IOException | RuntimeException e) {
                break;
            }
            records++;
            at = read.next();
        }
        return records;
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
