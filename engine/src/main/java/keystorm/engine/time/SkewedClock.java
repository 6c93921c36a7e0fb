package keystorm.engine.time;

import java.util.concurrent.atomic.AtomicLong;

/** A clock that reads another plus an offset a fault can change (clock skew). */
public final class SkewedClock implements Clock {
    private final Clock base;
    private final AtomicLong skewNanos = new AtomicLong();

    public SkewedClock(Clock base) {
        this.base = base;
    }

    public void setSkewNanos(long nanos) {
        skewNanos.set(nanos);
    }

    public long skewNanos() {
        return skewNanos.get();
    }

    @Override
    public long nanoTime() {
        return base.nanoTime() + skewNanos.get();
    }

    @Override
    public long epochMillis() {
        return base.epochMillis() + skewNanos.get() / 1_000_000;
    }
}
