package keystorm.engine.api;

import java.util.List;

/** {@code lastEvaluatedTableName} is null on the last page. */
public record ListTablesResponse(List<String> tableNames, String lastEvaluatedTableName) {
    public ListTablesResponse {
        tableNames = List.copyOf(tableNames);
    }
}
