package keystorm.engine.api;

import java.util.Objects;

public record KeySchemaElement(String attributeName, KeyType keyType) {
    public KeySchemaElement {
        Objects.requireNonNull(attributeName, "attributeName");
        Objects.requireNonNull(keyType, "keyType");
    }
}
