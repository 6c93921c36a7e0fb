package keystorm.engine.txn;

import java.util.concurrent.ConcurrentHashMap;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.time.Clock;

/**
 * ClientRequestTokens of TransactWriteItems ("Amazon DynamoDB Transactions: How it works"): a
 * request repeated with the same token within 10 minutes of the first one completing succeeds
 * without applying again and answers the same; the same token with other parameters is an
 * IdempotentParameterMismatchException; a repeat while the first is still running is a
 * TransactionInProgressException. A transaction that failed leaves its token free.
 */
public final class IdempotencyTokens {
    static final int SWEEP_EVERY = 4096;

    private static final class Entry {
        final TransactWriteItemsRequest request;
        volatile TransactWriteItemsResponse response;
        volatile long completedNanos;

        Entry(TransactWriteItemsRequest request) {
            this.request = request;
        }
    }

    private final Clock clock;
    private final long windowNanos;
    private final ConcurrentHashMap<String, Entry> tokens = new ConcurrentHashMap<>();
    private int sinceSweep;

    /** Tokens on {@code clock}, each remembered for {@link Limits#idempotencyWindowNanos()} once its request completed. */
    public IdempotencyTokens(Clock clock, Limits limits) {
        this.clock = clock;
        this.windowNanos = limits.idempotencyWindowNanos();
    }

    /**
     * Claims the token for this request. Answers the earlier response if the request already
     * completed under it; null if the caller must now run it and then {@link #complete} or
     * {@link #release}.
     */
    TransactWriteItemsResponse claim(TransactWriteItemsRequest request) {
        String token = request.clientRequestToken();
        long now = clock.nanoTime();
        sweepNow(now);
        Entry mine = new Entry(request);
        while (true) {
            Entry existing = tokens.putIfAbsent(token, mine);
            if (existing == null) {
                return null;
            }
            TransactWriteItemsResponse done = existing.response;
            if (done != null && now - existing.completedNanos > windowNanos) {
                tokens.remove(token, existing);
                continue;
            }
            if (!sameParameters(existing.request, request)) {
                throw new DynamoException(ErrorType.IdempotentParameterMismatchException,
                        "The request uses the same client token as a previous, but non-identical request.");
            }
            if (done == null) {
                throw new DynamoException(ErrorType.TransactionInProgressException,
                        "The transaction with the given request token is already in progress.");
            }
            return done;
        }
    }

    void complete(TransactWriteItemsRequest request, TransactWriteItemsResponse response) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            entry.completedNanos = clock.nanoTime();
            entry.response = response;
        }
    }

    void release(TransactWriteItemsRequest request) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            tokens.remove(request.clientRequestToken(), entry);
        }
    }

    private static boolean sameParameters(TransactWriteItemsRequest a, TransactWriteItemsRequest b) {
        return a.transactItems().equals(b.transactItems());
    }

    private void sweepNow(long now) {
        if (++sinceSweep < SWEEP_EVERY) {
            return;
        }
        sinceSweep = 0;
        tokens.values().removeIf(e -> e.response != null && now - e.completedNanos > windowNanos);
    }
}
