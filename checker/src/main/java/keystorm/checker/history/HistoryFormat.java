package keystorm.checker.history;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** The history file formats keystorm reads, and which one a file name suggests. */
public enum HistoryFormat {
    JSONL("jsonl"), EDN("edn"), PORCUPINE_ETCD("porcupine-etcd"), PORCUPINE_KV("porcupine-kv");

    private final String flag;

    HistoryFormat(String flag) {
        this.flag = flag;
    }

    public String flag() {
        return flag;
    }

    public static HistoryFormat ofFlag(String flag) {
        for (HistoryFormat format : values()) {
            if (format.flag.equals(flag)) {
                return format;
            }
        }
        throw new IllegalArgumentException("--format takes jsonl, edn, porcupine-etcd or porcupine-kv, not '" + flag + "'");
    }

    /** The format a file's name suggests, or null if it does not say. */
    public static HistoryFormat guess(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".jsonl") || name.endsWith(".ndjson")) {
            return JSONL;
        }
        if (name.endsWith(".edn")) {
            return EDN;
        }
        if (name.endsWith(".log")) {
            return PORCUPINE_ETCD;
        }
        return null;
    }

    public History read(Path file) throws IOException, HistoryFormatException {
        return parse(text(file));
    }

    /** A history in this format from its text. */
    public History parse(String text) throws IOException, HistoryFormatException {
        return switch (this) {
            case JSONL -> JsonlHistory.read(new StringReader(text));
            case EDN -> EdnHistory.read(text);
            case PORCUPINE_ETCD -> PorcupineLogs.readEtcd(text);
            case PORCUPINE_KV -> PorcupineLogs.readKv(text);
        };
    }

    /**
     * A history file's text: UTF-8, a leading byte order mark dropped (as editors on Windows
     * write one). A byte that is not UTF-8 is a {@link HistoryFormatException} naming its line,
     * found by a second pass that only a malformed file pays for.
     */
    static String text(Path file) throws IOException, HistoryFormatException {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (java.nio.charset.MalformedInputException e) {
            throw notUtf8(Files.readAllBytes(file));
        }
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** Where the bytes stop being UTF-8: the line, and the byte within it (from 1). */
    static HistoryFormatException notUtf8(byte[] bytes) {
        java.nio.ByteBuffer in = java.nio.ByteBuffer.wrap(bytes);
        java.nio.charset.CoderResult result = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(java.nio.charset.CodingErrorAction.REPORT)
                .onUnmappableCharacter(java.nio.charset.CodingErrorAction.REPORT)
                .decode(in, java.nio.CharBuffer.allocate(bytes.length), true);
        int at = result.isError() ? in.position() : bytes.length;
        long line = 1;
        int lineStart = 0;
        for (int i = 0; i < at; i++) {
            if (bytes[i] == '\n') {
                line++;
                lineStart = i + 1;
            }
        }
        return new HistoryFormatException(line, at < bytes.length
                ? String.format(java.util.Locale.ROOT, "not UTF-8: byte 0x%02X at byte %d of the line", bytes[at] & 0xff,
                at - lineStart + 1)
                : "not UTF-8: a character cut at the end of the file");
    }
}
