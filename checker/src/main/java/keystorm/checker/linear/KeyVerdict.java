package keystorm.checker.linear;

import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.Call;

/**
 * The verdict on one key's sub-history. For an invalid key, the counterexample: the longest
 * linearizable prefix found, the state it leaves, and the calls that could not come next.
 *
 * @param key the key (null for a history that is not split by key)
 * @param reason why the verdict is UNKNOWN, or null
 * @param prefix the calls of the longest linearizable prefix, in linearization order
 * @param stuck the first call whose return came while it could not be linearized
 * @param blocked the calls that could have come next after the prefix but were refused by the model
 * @param deadEnds the calls the model accepted next, from which no complete order followed
 */
public record KeyVerdict(String key, Validity validity, int calls, String reason, List<Call<?, ?>> prefix,
                         String stateAfterPrefix, Call<?, ?> stuck, List<Blocked> blocked, List<Call<?, ?>> deadEnds,
                         long configurations) {
    /** A call the model refused after the prefix, and the state it would have needed. */
    public record Blocked(Call<?, ?> call, String needs) {
    }

    public KeyVerdict {
        prefix = prefix == null ? List.of() : List.copyOf(prefix);
        blocked = blocked == null ? List.of() : List.copyOf(blocked);
        deadEnds = deadEnds == null ? List.of() : List.copyOf(deadEnds);
    }
}
