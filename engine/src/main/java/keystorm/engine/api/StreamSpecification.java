package keystorm.engine.api;

/**
 * CreateTable's and UpdateTable's StreamSpecification. {@code streamViewType} is required when
 * {@code streamEnabled}, and null when the request gave none.
 */
public record StreamSpecification(boolean streamEnabled, StreamViewType streamViewType) {
    public static StreamSpecification enabled(StreamViewType viewType) {
        return new StreamSpecification(true, viewType);
    }

    public static final StreamSpecification DISABLED = new StreamSpecification(false, null);
}
