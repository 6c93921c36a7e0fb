package keystorm.gatling;

import java.util.HashMap;
import java.util.Map;

/**
 * One operation of a simulation, as a feeder hands it to a virtual user: an optional read, then an
 * optional write (both for YCSB's read-modify-write). The session attributes it becomes are named
 * by the constants below, which the scenarios read.
 */
public record Cycle(long cycle, String kind, Request read, Request write) {
    public static final String KIND = "kind";
    public static final String READ = "read";
    public static final String READ_BODY = "readBody";
    public static final String WRITE = "write";
    public static final String WRITE_BODY = "writeBody";

    public Cycle {
        if (read == null && write == null) {
            throw new IllegalArgumentException("cycle " + cycle + " (" + kind + ") does nothing");
        }
    }

    /** The session attributes: {@code kind}, and {@code read}/{@code readBody}, {@code write}/{@code writeBody} when present. */
    public Map<String, Object> attributes() {
        Map<String, Object> attributes = new HashMap<>();
        attributes.put(KIND, kind);
        if (read != null) {
            attributes.put(READ, read.operation().name());
            attributes.put(READ_BODY, read.body());
        }
        if (write != null) {
            attributes.put(WRITE, write.operation().name());
            attributes.put(WRITE_BODY, write.body());
        }
        return attributes;
    }
}
