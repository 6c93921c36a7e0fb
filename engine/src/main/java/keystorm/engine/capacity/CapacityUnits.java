package keystorm.engine.capacity;

/**
 * DynamoDB's capacity arithmetic ("Read/write capacity mode"): one read unit is one strongly
 * consistent read of up to 4 KB (eventually consistent costs half), one write unit is one
 * write of up to 1 KB, sizes round up, and every request costs at least one unit.
 */
public final class CapacityUnits {
    public static final int READ_UNIT_BYTES = 4 * 1024;
    public static final int WRITE_UNIT_BYTES = 1024;

    private CapacityUnits() {
    }

    public static double read(long bytes, boolean consistent) {
        long units = Math.max(1, (bytes + READ_UNIT_BYTES - 1) / READ_UNIT_BYTES);
        return consistent ? units : units / 2.0;
    }

    public static double write(long bytes) {
        return Math.max(1, (bytes + WRITE_UNIT_BYTES - 1) / WRITE_UNIT_BYTES);
    }
}
