package keystorm.workloads.client;

import keystorm.checker.history.OpType;
import keystorm.checker.op.Payload;

/**
 * How one operation ended: {@code ok} with what it observed, {@code fail} (provably not applied)
 * or {@code info} (unknown), with the error that said so.
 */
public record Completion<P extends Payload>(OpType type, P payload, String error) {
    public Completion {
        if (type == OpType.INVOKE) {
            throw new IllegalArgumentException("a completion is ok, fail or info, not invoke");
        }
        java.util.Objects.requireNonNull(payload, "payload");
    }

    public static <P extends Payload> Completion<P> ok(P observed) {
        return new Completion<>(OpType.OK, observed, null);
    }

    /** The invocation ended by this failure: fail if it provably did not apply, else info (see {@link Outcomes}). */
    public static <P extends Payload> Completion<P> of(P invocation, Throwable failure) {
        return new Completion<>(Outcomes.of(failure), invocation, Outcomes.error(failure));
    }

    public static <P extends Payload> Completion<P> fail(P invocation, String error) {
        return new Completion<>(OpType.FAIL, invocation, error);
    }

    public static <P extends Payload> Completion<P> info(P invocation, String error) {
        return new Completion<>(OpType.INFO, invocation, error);
    }
}
