package keystorm.workloads;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import keystorm.workloads.append.ListAppendWorkload;
import keystorm.workloads.bank.BankWorkload;
import keystorm.workloads.counter.CounterWorkload;
import keystorm.workloads.counter.HotKeyWorkload;
import keystorm.workloads.idempotency.IdempotencyWorkload;
import keystorm.workloads.register.RegisterWorkload;
import keystorm.workloads.register.RwRegisterWorkload;
import keystorm.workloads.set.SetWorkload;

/** The workloads {@code keystorm test --workload NAME} knows, by name, each with a line that says what it does. */
public final class Workloads {
    /**
     * One workload's factory and description; {@code fullSpeed} when it means to offer more than a
     * store sustains (its check proves nothing otherwise), so no default rate applies to it.
     */
    public record Entry(String name, String description, Function<WorkloadOptions, Workload<?>> factory,
                        boolean fullSpeed) {
    }

    private static final Map<String, Entry> ENTRIES = new LinkedHashMap<>();

    static {
        add("register", "read, write and compare-and-set of one item per key; linearizable per key",
                RegisterWorkload::linearizable);
        add("eventual-register", "eventually consistent reads and unique writes per key; what eventual consistency forbids",
                RegisterWorkload::eventual);
        add("list-append", "Elle list-append: write-only TransactWriteItems and read-only TransactGetItems; strict-serializable",
                ListAppendWorkload::of);
        add("list-append-single", "Elle list-append one operation at a time (UpdateItem, strong GetItem), for stores without transactions",
                ListAppendWorkload::single);
        add("rw-register", "Elle rw-register: write-only TransactWriteItems of Puts and read-only TransactGetItems; strict-serializable",
                RwRegisterWorkload::of);
        add("bank", "transfers between accounts as TransactWriteItems; transactional reads and Scans; the total never changes",
                BankWorkload::of);
        add("set", "adds of unique integers to number sets, strongly consistent reads; nothing lost, nothing unexpected",
                SetWorkload::of);
        add("counter", "ADD increments of one counter and strongly consistent reads; every read within its bounds",
                CounterWorkload::of);
        addFullSpeed("hot-key", "writes to one hot item as fast as they go; never accepted past the partition's 1,000 WCU/s",
                HotKeyWorkload::of);
        add("idempotency", "TransactWriteItems appends with ClientRequestTokens, retried and mismatched; each applied once",
                IdempotencyWorkload::of);
    }

    private Workloads() {
    }

    private static void add(String name, String description, Function<WorkloadOptions, Workload<?>> factory) {
        ENTRIES.put(name, new Entry(name, description, factory, false));
    }

    private static void addFullSpeed(String name, String description, Function<WorkloadOptions, Workload<?>> factory) {
        ENTRIES.put(name, new Entry(name, description, factory, true));
    }

    public static List<String> names() {
        return List.copyOf(ENTRIES.keySet());
    }

    public static Map<String, Entry> all() {
        return Collections.unmodifiableMap(ENTRIES);
    }

    /** The workload, or an IllegalArgumentException that lists the known names. */
    public static Workload<?> create(String name, WorkloadOptions options) {
        Entry entry = ENTRIES.get(name);
        if (entry == null) {
            throw new IllegalArgumentException("unknown workload '" + name + "'; known: " + String.join(", ", ENTRIES.keySet()));
        }
        if (options.api() != Api.ITEM && !Api.PARTIQL_WORKLOADS.contains(name)) {
            throw new IllegalArgumentException(WorkloadOptions.apiRefused(name));
        }
        return entry.factory().apply(options);
    }
}
