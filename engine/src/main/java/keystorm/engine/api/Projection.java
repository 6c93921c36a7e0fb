package keystorm.engine.api;

import java.util.List;

/**
 * A secondary index's Projection. {@code nonKeyAttributes} is empty unless the type is INCLUDE
 * (CreateTable refuses it otherwise; see {@code TableSchema.of}).
 */
public record Projection(ProjectionType projectionType, List<String> nonKeyAttributes) {
    public Projection {
        nonKeyAttributes = nonKeyAttributes == null ? List.of() : List.copyOf(nonKeyAttributes);
    }

    public static Projection all() {
        return new Projection(ProjectionType.ALL, List.of());
    }

    public static Projection keysOnly() {
        return new Projection(ProjectionType.KEYS_ONLY, List.of());
    }

    public static Projection include(List<String> nonKeyAttributes) {
        return new Projection(ProjectionType.INCLUDE, nonKeyAttributes);
    }
}
