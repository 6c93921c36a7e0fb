package keystorm.engine.wal;

import java.io.IOException;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;

/**
 * What a write-ahead log, threaded or simulated, answers once it takes no more records: an
 * InternalServerError saying whether the engine is stopping (the log was closed or crashed) or
 * the log failed.
 */
final class Unusable {
    private Unusable() {
    }

    /** Throws if {@code stopping} (closed or crashed) or if {@code failure} is not null; otherwise returns. */
    static void throwIf(boolean stopping, IOException failure) {
        if (stopping) {
            throw new DynamoException(ErrorType.InternalServerError, "Internal server error: the engine is stopping");
        }
        if (failure != null) {
            throw new DynamoException(ErrorType.InternalServerError,
                    "Internal server error: the write-ahead log failed: " + failure.getMessage());
        }
    }
}
