package keystorm.checker.elle;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The consistency models keystorm's Elle judges a history against, each with its name as Elle
 * writes it. Which anomalies each forbids, and which models each implies, is
 * {@link ConsistencyModels}.
 */
public enum ConsistencyModel {
    STRICT_SERIALIZABLE("strict-serializable"),
    STRONG_SESSION_SERIALIZABLE("strong-session-serializable"),
    STRONG_SNAPSHOT_ISOLATION("strong-snapshot-isolation"),
    STRONG_SESSION_SNAPSHOT_ISOLATION("strong-session-snapshot-isolation"),
    SERIALIZABLE("serializable"),
    SNAPSHOT_ISOLATION("snapshot-isolation"),
    REPEATABLE_READ("repeatable-read"),
    CURSOR_STABILITY("cursor-stability"),
    MONOTONIC_ATOMIC_VIEW("monotonic-atomic-view"),
    STRONG_READ_COMMITTED("strong-read-committed"),
    STRONG_SESSION_READ_COMMITTED("strong-session-read-committed"),
    READ_COMMITTED("read-committed"),
    READ_UNCOMMITTED("read-uncommitted");

    /** Reports list models in the order of their names, as they did when names were strings. */
    public static final Comparator<ConsistencyModel> BY_NAME = Comparator.comparing(ConsistencyModel::spelling);

    private final String spelling;

    ConsistencyModel(String spelling) {
        this.spelling = spelling;
    }

    /** The name as Elle writes it: "snapshot-isolation". */
    public String spelling() {
        return spelling;
    }

    /**
     * The model of that name (as the command line gives it).
     *
     * @throws IllegalArgumentException listing the names, for any other
     */
    public static ConsistencyModel parse(String name) {
        for (ConsistencyModel model : values()) {
            if (model.spelling.equals(name)) {
                return model;
            }
        }
        throw new IllegalArgumentException("--consistency-model takes one of " + Arrays.stream(values())
                .map(ConsistencyModel::spelling).sorted().collect(Collectors.joining(", ")) + "; not '" + name + "'");
    }

    @Override
    public String toString() {
        return spelling;
    }
}
