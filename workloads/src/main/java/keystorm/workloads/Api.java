package keystorm.workloads;

import java.util.Locale;

/**
 * Which of DynamoDB's two APIs a workload's client speaks: the item API (GetItem, PutItem, TransactWriteItems ...)
 * or PartiQL (ExecuteStatement, ExecuteTransaction), so the same workload and checker judge a store's PartiQL path.
 * Only {@code register} and {@code bank} have a PartiQL client ({@link #PARTIQL_WORKLOADS}).
 */
public enum Api {
    ITEM, PARTIQL;

    /** The workloads {@code --api partiql} runs. */
    public static final java.util.List<String> PARTIQL_WORKLOADS = java.util.List.of("register", "bank");

    /** The flag's spelling: {@code item}, {@code partiql}. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The API of the flag's spelling; IllegalArgumentException naming the flag. */
    public static Api parse(String text) {
        for (Api api : values()) {
            if (api.cliName().equals(text)) {
                return api;
            }
        }
        throw new IllegalArgumentException("--api takes item or partiql; not '" + text + "'");
    }
}
