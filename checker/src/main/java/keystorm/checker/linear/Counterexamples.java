package keystorm.checker.linear;

import java.util.ArrayList;
import java.util.List;
import keystorm.checker.Validity;
import keystorm.checker.history.Call;
import keystorm.checker.op.Payload;

/**
 * Turns the deepest point of a failed search into a counterexample: after the longest
 * linearizable prefix, which call had to take effect (its return came) and could not, and what
 * each call that could have come next would have needed.
 */
final class Counterexamples {
    private Counterexamples() {
    }

    static <S, I extends Payload, O extends Payload> KeyVerdict explain(String key, List<Call<I, O>> calls,
                                                                       Model<S, I, O> model, WglSearch.Outcome<S> outcome) {
        boolean[] inPrefix = new boolean[calls.size()];
        List<Call<?, ?>> prefix = new ArrayList<>();
        for (int id : outcome.bestPrefix()) {
            inPrefix[id] = true;
            prefix.add(calls.get(id));
        }
        Call<I, O> stuck = null;
        for (Call<I, O> call : calls) {
            if (!inPrefix[call.id()] && (stuck == null || call.returnIndex() < stuck.returnIndex())) {
                stuck = call;
            }
        }
        List<KeyVerdict.Blocked> blocked = new ArrayList<>();
        List<Call<?, ?>> deadEnds = new ArrayList<>();
        if (stuck != null) {
            for (Call<I, O> call : calls) {
                if (inPrefix[call.id()] || call.invokeIndex() > stuck.returnIndex()) {
                    continue;
                }
                if (model.step(outcome.bestState(), call).isEmpty()) {
                    blocked.add(new KeyVerdict.Blocked(call, model.needs(call)));
                } else {
                    deadEnds.add(call);
                }
            }
        }
        return new KeyVerdict(key, Validity.INVALID, calls.size(), null, prefix, model.describe(outcome.bestState()),
                stuck, blocked, deadEnds, outcome.configurations());
    }
}
