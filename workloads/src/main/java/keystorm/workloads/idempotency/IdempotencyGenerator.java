package keystorm.workloads.idempotency;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import keystorm.checker.history.OpType;
import keystorm.checker.op.IdempotencyOp;
import keystorm.workloads.generator.Context;
import keystorm.workloads.generator.Event;
import keystorm.workloads.generator.Generator;
import keystorm.workloads.generator.Invocation;
import keystorm.workloads.generator.Next;

/**
 * Submits of new tokens, retries of old ones, mismatches and reads, as an immutable state that
 * completions advance through {@link #update}:
 * <ul>
 *   <li>a submit that ended {@code info} (unknown) or {@code fail} (not applied: a conflict, a
 *       throttle) is retried with the same token and element, attempt + 1, before anything new;
 *   <li>an acknowledged submit is retried too with probability {@value #RETRY_AFTER_OK}: the retry
 *       must be answered without applying again;
 *   <li>a mismatch reuses the token of a submit acknowledged within {@link #REUSE_WINDOW_NANOS}
 *       with a new element. Only acknowledged tokens: one whose attempts all failed was never
 *       recorded, so the store would rightly apply it. Only recent ones: DynamoDB keeps a token
 *       for 10 minutes, after which a reuse is a new request that rightly applies; half of that
 *       leaves room for clocks and slow calls.
 * </ul>
 * Every element is new (tokens' and mismatches' alike), as the checker requires. A token's
 * attempts are bounded ({@value #ATTEMPTS_MAX}), the recent tokens kept are bounded
 * ({@value #ACKNOWLEDGED_MAX}), and so is the retry queue (at most one retry per completion).
 */
record IdempotencyGenerator(long seed, String tokenPrefix, long nextToken, long nextElement, List<IdempotencyOp.Submit> retries,
                            List<Acknowledged> acknowledged) implements Generator<IdempotencyOp> {
    static final int ATTEMPTS_MAX = 5;
    static final double RETRY_AFTER_OK = 0.2;
    static final double MISMATCH = 0.05;
    static final double READ = 0.2;
    static final int ACKNOWLEDGED_MAX = 64;
    static final long REUSE_WINDOW_NANOS = 5L * 60 * 1_000_000_000L;

    /** A token the store acknowledged, and when. */
    record Acknowledged(String token, long nanos) {
    }

    IdempotencyGenerator {
        retries = List.copyOf(retries);
        acknowledged = List.copyOf(acknowledged);
    }

    static IdempotencyGenerator start(long seed, String tokenPrefix) {
        return new IdempotencyGenerator(seed, tokenPrefix, 0, 0, List.of(), List.of());
    }

    @Override
    public Next<IdempotencyOp> next(Context context) {
        int thread = context.firstFree();
        if (thread < 0) {
            return new Next.Pending<>(this);
        }
        if (!retries.isEmpty()) {
            return emit(thread, context, retries.getFirst(), new IdempotencyGenerator(seed, tokenPrefix, nextToken, nextElement,
                    retries.subList(1, retries.size()), acknowledged));
        }
        SplittableRandom random = new SplittableRandom(seed);
        double pick = random.nextDouble();
        long after = random.nextLong();
        List<Acknowledged> recent = acknowledged.stream()
                .filter(a -> context.nanos() - a.nanos() < REUSE_WINDOW_NANOS).toList();
        if (pick < MISMATCH && !recent.isEmpty()) {
            String token = recent.get(random.nextInt(recent.size())).token();
            return emit(thread, context, new IdempotencyOp.Mismatch(token, nextElement, null),
                    new IdempotencyGenerator(after, tokenPrefix, nextToken, nextElement + 1, retries, recent));
        }
        if (pick < MISMATCH + READ) {
            return emit(thread, context, new IdempotencyOp.Read(null),
                    new IdempotencyGenerator(after, tokenPrefix, nextToken, nextElement, retries, acknowledged));
        }
        return emit(thread, context, new IdempotencyOp.Submit(tokenPrefix + nextToken, nextElement, 1),
                new IdempotencyGenerator(after, tokenPrefix, nextToken + 1, nextElement + 1, retries, acknowledged));
    }

    private static Next<IdempotencyOp> emit(int thread, Context context, IdempotencyOp op, IdempotencyGenerator rest) {
        return new Next.Emit<>(new Invocation<>(thread, context.nanos(), op), rest);
    }

    @Override
    public Generator<IdempotencyOp> update(Context context, Event<IdempotencyOp> event) {
        if (!(event.value() instanceof IdempotencyOp.Submit submit)) {
            return this;
        }
        SplittableRandom random = new SplittableRandom(seed);
        boolean retryAfterOk = random.nextDouble() < RETRY_AFTER_OK;
        List<Acknowledged> acked = acknowledged;
        if (event.type() == OpType.OK) {
            List<Acknowledged> grown = new ArrayList<>(acknowledged);
            grown.add(new Acknowledged(submit.token(), event.nanos()));
            acked = grown.size() > ACKNOWLEDGED_MAX ? grown.subList(grown.size() - ACKNOWLEDGED_MAX, grown.size()) : grown;
        }
        boolean retry = submit.attempt() < ATTEMPTS_MAX && (event.type() != OpType.OK || retryAfterOk);
        List<IdempotencyOp.Submit> queue = retries;
        if (retry) {
            List<IdempotencyOp.Submit> longer = new ArrayList<>(retries);
            longer.add(new IdempotencyOp.Submit(submit.token(), submit.element(), submit.attempt() + 1));
            queue = longer;
        }
        return new IdempotencyGenerator(random.nextLong(), tokenPrefix, nextToken, nextElement, queue, acked);
    }
}
