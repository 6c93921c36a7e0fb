package keystorm.engine.api;

/** What a stream record carries of the item: its keys, its image after the change, before it, or both. */
public enum StreamViewType { KEYS_ONLY, NEW_IMAGE, OLD_IMAGE, NEW_AND_OLD_IMAGES }
