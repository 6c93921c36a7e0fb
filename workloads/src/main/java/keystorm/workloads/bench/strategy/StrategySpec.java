package keystorm.workloads.bench.strategy;

import java.util.ArrayList;
import java.util.List;
import keystorm.workloads.bench.KeyStrategy;

/**
 * The spec language of key strategies: a stage is {@code natural}, {@code suffix:N},
 * {@code calculated:N}, {@code time:SECONDS} or {@code composite:N}; stages join with {@code +}.
 * No spaces; numbers are decimal. Every strategy's {@code spec()} parses back to an equal value.
 */
public final class StrategySpec {
    /** How to write a strategy, for messages and the CLI's help. */
    public static final String SYNTAX = "natural, suffix:N, calculated:N, time:SECONDS, composite:N (N from 1 to "
            + KeyStrategy.SHARDS_MAX + "), joined with + (time:3600+calculated:10)";

    private StrategySpec() {
    }

    /** @throws IllegalArgumentException with one line naming the bad part of {@code spec} */
    public static KeyStrategy parse(String spec) {
        if (spec == null || spec.isEmpty()) {
            throw new IllegalArgumentException("an empty key strategy: the strategies are " + SYNTAX);
        }
        String[] parts = spec.split("\\+", -1);
        if (parts.length == 1) {
            return stage(parts[0], spec);
        }
        List<KeyStrategy> stages = new ArrayList<>(parts.length);
        for (String part : parts) {
            KeyStrategy stage = stage(part, spec);
            if (stage instanceof Natural) {
                throw new IllegalArgumentException("'natural' in '" + spec + "': natural composes with nothing, drop it");
            }
            stages.add(stage);
        }
        return new Composed(stages);
    }

    private static KeyStrategy stage(String part, String spec) {
        String where = part.equals(spec) ? "" : " in '" + spec + "'";
        if (part.isEmpty()) {
            throw new IllegalArgumentException("an empty stage" + where + ": stages are " + SYNTAX);
        }
        int colon = part.indexOf(':');
        String name = colon < 0 ? part : part.substring(0, colon);
        String argument = colon < 0 ? null : part.substring(colon + 1);
        return switch (name) {
            case "natural" -> {
                if (argument != null) {
                    throw new IllegalArgumentException("'" + part + "'" + where + ": natural takes no argument");
                }
                yield new Natural();
            }
            case "suffix" -> new RandomSuffix(shards(name, argument, part, where));
            case "calculated" -> new CalculatedSuffix(shards(name, argument, part, where));
            case "composite" -> new CompositeKey(shards(name, argument, part, where));
            case "time" -> new TimeBucket(seconds(argument, part, where));
            default -> throw new IllegalArgumentException("'" + name + "'" + where
                    + ": not a key strategy; the strategies are " + SYNTAX);
        };
    }

    private static int shards(String name, String argument, String part, String where) {
        long n = number(argument, part, where, name + ":N, the number of shards");
        if (n < 1 || n > KeyStrategy.SHARDS_MAX) {
            throw new IllegalArgumentException("'" + part + "'" + where + ": the shard count must be 1 to "
                    + KeyStrategy.SHARDS_MAX + ", not " + argument);
        }
        return (int) n;
    }

    private static long seconds(String argument, String part, String where) {
        long n = number(argument, part, where, "time:SECONDS, the bucket's length");
        if (n < 1 || n > TimeBucket.BUCKET_SECONDS_MAX) {
            throw new IllegalArgumentException("'" + part + "'" + where + ": a time bucket is 1 to "
                    + TimeBucket.BUCKET_SECONDS_MAX + " seconds, not " + argument);
        }
        return n;
    }

    private static long number(String argument, String part, String where, String expected) {
        if (argument == null || argument.isEmpty()) {
            throw new IllegalArgumentException("'" + part + "'" + where + ": expected " + expected);
        }
        for (int i = 0; i < argument.length(); i++) {
            if (argument.charAt(i) < '0' || argument.charAt(i) > '9') {
                throw new IllegalArgumentException("'" + part + "'" + where + ": '" + argument
                        + "' is not a whole number (expected " + expected + ")");
            }
        }
        if (argument.length() > 12) {
            return Long.MAX_VALUE; // out of every range; refused by the caller with the text as written
        }
        return Long.parseLong(argument);
    }

    /** Refuses a shard count out of range (for the records' constructors). */
    static void checkShards(String name, int shards) {
        if (shards < 1 || shards > KeyStrategy.SHARDS_MAX) {
            throw new IllegalArgumentException(name + ": the shard count must be 1 to " + KeyStrategy.SHARDS_MAX
                    + ", not " + shards);
        }
    }
}
