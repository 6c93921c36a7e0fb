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
        String text = Files.readString(file, StandardCharsets.UTF_8);
        return switch (this) {
            case JSONL -> JsonlHistory.read(new StringReader(text));
            case EDN -> EdnHistory.read(text);
            case PORCUPINE_ETCD -> PorcupineLogs.readEtcd(text);
            case PORCUPINE_KV -> PorcupineLogs.readKv(text);
        };
    }
}
