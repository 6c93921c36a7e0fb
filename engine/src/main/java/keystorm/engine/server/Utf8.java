package keystorm.engine.server;

import io.netty.buffer.ByteBuf;
import io.netty.util.ByteProcessor;

/**
 * Strict UTF-8 for request bodies. Jackson decodes what UTF-8 forbids without a word: overlong
 * forms ({@code C0 AF} read as {@code /}) and encoded surrogates ({@code ED A0 80}, a lone
 * UTF-16 half that no Unicode string holds). This checks the well-formed byte sequences of the
 * Unicode Standard (chapter 3, table 3-7; RFC 3629) in one pass over the body, allocating nothing.
 */
final class Utf8 {
    private Utf8() {
    }

    /** The offset in {@code content} of the first byte that is not well-formed UTF-8, or -1. */
    static long firstMalformed(ByteBuf content) {
        Validator validator = new Validator();
        int at = content.forEachByte(validator);
        if (at >= 0) {
            return at - content.readerIndex();
        }
        return validator.need > 0 ? content.readableBytes() : -1; // cut off inside a sequence
    }

    private static final class Validator implements ByteProcessor {
        /** Continuation bytes still due, and the range the next one must fall in. */
        int need;
        int low = 0x80;
        int high = 0xBF;

        @Override
        public boolean process(byte value) {
            int b = value & 0xFF;
            if (need > 0) {
                if (b < low || b > high) {
                    return false;
                }
                need--;
                low = 0x80;
                high = 0xBF;
                return true;
            }
            if (b < 0x80) {
                return true;
            }
            if (b >= 0xC2 && b <= 0xDF) {
                need = 1;
            } else if (b >= 0xE0 && b <= 0xEF) {
                need = 2;
                if (b == 0xE0) {
                    low = 0xA0; // E0 80..9F would be overlong
                } else if (b == 0xED) {
                    high = 0x9F; // ED A0..BF would be a surrogate
                }
            } else if (b >= 0xF0 && b <= 0xF4) {
                need = 3;
                if (b == 0xF0) {
                    low = 0x90; // overlong
                } else if (b == 0xF4) {
                    high = 0x8F; // past U+10FFFF
                }
            } else {
                return false; // a stray continuation byte, C0/C1 (overlong), or F5..FF
            }
            return true;
        }
    }
}
