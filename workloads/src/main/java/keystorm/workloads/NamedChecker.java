package keystorm.workloads;

import java.util.Map;
import keystorm.checker.Checker;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Checkers;
import keystorm.checker.Result;
import keystorm.checker.Validity;
import keystorm.checker.history.History;

/**
 * A workload's checker by its name in {@link Checkers}, so a workload never depends on a checker's
 * class (nor on its constructor's arguments). A name this build does not know yet gives a checker
 * whose every verdict is UNKNOWN with that reason: the workload still runs and records its
 * history, which {@code keystorm check} can judge later, and never passes for VALID.
 */
public final class NamedChecker {
    private NamedChecker() {
    }

    public static Checker of(String name, CheckerOptions options) {
        return Checkers.all().containsKey(name) ? Checkers.create(name, options) : new Unavailable(name);
    }

    /** Stands in for a checker this build lacks. */
    public record Unavailable(String name) implements Checker {
        @Override
        public Result check(History history) {
            String reason = "no checker named '" + name + "' in this build (known: "
                    + String.join(", ", Checkers.all().keySet()) + "): the history was not judged";
            return new Result() {
                @Override
                public Validity validity() {
                    return Validity.UNKNOWN;
                }

                @Override
                public String render() {
                    return name + ": " + reason + "\n" + Validity.UNKNOWN.word() + "\n";
                }

                @Override
                public Map<String, String> artifacts() {
                    return Map.of();
                }
            };
        }
    }
}
