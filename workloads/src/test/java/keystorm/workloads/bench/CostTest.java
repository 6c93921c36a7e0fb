package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cost arithmetic against figures worked out by hand. */
class CostTest {
    // 100 s, 20,000 requests, 4,000 read units, 10,000 write units, at the us-east-1 defaults
    private static final Cost ON_DEMAND = Cost.of(100, 20_000, 10_000, 4_000, 10_000, new TableMode.OnDemand(), Prices.US_EAST_1);

    @Test
    void onDemandIsUnitsAtThePerMillionPrice() {
        // 4,000 / 1e6 x $0.125 + 10,000 / 1e6 x $0.625 = $0.0005 + $0.00625
        assertEquals(0.00675, ON_DEMAND.onDemandRun(), 1e-12);
        // $0.00675 over 20,000 requests, per million
        assertEquals(0.3375, ON_DEMAND.onDemandPerMillion(), 1e-9);
        // $0.0000675 a second x 3,600 x 730
        assertEquals(177.39, ON_DEMAND.onDemandMonth(), 1e-6);
    }

    @Test
    void provisionedForAnOnDemandTableIsTheMeanRateOfUnits() {
        assertEquals(40, ON_DEMAND.provisionedRcu(), 1e-12);
        assertEquals(100, ON_DEMAND.provisionedWcu(), 1e-12);
        // 40 x $0.00013 + 100 x $0.00065 = $0.0702 an hour
        assertEquals(0.0702 * 730, ON_DEMAND.provisionedMonth(), 1e-9);
        // $0.0702 / 3,600 s over 200 requests a second, per million
        assertEquals(0.0975, ON_DEMAND.provisionedPerMillion(), 1e-9);
    }

    @Test
    void perMillionOperationsDividesByTheLogicalOperations() {
        // the same dollars over 10,000 operations (two requests each): twice as dear per operation
        assertEquals(0.675, ON_DEMAND.onDemandPerMillionOperations(), 1e-9);
        assertEquals(0.195, ON_DEMAND.provisionedPerMillionOperations(), 1e-9);
    }

    @Test
    void aProvisionedTablePaysItsCapacityWhateverItUsed() {
        Cost cost = Cost.of(100, 20_000, 10_000, 4_000, 10_000, new TableMode.Provisioned(100, 50), Prices.US_EAST_1);
        // 100 x $0.00013 + 50 x $0.00065 = $0.0455 an hour
        assertEquals(33.215, cost.provisionedMonth(), 1e-9);
        assertEquals(0.0455 / 3600 / 200 * 1e6, cost.provisionedPerMillion(), 1e-12);
        assertEquals(ON_DEMAND.onDemandRun(), cost.onDemandRun(), 1e-12);
    }

    @Test
    void noRequestsCostNothingPerMillionRatherThanNaN() {
        Cost cost = Cost.of(10, 0, 0, 0, 0, new TableMode.OnDemand(), Prices.US_EAST_1);
        assertEquals(0, cost.onDemandPerMillion());
        assertEquals(0, cost.provisionedPerMillion());
        assertEquals(0, cost.onDemandPerMillionOperations());
        assertEquals(0, cost.provisionedPerMillionOperations());
        assertEquals(0, cost.onDemandMonth());
        Cost provisioned = Cost.of(10, 0, 0, 0, 0, new TableMode.Provisioned(10, 10), Prices.US_EAST_1);
        assertEquals(0, provisioned.provisionedPerMillion());
        assertTrue(provisioned.provisionedMonth() > 0);
    }

    @Test
    void pricesAreSetByNameOrFile(@TempDir Path dir) throws Exception {
        Prices doubled = Prices.US_EAST_1.with(Map.of("on-demand-write-per-million", "1.25"), "flags");
        assertEquals(1.25, doubled.onDemandWritePerMillion());
        assertEquals(0.125, doubled.onDemandReadPerMillion());
        // the defaults keep their source and date; the replaced price is named as the user's
        assertEquals(Prices.US_EAST_1.date(), doubled.date());
        assertTrue(doubled.source().startsWith(Prices.US_EAST_1.source()), doubled.source());
        assertTrue(doubled.source().endsWith("on-demand-write-per-million set by flags"), doubled.source());
        Path file = dir.resolve("prices.properties");
        Files.writeString(file, "provisioned-rcu-hour=0.0002\n# eu-west-1, say\nprovisioned-wcu-hour = 0.001\n");
        Prices read = Prices.US_EAST_1.withFile(file);
        assertEquals(0.0002, read.provisionedRcuHour());
        assertEquals(0.001, read.provisionedWcuHour());
        assertTrue(read.source().endsWith("provisioned-rcu-hour, provisioned-wcu-hour set by prices file " + file),
                read.source());
        assertEquals(Prices.US_EAST_1, Prices.US_EAST_1.with(Map.of(), "flags"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Prices.US_EAST_1.with(Map.of("read", "1"), "flags"));
        assertTrue(e.getMessage().contains("'read'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> Prices.US_EAST_1.with(Map.of("provisioned-rcu-hour", "-1"), "flags"));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
    }
}
