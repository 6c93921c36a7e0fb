package keystorm.engine.capacity;

/**
 * A token bucket over the engine's clock, counted in thousandths of a capacity unit so that an
 * eventually consistent read (half a unit) is exact. It refills at {@code ratePerSecond} up to
 * {@code capacity}; a take either takes all it asks for or nothing.
 *
 * <p>Thread-safe; a take is a few arithmetic operations under the bucket's monitor, which is held
 * only by requests of one partition.
 */
public final class TokenBucket {
    static final long MILLI = 1000;

    private double ratePerSecond;
    private long capacityMilli;
    private long tokensMilli;
    private long lastNanos;
    private double fraction;

    /** A bucket that starts {@code full} or empty. */
    public TokenBucket(double ratePerSecond, double capacityUnits, boolean full, long nowNanos) {
        this(ratePerSecond, capacityUnits, full ? capacityUnits : 0, nowNanos);
    }

    /** A bucket that starts holding {@code initialUnits} (at most its capacity): a split partition's child. */
    public TokenBucket(double ratePerSecond, double capacityUnits, double initialUnits, long nowNanos) {
        if (!(ratePerSecond >= 0) || !(capacityUnits >= 0) || !(initialUnits >= 0)) {
            throw new IllegalArgumentException("a token bucket's rate, capacity and level are >= 0: " + ratePerSecond
                    + ", " + capacityUnits + ", " + initialUnits);
        }
        this.ratePerSecond = ratePerSecond;
        this.capacityMilli = Math.round(capacityUnits * MILLI);
        this.tokensMilli = Math.min(capacityMilli, Math.round(initialUnits * MILLI));
        this.lastNanos = nowNanos;
    }

    /** Takes {@code units} if the bucket holds them; otherwise takes nothing and answers false. */
    public synchronized boolean tryTake(double units, long nowNanos) {
        refill(nowNanos);
        long wanted = Math.round(units * MILLI);
        if (wanted > tokensMilli) {
            return false;
        }
        tokensMilli -= wanted;
        return true;
    }

    /** Whether {@code units} could be taken now (for a take that must pass several buckets). */
    public synchronized boolean has(double units, long nowNanos) {
        refill(nowNanos);
        return Math.round(units * MILLI) <= tokensMilli;
    }

    /** Gives back units taken for a request that was then refused elsewhere. */
    public synchronized void giveBack(double units) {
        tokensMilli = Math.min(capacityMilli, tokensMilli + Math.round(units * MILLI));
    }

    /** Units available now. */
    public synchronized double available(long nowNanos) {
        refill(nowNanos);
        return tokensMilli / (double) MILLI;
    }

    public synchronized double ratePerSecond() {
        return ratePerSecond;
    }

    /** Changes the refill rate and the capacity (a capacity squeeze, a new provisioned figure). */
    public synchronized void reconfigure(double ratePerSecond, double capacityUnits, long nowNanos) {
        refill(nowNanos);
        this.ratePerSecond = ratePerSecond;
        this.capacityMilli = Math.round(capacityUnits * MILLI);
        this.tokensMilli = Math.min(tokensMilli, capacityMilli);
    }

    private void refill(long nowNanos) {
        long elapsed = nowNanos - lastNanos;
        if (elapsed <= 0) {
            return;
        }
        lastNanos = nowNanos;
        double add = elapsed * ratePerSecond * MILLI / 1e9 + fraction;
        long whole = (long) add;
        fraction = add - whole;
        tokensMilli = Math.min(capacityMilli, tokensMilli + whole);
        if (tokensMilli == capacityMilli) {
            fraction = 0;
        }
    }
}
