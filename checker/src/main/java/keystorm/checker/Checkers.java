package keystorm.checker;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import keystorm.checker.elle.ElleChecker;
import keystorm.checker.op.TxnOp;
import keystorm.checker.linear.LinearizabilityChecker;
import keystorm.checker.simple.BankChecker;
import keystorm.checker.simple.CapacityChecker;
import keystorm.checker.simple.CounterChecker;
import keystorm.checker.simple.EventualRegisterChecker;
import keystorm.checker.simple.IdempotencyChecker;
import keystorm.checker.simple.SetChecker;

/**
 * The checkers {@code keystorm check --checker NAME} knows, by name. A checker is added here by
 * one entry; the command itself does not change.
 */
public final class Checkers {
    private static final Map<String, Function<CheckerOptions, Checker>> FACTORIES = new LinkedHashMap<>();

    static {
        FACTORIES.put("linearizable", LinearizabilityChecker::new);
        FACTORIES.put("elle-list-append", options -> new ElleChecker(options, TxnOp.Kind.LIST_APPEND));
        FACTORIES.put("elle-rw-register", options -> new ElleChecker(options, TxnOp.Kind.RW_REGISTER));
        // strongly consistent reads: stale is invalid; --independent for many sets in [key value] tuples
        FACTORIES.put("set", options -> new SetChecker(true, options.independent()));
        FACTORIES.put("bank", BankChecker::new);
        FACTORIES.put("counter", CounterChecker::new);
        FACTORIES.put("idempotency", options -> new IdempotencyChecker());
        FACTORIES.put("eventual-register", options -> new EventualRegisterChecker());
        FACTORIES.put("capacity", options -> new CapacityChecker()); // one item: 1,000 WCU/s + a 1,000-unit bucket, 10-s windows
    }

    private Checkers() {
    }

    public static Map<String, Function<CheckerOptions, Checker>> all() {
        return Collections.unmodifiableMap(FACTORIES);
    }

    /** The checker, or an IllegalArgumentException that lists the known names. */
    public static Checker create(String name, CheckerOptions options) {
        Function<CheckerOptions, Checker> factory = FACTORIES.get(name);
        if (factory == null) {
            throw new IllegalArgumentException("unknown checker '" + name + "'; known: " + String.join(", ", FACTORIES.keySet()));
        }
        return factory.apply(options);
    }
}
