package keystorm.workloads.bench;

/** How the bench table is billed: {@code on-demand} or {@code provisioned:RCU:WCU}. */
public sealed interface TableMode {
    record OnDemand() implements TableMode {
        @Override
        public String toString() {
            return "on-demand";
        }
    }

    record Provisioned(long readCapacityUnits, long writeCapacityUnits) implements TableMode {
        public Provisioned {
            if (readCapacityUnits < 1 || writeCapacityUnits < 1) {
                throw new IllegalArgumentException("provisioned capacity is at least 1 read and 1 write unit: "
                        + readCapacityUnits + ":" + writeCapacityUnits);
            }
        }

        @Override
        public String toString() {
            return "provisioned:" + readCapacityUnits + ":" + writeCapacityUnits;
        }
    }

    /** @throws IllegalArgumentException saying what is wrong with {@code text} */
    static TableMode parse(String text) {
        if (text.equals("on-demand")) {
            return new OnDemand();
        }
        String[] parts = text.split(":", -1);
        if (parts[0].equals("provisioned") && parts.length == 3) {
            try {
                return new Provisioned(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("'" + text + "': RCU and WCU are whole numbers");
            }
        }
        throw new IllegalArgumentException("'" + text + "': the table modes are on-demand and provisioned:RCU:WCU");
    }
}
