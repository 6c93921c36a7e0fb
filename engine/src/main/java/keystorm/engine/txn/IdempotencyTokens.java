package keystorm.engine.txn;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.Limits;
import keystorm.engine.api.TransactWriteItemsRequest;
import keystorm.engine.api.TransactWriteItemsResponse;
import keystorm.engine.item.Bytes;
import keystorm.engine.time.Clock;
import keystorm.engine.time.Scheduler;
import keystorm.engine.wal.LogRecord;

/**
 * ClientRequestTokens of TransactWriteItems ("Amazon DynamoDB Transactions: How it works"): a
 * request repeated with the same token within 10 minutes of the first one completing succeeds
 * without applying again and answers the same; the same token with other parameters is an
 * IdempotentParameterMismatchException; a repeat while the first is still running is a
 * TransactionInProgressException. A transaction that failed leaves its token free.
 *
 * <p>At most {@link Limits#idempotencyTokensMax()} tokens are held, running or completed within
 * the window: a new token past the bound, once the expired ones are purged, is refused with a
 * ThrottlingException before its transaction runs. Expired tokens are purged whenever the bound
 * is reached, and besides: in real runs lazily, every {@link #SWEEP_EVERY} claims; in the
 * simulation by a sweep task of its scheduler, armed when a token completes and re-armed for the
 * next expiry only while completed tokens are held, so that an idle simulation runs out of events.
 *
 * <p>Tokens survive a restart: a transaction under a token logs its {@link #completion} with its
 * writes, in one record, and a snapshot holds the {@link #live} tokens; recovery {@link #restore}s
 * them, dropping those whose window has passed by the clock's epoch milliseconds (nanoseconds do
 * not survive a restart). A retry is matched by a digest of its TransactItems ({@link
 * RequestDigest}), the same before and after a restart.
 *
 * <p>Every method holds the object's monitor: a claim is a lookup and an insert, and transactions
 * with a token are a small share of the traffic.
 */
public final class IdempotencyTokens {
    static final int SWEEP_EVERY = 4096;

    private static final class Entry {
        /** The claim running it, or null for a token restored from the log (never running). */
        final TransactWriteItemsRequest request;
        /** What a retry must match: {@link RequestDigest} of the request's TransactItems. */
        final Bytes digest;
        TransactWriteItemsResponse response;
        long completedNanos;
        long completedMillis;

        Entry(TransactWriteItemsRequest request, Bytes digest) {
            this.request = request;
            this.digest = digest;
        }
    }

    private final Clock clock;
    private final Scheduler scheduler;
    private final long windowNanos;
    private final int tokensMax;
    private final Map<String, Entry> tokens = new HashMap<>();
    private int sinceSweep;
    private boolean sweepArmed;

    /**
     * Tokens on {@code clock} (the engine's, which a fault may skew), each remembered for {@link
     * Limits#idempotencyWindowNanos()} once its request completed, at most {@link
     * Limits#idempotencyTokensMax()} at once; swept by {@code scheduler}'s tasks when it is simulated.
     */
    public IdempotencyTokens(Clock clock, Scheduler scheduler, Limits limits) {
        this.clock = clock;
        this.scheduler = scheduler;
        this.windowNanos = limits.idempotencyWindowNanos();
        this.tokensMax = limits.idempotencyTokensMax();
    }

    /**
     * Claims the token for this request. Answers the earlier response if the request already
     * completed under it; null if the caller must now run it and then {@link #complete} or
     * {@link #release}.
     */
    TransactWriteItemsResponse claim(TransactWriteItemsRequest request) {
        // digested outside the monitor: the request may be up to the transaction's 4 MB
        return claim(request, RequestDigest.of(request.transactItems()));
    }

    private synchronized TransactWriteItemsResponse claim(TransactWriteItemsRequest request, Bytes digest) {
        String token = request.clientRequestToken();
        long now = clock.nanoTime();
        if (!scheduler.simulated() && ++sinceSweep >= SWEEP_EVERY) {
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
            tokens.put(token, new Entry(request, digest));
            return null;
        }
        if (!existing.digest.equals(digest)) {
            throw new DynamoException(ErrorType.IdempotentParameterMismatchException,
                    "The request uses the same client token as a previous, but non-identical request.");
        }
        if (existing.response == null) {
            throw new DynamoException(ErrorType.TransactionInProgressException,
                    "The transaction with the given request token is already in progress.");
        }
        return existing.response;
    }

    /**
     * What the log keeps of {@code request} completing now with {@code response}, to log with its
     * writes before {@link #complete}; the claim must be {@code request}'s and still running.
     */
    synchronized LogRecord.CompletedToken completion(TransactWriteItemsRequest request,
                                                     TransactWriteItemsResponse response) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry == null || entry.request != request || entry.response != null) {
            throw new IllegalStateException("ClientRequestToken " + request.clientRequestToken()
                    + " is not running under this request");
        }
        return new LogRecord.CompletedToken(request.clientRequestToken(), entry.digest, clock.epochMillis(), response);
    }

    /** The request's claim completed as {@code completed} (logged): retries answer its response from now on. */
    synchronized void complete(TransactWriteItemsRequest request, LogRecord.CompletedToken completed) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            entry.completedNanos = clock.nanoTime();
            entry.completedMillis = completed.completedMillis();
            entry.response = completed.response();
            armSweep(entry.completedNanos);
        }
    }

    synchronized void release(TransactWriteItemsRequest request) {
        Entry entry = tokens.get(request.clientRequestToken());
        if (entry != null && entry.request == request) {
            tokens.remove(request.clientRequestToken());
        }
    }

    /**
     * Recovery: a token completed before the restart, from the log or a snapshot. It is held for
     * what is left of its window by the clock's epoch milliseconds now, and dropped if nothing is
     * left; a completion time ahead of the clock (a clock skewed at the time) counts as now. A
     * later completion of the same token (it expired and was used again) replaces an earlier one,
     * as records are replayed in the order they were logged.
     */
    public synchronized void restore(LogRecord.CompletedToken completed) {
        String token = completed.clientRequestToken();
        Entry existing = tokens.get(token);
        if (existing != null && existing.response == null) {
            throw new IllegalStateException("ClientRequestToken " + token + " restored while a request runs under it");
        }
        long elapsedNanos = TimeUnit.MILLISECONDS.toNanos(Math.max(0, clock.epochMillis() - completed.completedMillis()));
        if (elapsedNanos > windowNanos) {
            tokens.remove(token);
            return;
        }
        Entry entry = new Entry(null, completed.requestDigest());
        entry.response = completed.response();
        entry.completedMillis = completed.completedMillis();
        entry.completedNanos = clock.nanoTime() - elapsedNanos;
        tokens.put(token, entry);
        armSweep(entry.completedNanos);
    }

    /**
     * The completed tokens whose window has not passed, for a snapshot, in the order they
     * completed (then by token), so that the same run writes the same snapshot.
     */
    public synchronized List<LogRecord.CompletedToken> live() {
        long now = clock.nanoTime();
        List<LogRecord.CompletedToken> live = new ArrayList<>();
        tokens.forEach((token, entry) -> {
            if (entry.response != null && !expired(entry, now)) {
                live.add(new LogRecord.CompletedToken(token, entry.digest, entry.completedMillis, entry.response));
            }
        });
        live.sort(Comparator.comparingLong(LogRecord.CompletedToken::completedMillis)
                .thenComparing(LogRecord.CompletedToken::clientRequestToken));
        return live;
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

    /** In the simulation: a sweep task when {@code completedNanos}' token expires, unless one is armed. */
    private void armSweep(long completedNanos) {
        if (!scheduler.simulated() || sweepArmed) {
            return;
        }
        sweepArmed = true;
        // expired once strictly more than the window has passed; at least 1 ns ahead
        long delay = Math.max(1, completedNanos + windowNanos + 1 - clock.nanoTime());
        scheduler.schedule(delay, this::sweepTask);
    }

    private synchronized void sweepTask() {
        sweepArmed = false;
        long now = clock.nanoTime();
        sweep(now);
        // re-armed for the first completed token to expire; running ones arm it when they complete
        Entry first = null;
        for (Entry entry : tokens.values()) {
            if (entry.response != null && (first == null || entry.completedNanos - first.completedNanos < 0)) {
                first = entry;
            }
        }
        if (first != null) {
            armSweep(first.completedNanos);
        }
    }
}
