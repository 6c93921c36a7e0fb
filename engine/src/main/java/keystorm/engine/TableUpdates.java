package keystorm.engine;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.engine.api.BillingMode;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import keystorm.engine.api.GlobalSecondaryIndexUpdate;
import keystorm.engine.api.Limits;
import keystorm.engine.api.ProvisionedThroughput;
import keystorm.engine.api.UpdateTableRequest;
import keystorm.engine.table.IndexSchema;
import keystorm.engine.table.TableSchema;

/**
 * UpdateTable's rules, as the "UpdateTable" API reference and the "Service, account, and table quotas" guide
 * give them: what may be asked of a table in one call and what it becomes. Pure: it reads the table's schema
 * and {@link TableState} history and answers the change to make ({@link Change}) or DynamoDB's error; the
 * engine logs and installs it.
 *
 * <ul>
 * <li>At least one thing to change; at most one global index created or deleted per call
 *     (LimitExceededException).
 * <li>BillingMode PAY_PER_REQUEST: no ProvisionedThroughput with it; from PROVISIONED at most
 *     {@link #SWITCHES_TO_ON_DEMAND_PER_DAY} times in a rolling 24 hours (LimitExceededException). PROVISIONED
 *     from on demand: ProvisionedThroughput for the table and a throughput Update for every global index.
 * <li>Throughput: both units at least 1, at most {@link Limits#tableUnitsMax()} each; a PAY_PER_REQUEST table
 *     takes none; the same figures as now is a ValidationException. A decrease (either unit lower) is allowed 4
 *     times a UTC day, then once an hour (LimitExceededException), for the table and each global index apart.
 * </ul>
 */
final class TableUpdates {
    /** DynamoDB's switches from provisioned to on demand allowed in a rolling 24 hours. */
    static final int SWITCHES_TO_ON_DEMAND_PER_DAY = 4;
    /** Throughput decreases allowed at any time of a UTC day, before the one-an-hour rule. */
    static final int DECREASES_PER_DAY = 4;
    static final long HOUR_MILLIS = 3_600_000;
    /** DynamoDB's default account quotas per Region, in read (and write) units over all tables and indexes. */
    static final long ACCOUNT_UNITS_MAX = 80_000;

    private TableUpdates() {
    }

    /**
     * What an UpdateTable changes: the new schema, which of its throughputs decreased or increased (keyed by
     * {@link TableState#TABLE} or an index name), whether it switched to on demand, and the index created or
     * deleted (null if none).
     */
    record Change(TableSchema schema, List<String> decreased, List<String> increased, boolean toOnDemand,
                  GlobalSecondaryIndexUpdate.Create create, GlobalSecondaryIndexUpdate.Delete delete) {
    }

    static Change plan(TableSchema schema, TableState state, UpdateTableRequest request, long nowMillis, Limits limits) {
        List<GlobalSecondaryIndexUpdate> updates = request.globalSecondaryIndexUpdates();
        if (request.billingMode() == null && request.provisionedThroughput() == null && updates.isEmpty()) {
            throw DynamoException.validation("UpdateTable needs at least one of ProvisionedThroughput, BillingMode "
                    + "or GlobalSecondaryIndexUpdates (keystorm supports no other UpdateTable parameter)");
        }
        GlobalSecondaryIndexUpdate.Create create = null;
        GlobalSecondaryIndexUpdate.Delete delete = null;
        int structural = 0;
        for (GlobalSecondaryIndexUpdate update : updates) {
            switch (update) {
                case GlobalSecondaryIndexUpdate.Create c -> {
                    create = c;
                    structural++;
                }
                case GlobalSecondaryIndexUpdate.Delete d -> {
                    delete = d;
                    structural++;
                }
                case GlobalSecondaryIndexUpdate.Update u -> {
                }
            }
        }
        if (structural > 1) {
            throw new DynamoException(ErrorType.LimitExceededException,
                    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table");
        }
        BillingMode from = schema.billingMode();
        BillingMode to = request.billingMode() == null ? from : request.billingMode();
        List<String> decreased = new ArrayList<>();
        List<String> increased = new ArrayList<>();
        ProvisionedThroughput tableThroughput = schema.provisionedThroughput();
        if (to == BillingMode.PAY_PER_REQUEST) {
            if (request.provisionedThroughput() != null) {
                throw DynamoException.validation("One or more parameter values were invalid: Neither ReadCapacityUnits "
                        + "nor WriteCapacityUnits can be specified when BillingMode is PAY_PER_REQUEST");
            }
            if (from == BillingMode.PROVISIONED
                    && state.switchesToOnDemandWithinDay(nowMillis) >= SWITCHES_TO_ON_DEMAND_PER_DAY) {
                throw new DynamoException(ErrorType.LimitExceededException, "Subscriber limit exceeded: Billing mode "
                        + "can be switched to PAY_PER_REQUEST at most " + SWITCHES_TO_ON_DEMAND_PER_DAY + " times in 24 "
                        + "hours; the next switch can be made at "
                        + date(state.firstSwitchToOnDemandMillis() + 24 * HOUR_MILLIS));
            }
            tableThroughput = null;
        } else {
            ProvisionedThroughput asked = request.provisionedThroughput();
            if (from == BillingMode.PAY_PER_REQUEST && asked == null) {
                throw DynamoException.validation("One or more parameter values were invalid: ProvisionedThroughput must "
                        + "be specified when BillingMode is PROVISIONED");
            }
            if (asked != null) {
                checkUnits(asked, limits, "table");
                if (from == BillingMode.PROVISIONED) {
                    ProvisionedThroughput now = schema.provisionedThroughput();
                    if (asked.equals(now) && updates.isEmpty()) {
                        throw sameThroughput("table", now, asked);
                    }
                    classify(TableState.TABLE, now, asked, state, nowMillis, decreased, increased);
                }
                tableThroughput = asked;
            }
        }
        Map<String, IndexSchema> indexes = new LinkedHashMap<>();
        for (IndexSchema index : schema.indexes()) {
            indexes.put(index.name(), index);
        }
        for (GlobalSecondaryIndexUpdate update : updates) {
            IndexSchema index = indexes.get(update.indexName());
            switch (update) {
                case GlobalSecondaryIndexUpdate.Create c -> {
                    if (index != null) {
                        throw DynamoException.validation("One or more parameter values were invalid: Index "
                                + c.indexName() + " already exists");
                    }
                }
                case GlobalSecondaryIndexUpdate.Delete d -> {
                    if (index == null || !index.isGlobal()) {
                        throw DynamoException.resourceNotFound("Requested resource not found: Index: "
                                + d.indexName() + " not found");
                    }
                }
                case GlobalSecondaryIndexUpdate.Update u -> {
                    if (index == null || !index.isGlobal()) {
                        throw DynamoException.resourceNotFound("Requested resource not found: Index: "
                                + u.indexName() + " not found");
                    }
                    if (to == BillingMode.PAY_PER_REQUEST) {
                        throw DynamoException.validation("One or more parameter values were invalid: Neither "
                                + "ReadCapacityUnits nor WriteCapacityUnits can be specified for index " + u.indexName()
                                + " when BillingMode is PAY_PER_REQUEST");
                    }
                    if (u.provisionedThroughput() == null) {
                        throw DynamoException.validation("1 validation error detected: Value null at "
                                + "'globalSecondaryIndexUpdates.member.update.provisionedThroughput' failed to satisfy "
                                + "constraint: Member must not be null");
                    }
                    checkUnits(u.provisionedThroughput(), limits, "index " + u.indexName());
                    ProvisionedThroughput now = index.provisionedThroughput();
                    if (from == BillingMode.PROVISIONED && now != null) {
                        if (now.equals(u.provisionedThroughput())) {
                            throw sameThroughput("index " + u.indexName(), now, u.provisionedThroughput());
                        }
                        classify(u.indexName(), now, u.provisionedThroughput(), state, nowMillis, decreased, increased);
                    }
                    indexes.put(index.name(), index.withProvisionedThroughput(u.provisionedThroughput()));
                }
            }
        }
        if (to != from) {
            for (Map.Entry<String, IndexSchema> entry : indexes.entrySet()) {
                IndexSchema index = entry.getValue();
                if (!index.isGlobal()) {
                    continue;
                }
                if (to == BillingMode.PAY_PER_REQUEST) {
                    entry.setValue(index.withProvisionedThroughput(null));
                } else if (index.provisionedThroughput() == null) {
                    throw DynamoException.validation("One or more parameter values were invalid: ProvisionedThroughput "
                            + "must be specified for index: " + index.name() + " when BillingMode is PROVISIONED");
                }
            }
        }
        if (delete != null) {
            indexes.remove(delete.indexName());
        }
        TableSchema next = new TableSchema(schema.name(), schema.hashKey(), schema.hashKeyType(), schema.rangeKey(),
                schema.rangeKeyType(), to, tableThroughput, new ArrayList<>(indexes.values()));
        if (create != null) {
            next = next.withGlobalIndex(create.index(), request.attributeDefinitions(), to, limits);
        }
        return new Change(next, decreased, increased, from == BillingMode.PROVISIONED && to == BillingMode.PAY_PER_REQUEST,
                create, delete);
    }

    /** A decrease (either unit lower) must pass the per-day rule; an increase is noted. */
    private static void classify(String resource, ProvisionedThroughput now, ProvisionedThroughput asked,
                                 TableState state, long nowMillis, List<String> decreased, List<String> increased) {
        boolean decrease = asked.readCapacityUnits() < now.readCapacityUnits()
                || asked.writeCapacityUnits() < now.writeCapacityUnits();
        boolean increase = asked.readCapacityUnits() > now.readCapacityUnits()
                || asked.writeCapacityUnits() > now.writeCapacityUnits();
        if (decrease) {
            int today = state.decreasesToday(resource, nowMillis);
            long last = state.lastDecreaseMillis(resource);
            if (today >= DECREASES_PER_DAY && last >= 0 && nowMillis - last < HOUR_MILLIS) {
                throw new DynamoException(ErrorType.LimitExceededException, "Subscriber limit exceeded: Provisioned "
                        + "throughput decreases are limited within a given UTC day. After the first "
                        + DECREASES_PER_DAY + " decreases, each subsequent decrease in the same UTC day can be performed "
                        + "at most once every 3600 seconds. Number of decreases today: " + today
                        + ". Last decrease at " + date(last) + ". Next decrease can be made at " + date(last + HOUR_MILLIS));
            }
            decreased.add(resource);
        }
        if (increase) {
            increased.add(resource);
        }
    }

    private static void checkUnits(ProvisionedThroughput throughput, Limits limits, String what) {
        if (throughput.readCapacityUnits() < 1 || throughput.writeCapacityUnits() < 1) {
            throw DynamoException.validation(
                    "One or more parameter values were invalid: Read and write capacity units must both be at least 1");
        }
        long max = limits.tableUnitsMax();
        if (throughput.readCapacityUnits() > max || throughput.writeCapacityUnits() > max) {
            throw new DynamoException(ErrorType.LimitExceededException, "Subscriber limit exceeded: the provisioned "
                    + "throughput of the " + what + " would exceed the table quota of " + max + " read and " + max
                    + " write capacity units");
        }
    }

    private static DynamoException sameThroughput(String what, ProvisionedThroughput now, ProvisionedThroughput asked) {
        return DynamoException.validation("The provisioned throughput for the " + what + " will not change. The "
                + "requested value equals the current value. Current ReadCapacityUnits provisioned for the " + what
                + ": " + now.readCapacityUnits() + ". Requested ReadCapacityUnits: " + asked.readCapacityUnits()
                + ". Current WriteCapacityUnits provisioned for the " + what + ": " + now.writeCapacityUnits()
                + ". Requested WriteCapacityUnits: " + asked.writeCapacityUnits() + ". Refer to the Amazon DynamoDB "
                + "Developer Guide for current limits and how to request higher limits.");
    }

    private static String date(long epochMillis) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(Instant.ofEpochMilli(epochMillis).atZone(ZoneOffset.UTC));
    }
}
