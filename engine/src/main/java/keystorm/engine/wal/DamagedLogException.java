package keystorm.engine.wal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * A log damaged in the middle: a record that cannot be read with intact records after it (in its
 * segment or in a later one). Those records were written, and may have been acknowledged, after
 * the damage, so cutting the log there would drop them silently; recovery refuses instead, and
 * changes nothing in the data directory. A torn or corrupt record at the very end (a crash while
 * writing) is not this: it is cut.
 */
public final class DamagedLogException extends IOException {
    private final Path file;
    private final long offset;

    DamagedLogException(Path file, long offset, String message) {
        super(message);
        this.file = file;
        this.offset = offset;
    }

    /** The segment holding the damaged record. */
    public Path file() {
        return file;
    }

    /** Where in it the damaged record starts. */
    public long offset() {
        return offset;
    }
}
