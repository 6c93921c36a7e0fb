package keystorm.checker;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import keystorm.checker.elle.ConsistencyModel;

/**
 * The options a checker may take from the command line: the model and its initial state (for
 * linearizability), whether values are Jepsen independent [key value] tuples, the consistency
 * model (for Elle), a time budget, the number of threads (0: all cores), and whether to
 * finish every key once one is found invalid (by default the rest stop, as in Porcupine, and
 * are reported unknown: the overall verdict is invalid either way).
 */
public record CheckerOptions(String model, JsonNode initial, boolean independent, ConsistencyModel consistencyModel,
                             Duration timeout, int threads, boolean exhaustive) {
    public static CheckerOptions defaults() {
        return new CheckerOptions(null, null, false, null, Duration.ofSeconds(60), 0, false);
    }

    /** Check every key to the end even once one is invalid (slower; every key gets its verdict). */
    public CheckerOptions withExhaustive(boolean exhaustive) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }

    public CheckerOptions withModel(String model, JsonNode initial) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }

    public CheckerOptions withIndependent(boolean independent) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }

    public CheckerOptions withConsistencyModel(ConsistencyModel consistencyModel) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }

    public CheckerOptions withTimeout(Duration timeout) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }

    public CheckerOptions withThreads(int threads) {
        return new CheckerOptions(model, initial, independent, consistencyModel, timeout, threads, exhaustive);
    }
}
