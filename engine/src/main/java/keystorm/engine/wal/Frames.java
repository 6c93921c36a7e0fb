package keystorm.engine.wal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

/**
 * The log's framing: {@code [int length][int crc32c(payload)][payload]}, big-endian. A frame
 * with an empty payload ends a snapshot.
 */
final class Frames {
    static final int HEADER_BYTES = 8;
    static final int PAYLOAD_BYTES_MAX = 64 * 1024 * 1024;

    private Frames() {
    }

    static byte[] frame(byte[] payload) {
        ByteBuffer buffer = ByteBuffer.allocate(HEADER_BYTES + payload.length).order(ByteOrder.BIG_ENDIAN);
        buffer.putInt(payload.length).putInt(crc(payload)).put(payload);
        return buffer.array();
    }

    static int crc(byte[] payload) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue();
    }

    /** One frame read from a buffer, or why the bytes at {@code offset} are not one. */
    record Read(byte[] payload, int next, String problem) {
    }

    static Read read(ByteBuffer file, int offset) {
        int remaining = file.limit() - offset;
        if (remaining < HEADER_BYTES) {
            return new Read(null, offset, "a torn record header (" + remaining + " bytes)");
        }
        int length = file.getInt(offset);
        int crc = file.getInt(offset + 4);
        if (length < 0 || length > PAYLOAD_BYTES_MAX) {
            return new Read(null, offset, "an impossible record length " + length);
        }
        if (remaining - HEADER_BYTES < length) {
            return new Read(null, offset, "a torn record (" + (remaining - HEADER_BYTES) + " of " + length + " bytes)");
        }
        byte[] payload = new byte[length];
        file.get(offset + HEADER_BYTES, payload);
        if (crc(payload) != crc) {
            return new Read(null, offset, "a checksum mismatch");
        }
        return new Read(payload, offset + HEADER_BYTES + length, null);
    }

    static IOException corrupt(String what) {
        return new IOException(what);
    }
}
