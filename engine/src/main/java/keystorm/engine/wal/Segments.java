package keystorm.engine.wal;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * The log's files in its data directory: the segment being written ({@code wal-NNNNNNNN.log}),
 * how long it is and how much of it is durable, and the snapshots that let older segments go.
 * Not thread-safe: one writer at a time (the flusher thread, or the simulation's thread).
 *
 * <p>With {@code force} off (the simulation) nothing is fsynced: a simulated crash is a process
 * crash, and what was written reaches the operating system. What counts as durable is still
 * tracked the same way, so that {@link #cutToDurable} loses exactly what a power loss would.
 */
final class Segments {
    private final Path dir;
    private final boolean force;
    private FileChannel channel;
    private int segment;
    private long bytes;
    private long durableBytes;

    Segments(Path dir, int firstSegment, boolean force) throws IOException {
        this.dir = dir;
        this.force = force;
        Files.createDirectories(dir);
        open(firstSegment);
    }

    Path dir() {
        return dir;
    }

    /** The length of the segment being written. */
    long bytes() {
        return bytes;
    }

    /** Appends to the segment being written (not yet durable). */
    void write(byte[] batch) throws IOException {
        ByteBuffer buffer = ByteBuffer.wrap(batch);
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        bytes += batch.length;
    }

    /** Makes what was written durable; answers whether anything was left to sync (an fsync was due). */
    boolean sync() throws IOException {
        if (durableBytes == bytes) {
            return false;
        }
        if (force) {
            channel.force(false);
        }
        durableBytes = bytes;
        return true;
    }

    /** Closes the segment being written, synced whatever the policy, and opens the next; answers its number. */
    int roll() throws IOException {
        if (force) {
            channel.force(false);
        }
        channel.close();
        open(segment + 1);
        return segment;
    }

    /**
     * Writes a snapshot holding at least everything logged before segment {@code from}, makes it
     * durable, then deletes the older segments and snapshots.
     */
    void snapshot(int from, WriteAheadLog.SnapshotSource source) throws IOException {
        Path tmp = dir.resolve(Recovery.snapshotName(from) + ".tmp");
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            source.writeSnapshot(from, new WriteAheadLog.SnapshotWriter(out));
            out.write(Frames.frame(new byte[0]));
        }
        if (force) {
            try (FileChannel file = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                file.force(true);
            }
        }
        Files.move(tmp, dir.resolve(Recovery.snapshotName(from)), StandardCopyOption.ATOMIC_MOVE);
        syncDirectory();
        for (int old : Recovery.numbered(dir, Recovery.SEGMENT)) {
            if (old < from) {
                Files.deleteIfExists(dir.resolve(Recovery.segmentName(old)));
            }
        }
        for (int old : Recovery.numbered(dir, Recovery.SNAPSHOT)) {
            if (old < from) {
                Files.deleteIfExists(dir.resolve(Recovery.snapshotName(old)));
            }
        }
    }

    /** A crash (power loss): the segment is cut back to its last durable byte and closed. */
    void cutToDurable() throws IOException {
        channel.truncate(durableBytes);
        if (force) {
            channel.force(true);
        }
        channel.close();
    }

    void close() throws IOException {
        channel.close();
    }

    private void open(int number) throws IOException {
        segment = number;
        channel = FileChannel.open(dir.resolve(Recovery.segmentName(number)), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        bytes = channel.size();
        durableBytes = bytes;
        syncDirectory();
    }

    private void syncDirectory() {
        if (!force) {
            return;
        }
        try (FileChannel directory = FileChannel.open(dir, StandardOpenOption.READ)) {
            directory.force(true);
        } catch (IOException e) {
            // Not every file system lets a directory be opened for force; the files themselves are forced.
        }
    }
}
