package keystorm.engine.txn;

import java.util.HashMap;
import java.util.Map;
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
 *
 * <p>At most {@link Limits#idempotencyTokensMax()} tokens are held, running or completed within
 * the window: a new token past the bound, once the expired ones are purged, is refused with a
 * ThrottlingException before its transaction runs. Expired tokens are purged every
 * {@link #SWEEP_EVERY} claims, and whenever the bound is reached.
 *
 * <p>Every method holds the object's monitor: a claim is a lookup and an insert, and transactions
 * with a token are a small share of the traffic.
 */
public final class IdempotencyTokens {
    static final int SWEEP_EVERY = 4096;

    private static final class Entry {
        final TransactWriteItemsRequest request;
        TransactWriteItemsResponse response;
        long completedNanos;

        Entry(TransactWriteItemsRequest request) {
            this.request = request;
        }
    }

    private final Clock clock;
    private final long windowNanos;
    private final int tokensMax;
    private final Map<String, Entry> tokens = new HashMap<>();
    private int sinceSweep;

    /**
     * Tokens on {@code clock}, each remembered for {@link Limits#idempotencyWindowNanos()} once its
     * request completed, at most {@link Limits#idempotencyTokensMax()} at once.
     */
    public IdempotencyTokens(Clock clock, Limits limits) {
        this.clock = clock;
        this.windowNanos = limits.idempotencyWindowNanos();
        this.tokensMax = limits.idempotencyTokensMax();
    }

    /**
     * Claims the token for this request. Answers the earlier response if the request already
     * completed under it; null if the caller must now run it and then {@link #complete} or
     * {@link #release}.
     */
    public synchronized TransactWriteItemsResponse claim(TransactWriteItemsRequest request) {
        String token = request.clientRequestToken();
        long now = clock.nanoTime();
        if (++sinceSweep >= SWEEP_EVERY) {
            sweep(now);
        }
        Entry existing = tokens.get(token);
        if (existing != null && expired(existing, now)) {
            tokens.remove(token);
            existing = null;
        }
        if (existing == null) {
            if (tokens.size() >= tokensMax) {
                sweep(now);
                if (tokens.size() >= tokensMax) {
                    throw Limits.overloaded(tokens.size() + " ClientRequestTokens are held",
                            "idempotencyTokensMax", tokensMax);
                }
            }
            tokens.put(token, new Entry(request));
            return null;
        }
        if (!sameParameters(existing.request, request)) {
            throw new DynamoException(ErrorType.IdempotentParameterMismatchException,
                    "The request uses the same client token as a previous, but non-identical request.");
        }
        if (existing.response == null) {
            throw new DynamoException(ErrorType.TransactionInProgressException,
                    "The transaction with the given request token is already in progress.");
        }
        return existing.response;
    }

    public synchronized void complete(TransactWriteItemsRequest request, TransactWriteItemsResponse response) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            entry.completedNanos = clock.nanoTime();
            entry.response = response;
        }
    }

    public synchronized void release(TransactWriteItemsRequest request) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            tokens.remove(request.clientRequestToken());
        }
    }

    /** Tokens held now: running, or completed and not yet purged. */
    public synchronized int held() {
        return tokens.size();
    }

    private boolean expired(Entry entry, long now) {
        return entry.response != null && now - entry.completedNanos > windowNanos;
    }

    private void sweep(long now) {
        sinceSweep = 0;
        tokens.values().removeIf(entry -> expired(entry, now));
    }

    private static boolean sameParameters(TransactWriteItemsRequest a, TransactWriteItemsRequest b) {
        return a.transactItems().equals(b.transactItems());
    }
}
