package keystorm.engine.auth;

import java.util.List;
import java.util.Optional;

/**
 * One statement of an identity-based policy. It applies to a request when its action list matches (or, with
 * NotAction, does not), its resource list matches (or, with NotResource, does not), and every condition holds.
 *
 * @param index the statement's position in its policy, from 0, as it is named in messages ({@code Statement[0]})
 */
public record Statement(int index, Optional<String> sid, Effect effect, List<String> actions, boolean notAction,
        List<String> resources, boolean notResource, List<Condition> conditions) {
    public enum Effect { ALLOW, DENY }

    public Statement {
        actions = List.copyOf(actions);
        resources = List.copyOf(resources);
        conditions = List.copyOf(conditions);
    }

    public boolean applies(Request request) {
        boolean actionListed = actions.stream().anyMatch(a -> Wildcard.matchesIgnoreCase(a, request.action()));
        if (actionListed == notAction) {
            return false;
        }
        boolean resourceListed = resources.stream().anyMatch(r -> resourceMatches(r, request.resource()));
        if (resourceListed == notResource) {
            return false;
        }
        return conditions.stream().allMatch(c -> c.holds(request));
    }

    /**
     * IAM matches an ARN field by field (partition, service, region, account, resource), so a wildcard does not run
     * across a colon of the first five fields; within the resource field ({@code table/Books/index/ByAuthor}) it runs
     * across slashes, so {@code table/Books*} covers the table's indexes and {@code table/Books} does not.
     */
    static boolean resourceMatches(String pattern, String arn) {
        if (Wildcard.matchesEverything(pattern)) {
            return true;
        }
        String[] want = pattern.split(":", 6);
        String[] have = arn.split(":", 6);
        if (want.length != 6 || have.length != 6) {
            return false; // Policy.parse admits only * and six-field ARNs; a request's resource is always one
        }
        for (int i = 0; i < 6; i++) {
            if (!Wildcard.matches(want[i], have[i])) {
                return false;
            }
        }
        return true;
    }

    /** How messages name it: {@code Statement[1] (Sid DenyOthers)}. */
    public String describe() {
        return "Statement[" + index + "]" + sid.map(s -> " (Sid " + s + ")").orElse("");
    }
}
