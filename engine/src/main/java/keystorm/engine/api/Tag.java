package keystorm.engine.api;

/** A tag of a table (TagResource, CreateTable's Tags, ListTagsOfResource). */
public record Tag(String key, String value) {
}
