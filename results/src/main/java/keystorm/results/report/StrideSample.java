package keystorm.results.report;

import java.util.List;

/**
 * Every {@code stride}-th point, the stride doubling (and every other point kept dropped)
 * whenever the points fill up: an even sample of all the points offered, in bounded memory.
 */
final class StrideSample {
    private final int capacity;
    private final HistorySeries.Outcome outcome;
    private final float[] seconds;
    private final float[] millis;
    private int size;
    private long stride = 1;
    private long offered;

    StrideSample(int capacity, HistorySeries.Outcome outcome) {
        this.capacity = capacity;
        this.outcome = outcome;
        this.seconds = new float[capacity];
        this.millis = new float[capacity];
    }

    void add(double t, double ms) {
        long n = offered++;
        if (n % stride != 0) {
            return;
        }
        if (size == capacity) {
            int kept = 0;
            for (int i = 0; i < size; i += 2) {
                seconds[kept] = seconds[i];
                millis[kept] = millis[i];
                kept++;
            }
            size = kept;
            stride *= 2;
            if (n % stride != 0) {
                return;
            }
        }
        seconds[size] = (float) t;
        millis[size] = (float) ms;
        size++;
    }

    int size() {
        return size;
    }

    void drainTo(List<HistorySeries.Point> out) {
        for (int i = 0; i < size; i++) {
            out.add(new HistorySeries.Point(seconds[i], millis[i], outcome, -1));
        }
    }
}
