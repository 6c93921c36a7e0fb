package keystorm.engine.auth;

import java.util.List;
import java.util.Optional;

/**
 * The answer to a {@link Request} under a principal's identity-based policies, after the IAM User Guide's "Policy
 * evaluation logic" for one account and identity policies only: an applicable Deny statement decides (explicit
 * deny beats allow), else an applicable Allow statement, else nothing allowed it (implicit deny, the default).
 *
 * @param statement the statement that decided, for ALLOW and EXPLICIT_DENY; empty for IMPLICIT_DENY
 * @param policyIndex which of the policies it is in (from 0), or -1 for IMPLICIT_DENY
 */
public record Decision(Outcome outcome, Optional<Statement> statement, int policyIndex) {
    public enum Outcome { ALLOW, EXPLICIT_DENY, IMPLICIT_DENY }

    public Decision {
        if ((outcome == Outcome.IMPLICIT_DENY) != statement.isEmpty()) {
            throw new IllegalArgumentException(outcome + " with statement " + statement);
        }
    }

    public static Decision evaluate(List<Policy> policies, Request request) {
        Decision allow = null;
        for (int p = 0; p < policies.size(); p++) {
            for (Statement statement : policies.get(p).statements()) {
                if (!statement.applies(request)) {
                    continue;
                }
                if (statement.effect() == Statement.Effect.DENY) {
                    return new Decision(Outcome.EXPLICIT_DENY, Optional.of(statement), p);
                }
                if (allow == null) {
                    allow = new Decision(Outcome.ALLOW, Optional.of(statement), p);
                }
            }
        }
        return allow != null ? allow : new Decision(Outcome.IMPLICIT_DENY, Optional.empty(), -1);
    }

    public boolean allowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * The AccessDeniedException message, in the wording AWS uses for identity-based policies (IAM User Guide,
     * "Troubleshoot access denied error messages"): {@code User: P is not authorized to perform: A on resource: R
     * because no identity-based policy allows the A action}, or {@code ... with an explicit deny in an
     * identity-based policy}.
     *
     * @param principal the caller's ARN, e.g. {@code arn:aws:iam::123456789012:user/alice}
     */
    public String message(String principal, Request request) {
        String head = "User: " + principal + " is not authorized to perform: " + request.action() + " on resource: " + request.resource();
        return switch (outcome) {
            case ALLOW -> throw new IllegalStateException("the request is allowed (" + statement.get().describe() + ")");
            case EXPLICIT_DENY -> head + " with an explicit deny in an identity-based policy";
            case IMPLICIT_DENY -> head + " because no identity-based policy allows the " + request.action() + " action";
        };
    }
}
