package keystorm.checker.op;

import java.util.Map;

/**
 * Jepsen's bank: transfers between accounts that must never create or destroy money, and reads of
 * every balance. {@code how} says how a read was made, because the guarantees differ: a
 * transactional read (TransactGetItems) must see a total that holds; a Scan reads items one
 * after another and DynamoDB lets it see a transfer half done.
 */
public sealed interface BankOp extends Payload {
    record Transfer(String from, String to, long amount) implements BankOp {
        public Transfer {
            if (from.equals(to)) {
                throw new IllegalArgumentException("a transfer moves money between two accounts, not " + from + " to itself");
            }
            if (amount <= 0) {
                throw new IllegalArgumentException("a transfer moves a positive amount, not " + amount);
            }
        }
    }

    enum ReadKind { TRANSACTIONAL, SCAN }

    /** A read of every account: balances by account, or null when unknown. */
    record Read(ReadKind how, Map<String, Long> balances) implements BankOp {
        public Read {
            java.util.Objects.requireNonNull(how, "how");
            balances = balances == null ? null : Map.copyOf(balances);
        }
    }
}
