package keystorm.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufInputStream;
import io.netty.buffer.Unpooled;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * Request bodies sent with {@code Content-Encoding: gzip} (what the AWS SDKs send when request compression is
 * on) or {@code deflate} (zlib), decoded after the signature is checked (it signs the bytes as sent) and before
 * the JSON is read. Several gzip members one after the other are one body, as RFC 1952 allows.
 *
 * <p>The 16 MB bound on a request applies to the decoded body: one past it is answered 413 as an uncompressed
 * one is, however small it came. A body that is not what its encoding says (not gzip, cut short, empty) or an
 * encoding other than these is a SerializationException (400). DynamoDB answers those 500 InternalServerError
 * (ScyllaDB's test_compressed_request.py records it), which every SDK retries although the same bytes can never
 * succeed; keystorm keeps its rule that a client's error is never a 5xx.
 *
 * <p>The JDK's streams decode here rather than Netty's {@code JdkZlibDecoder}: with concatenated members on,
 * Netty's decoder cannot tell a body cut short from a complete one, and the stream throws on a cut.
 */
final class ContentDecoding {
    /** Decoded in pieces of this size, so that a bomb is stopped within one piece of the bound. */
    private static final int PIECE_BYTES = 64 * 1024;

    private ContentDecoding() {
    }

    /** A body that decodes to more than the bound. */
    static final class TooLarge extends Exception {
        TooLarge() {
            super(null, null, false, false);
        }
    }

    /**
     * The body decoded, or {@code content} itself (not retained again) when there is no encoding to undo; the
     * caller releases a decoded buffer it was given.
     */
    static ByteBuf decode(String encoding, ByteBuf content, int bytesMax) throws TooLarge {
        if (encoding == null) {
            return content;
        }
        String name = encoding.trim().toLowerCase(Locale.ROOT);
        if (name.isEmpty() || name.equals("identity")) {
            return content;
        }
        boolean gzip = name.equals("gzip") || name.equals("x-gzip");
        if (!gzip && !name.equals("deflate")) {
            throw new DynamoException(ErrorType.SerializationException, "Unsupported Content-Encoding: " + encoding
                    + " (gzip and deflate are)");
        }
        ByteBuf decoded = Unpooled.buffer(Math.min(bytesMax, Math.max(256, content.readableBytes() * 4)));
        boolean done = false;
        try (InputStream in = gzip ? new GZIPInputStream(new ByteBufInputStream(content.duplicate()))
                : new InflaterInputStream(new ByteBufInputStream(content.duplicate()))) {
            byte[] piece = new byte[PIECE_BYTES];
            int read;
            while ((read = in.read(piece)) >= 0) {
                if (decoded.readableBytes() + (long) read > bytesMax) {
                    throw new TooLarge();
                }
                decoded.writeBytes(piece, 0, read);
            }
            done = true;
            return decoded;
        } catch (IOException e) {
            throw new DynamoException(ErrorType.SerializationException, "The request body is not valid " + name
                    + " content: " + e.getMessage());
        } finally {
            if (!done) {
                decoded.release();
            }
        }
    }
}
