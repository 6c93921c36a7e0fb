package keystorm.engine.api;

import java.util.Objects;

public record AttributeDefinition(String attributeName, ScalarAttributeType attributeType) {
    public AttributeDefinition {
        Objects.requireNonNull(attributeName, "attributeName");
        Objects.requireNonNull(attributeType, "attributeType");
    }
}
