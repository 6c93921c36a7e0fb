package keystorm.workloads.bench;

/**
 * What a measured load would cost on DynamoDB, from the units it consumed: dollars per million
 * requests and per month, on demand and provisioned.
 *
 * <ul>
 * <li>On demand: the units consumed, at the per-million price; a month of the same load is the
 * run's dollars a second over {@link #HOURS_PER_MONTH} hours (AWS's pricing examples count 730).</li>
 * <li>Provisioned, for an on-demand table: the capacity that serves the run's mean rate of units at
 * full use ({@code read units / seconds} RCU, likewise WCU), billed every hour of the month. A
 * real table provisioned this tight throttles at every burst; auto scaling aims at 70% use, which
 * costs 1/0.7 of this.</li>
 * <li>Provisioned, for a table created {@code provisioned:RCU:WCU}: that capacity, whatever was used.</li>
 * </ul>
 * Per million requests divides a cost over a second of the load by the requests a second: the
 * requests sent (each request of a logical read under {@code suffix:N} counts), throttled ones too.
 * Per million operations divides it by the logical operations a second instead: what compares
 * strategies, since a strategy that sends ten requests for one read makes each request cheaper and
 * each read dearer. A run with no requests (or no operations) has 0 per million, not a division by 0.
 *
 * @param runSeconds        the measured phase's length
 * @param requests          requests sent in it
 * @param readUnits         read units consumed in it
 * @param writeUnits        write units consumed in it
 * @param onDemandRun       dollars of the run, on demand
 * @param onDemandPerMillion dollars per million requests, on demand
 * @param onDemandMonth     dollars of a month of this load, on demand
 * @param provisionedRcu    read capacity the provisioned figures are for
 * @param provisionedWcu    write capacity the provisioned figures are for
 * @param provisionedPerMillion dollars per million requests, provisioned
 * @param provisionedMonth  dollars of a month, provisioned
 * @param operations        logical operations completed in it
 * @param onDemandPerMillionOperations    dollars per million logical operations, on demand
 * @param provisionedPerMillionOperations dollars per million logical operations, provisioned
 */
public record Cost(double runSeconds, long requests, double readUnits, double writeUnits, double onDemandRun,
                   double onDemandPerMillion, double onDemandMonth, double provisionedRcu, double provisionedWcu,
                   double provisionedPerMillion, double provisionedMonth, long operations,
                   double onDemandPerMillionOperations, double provisionedPerMillionOperations) {
    public static final double HOURS_PER_MONTH = 730;

    public static Cost of(double runSeconds, long requests, long operations, double readUnits, double writeUnits,
                          TableMode mode, Prices prices) {
        if (!(runSeconds > 0)) {
            throw new IllegalArgumentException("a cost is of a run of positive length, not " + runSeconds + " s");
        }
        double onDemandRun = readUnits / 1e6 * prices.onDemandReadPerMillion() + writeUnits / 1e6 * prices.onDemandWritePerMillion();
        double requestsPerSecond = requests / runSeconds;
        double onDemandPerSecond = onDemandRun / runSeconds;
        double rcu;
        double wcu;
        switch (mode) {
            case TableMode.OnDemand o -> {
                rcu = readUnits / runSeconds;
                wcu = writeUnits / runSeconds;
            }
            case TableMode.Provisioned p -> {
                rcu = p.readCapacityUnits();
                wcu = p.writeCapacityUnits();
            }
        }
        double provisionedHour = rcu * prices.provisionedRcuHour() + wcu * prices.provisionedWcuHour();
        double provisionedPerSecond = provisionedHour / 3600;
        return new Cost(runSeconds, requests, readUnits, writeUnits, onDemandRun,
                perMillion(onDemandPerSecond, requestsPerSecond), onDemandPerSecond * 3600 * HOURS_PER_MONTH, rcu, wcu,
                perMillion(provisionedPerSecond, requestsPerSecond), provisionedHour * HOURS_PER_MONTH, operations,
                perMillion(onDemandPerSecond, operations / runSeconds), perMillion(provisionedPerSecond, operations / runSeconds));
    }

    /** Dollars per million requests; 0 when there were none (nothing to price, and no NaN to print). */
    private static double perMillion(double dollarsPerSecond, double requestsPerSecond) {
        return requestsPerSecond > 0 ? dollarsPerSecond / requestsPerSecond * 1e6 : 0;
    }
}
