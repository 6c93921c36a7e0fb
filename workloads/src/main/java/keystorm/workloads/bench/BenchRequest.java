package keystorm.workloads.bench;

import java.util.List;
import java.util.Map;

/**
 * One request of a benchmark, as a client sends it: the operations YCSB's workloads and the
 * strategies' reads need, on the bench table (string attributes only). Every request asks for
 * its consumed capacity (ReturnConsumedCapacity TOTAL).
 */
public sealed interface BenchRequest {
    String table();

    /** GetItem. */
    record Get(String table, BenchKey key, boolean consistent) implements BenchRequest {
    }

    /** PutItem of the key and its fields (string attributes). */
    record Put(String table, BenchKey key, Map<String, String> fields) implements BenchRequest {
        public Put {
            fields = Map.copyOf(fields);
        }
    }

    /** UpdateItem that sets one field (YCSB's update of one field). */
    record Update(String table, BenchKey key, String field, String value) implements BenchRequest {
    }

    /** Query of one partition key, at most {@code limit} items (0: no limit), in sort-key order. */
    record Query(String table, String pk, int limit, boolean consistent) implements BenchRequest {
    }

    /** Scan from after {@code exclusiveStart} (null: the beginning), at most {@code limit} items (YCSB-E). */
    record Scan(String table, BenchKey exclusiveStart, int limit) implements BenchRequest {
    }

    /** BatchGetItem of up to 100 keys of one table. */
    record BatchGet(String table, List<BenchKey> keys, boolean consistent) implements BenchRequest {
        public BatchGet {
            keys = List.copyOf(keys);
        }
    }
}
