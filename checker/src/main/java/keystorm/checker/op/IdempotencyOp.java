package keystorm.checker.op;

import java.util.List;

/**
 * Idempotent transactions: a TransactWriteItems that appends {@code element} to one list, sent
 * with a ClientRequestToken and retried with the same token (attempt 1, 2 ...). DynamoDB
 * promises the token makes every retry take effect once: the element appears at most once, and
 * exactly once when any attempt was acknowledged. A retry of a token with other actions must be
 * refused (IdempotentParameterMismatch) and never applied.
 */
public sealed interface IdempotencyOp extends Payload {
    record Submit(String token, long element, int attempt) implements IdempotencyOp {
        public Submit {
            java.util.Objects.requireNonNull(token, "token");
            if (attempt < 1) {
                throw new IllegalArgumentException("attempts count from 1, not " + attempt);
            }
        }
    }

    /**
     * The token of an earlier submit, sent with another element: an ok completion says the store
     * refused it with IdempotentParameterMismatch ({@code refused} true) or applied it (false).
     * In an invocation {@code refused} is null.
     */
    record Mismatch(String token, long element, Boolean refused) implements IdempotencyOp {
        public Mismatch {
            java.util.Objects.requireNonNull(token, "token");
        }
    }

    /** A strongly consistent read of the list: its elements in order, or null when unknown. */
    record Read(List<Long> elements) implements IdempotencyOp {
        public Read {
            elements = elements == null ? null : List.copyOf(elements);
        }
    }
}
