package keystorm.engine.stream;

/**
 * Who made a change of an item: a client's request, or Time to Live's background deletion (whose
 * stream record carries {@link keystorm.engine.api.Identity#TIME_TO_LIVE} and which consumes no
 * write capacity).
 */
public enum ChangeOrigin { CLIENT, TIME_TO_LIVE }
