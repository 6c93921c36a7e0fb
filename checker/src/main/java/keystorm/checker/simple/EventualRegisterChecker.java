package keystorm.checker.simple;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import keystorm.checker.Checker;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.op.OpJson;
import keystorm.checker.op.Payload;
import keystorm.checker.op.RegisterOp;

/**
 * Registers read with eventually consistent reads (the {@code eventual-register} workload: keyed
 * {@code [key value]} reads and unconditional writes of values unique per key). DynamoDB lets an
 * eventually consistent read return a value an acknowledged write has since replaced (<a
 * href="https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.ReadConsistency.html">read
 * consistency</a>), so staleness is measured, never failed. What eventual consistency does forbid
 * is invalid:
 * <ul>
 *   <li><b>garbage-read</b>: a value no write of the key ever carried, or only a failed one (JSON
 *       null, the key's state before any write, is always possible);
 *   <li><b>future-read</b>: a value whose write was invoked after the read completed.
 * </ul>
 *
 * <p>Staleness of a read of value v, per key. Writes are unconditional, so the history does not
 * say in which order the store applied two writes that overlapped; it does say that a write
 * invoked after v's write was acknowledged came after it. In versions: how many acknowledged
 * writes were invoked after v's write was acknowledged and completed before the read began (for a
 * read of null, every write acknowledged before it began). A write that overlapped v's is not
 * counted: the store may have applied it first, and a read that then returns v is not stale (with
 * several clients, two writes of one key in flight together are acknowledged in either order).
 * In milliseconds: the read's invocation time minus the completion time of the first (by
 * acknowledgement) of the counted writes, unknown when the history has no times. A value whose write is indeterminate (info, or never
 * completed) has no place in the order and is never counted stale. The count, maximum, median
 * and 99th percentile (nearest rank) are over the stale reads.
 *
 * <p>Preconditions, whose violation is UNKNOWN: every operation is a keyed read or write, and no
 * key is written the same value twice, or null. A history with no ok read is UNKNOWN.
 */
public final class EventualRegisterChecker implements Checker {
    @Override
    public EventualRegisterResult check(History history) {
        List<Call<Payload>> calls;
        try {
            calls = Calls.of(history, OpJson.Family.REGISTER, true);
        } catch (Calls.Undecodable e) {
            return EventualRegisterResult.unknown(e.getMessage());
        }
        Map<String, List<Call<Payload>>> byKey = new LinkedHashMap<>();
        for (Call<Payload> call : calls) {
            Payload.Keyed keyed = (Payload.Keyed) call.invocation();
            if (keyed.value() instanceof RegisterOp.Cas) {
                return EventualRegisterResult.unknown("event " + call.invokeIndex()
                        + ": an eventual register is read and written, not compared-and-set");
            }
            byKey.computeIfAbsent(keyed.key(), k -> new ArrayList<>()).add(call);
        }
        Staleness staleness = new Staleness();
        List<EventualRegisterResult.Finding> findings = new ArrayList<>();
        int writes = 0;
        int reads = 0;
        for (Map.Entry<String, List<Call<Payload>>> key : byKey.entrySet()) {
            Map<JsonNode, Call<Payload>> writerOf = new HashMap<>();
            List<Call<Payload>> acknowledged = new ArrayList<>();
            List<Call<Payload>> keyReads = new ArrayList<>();
            for (Call<Payload> call : key.getValue()) {
                switch ((RegisterOp) ((Payload.Keyed) call.invocation()).value()) {
                    case RegisterOp.Write write -> {
                        writes++;
                        if (write.value().isNull() || writerOf.putIfAbsent(write.value(), call) != null) {
                            return EventualRegisterResult.unknown("event " + call.invokeIndex() + ": key " + key.getKey()
                                    + " written " + write.value() + (write.value().isNull() ? ", the unwritten state"
                                    : " again") + ": values must be unique per key");
                        }
                        if (call.ok()) {
                            acknowledged.add(call);
                        }
                    }
                    case RegisterOp.Read read -> {
                        if (call.ok()) {
                            keyReads.add(call);
                        }
                    }
                    case RegisterOp.Cas cas -> throw new AssertionError("refused above");
                }
            }
            reads += keyReads.size();
            acknowledged.sort(Comparator.comparingLong(Call::completeIndex));
            Map<Call<Payload>, Integer> position = new HashMap<>();
            for (int i = 0; i < acknowledged.size(); i++) {
                position.put(acknowledged.get(i), i);
            }
            Map<Call<Payload>, java.util.Set<Call<Payload>>> overlapping = overlappingLater(acknowledged);
            for (Call<Payload> read : keyReads) {
                JsonNode value = ((RegisterOp.Read) ((Payload.Keyed) read.completion()).value()).value();
                Call<Payload> writer = writerOf.get(value);
                if (!value.isNull() && (writer == null || !writer.mayHaveHappened())) {
                    findings.add(new EventualRegisterResult.Finding(EventualRegisterResult.Kind.GARBAGE_READ,
                            key.getKey(), read.completeIndex(), value, writer == null ? -1 : writer.invokeIndex()));
                } else if (writer != null && writer.invokeIndex() > read.completeIndex()) {
                    findings.add(new EventualRegisterResult.Finding(EventualRegisterResult.Kind.FUTURE_READ,
                            key.getKey(), read.completeIndex(), value, writer.invokeIndex()));
                } else if (writer == null || writer.ok()) {
                    int after = writer == null ? 0 : position.get(writer) + 1;
                    int before = acknowledgedBefore(acknowledged, read.invokeIndex());
                    java.util.Set<Call<Payload>> concurrent = writer == null ? java.util.Set.of() : overlapping.get(writer);
                    int versions = before - after;
                    for (Call<Payload> other : concurrent) {
                        if (position.get(other) < before) {
                            versions--; // after v's in acknowledgement, but perhaps not in the store's order
                        }
                    }
                    Call<Payload> superseding = null;
                    for (int i = after; i < before && superseding == null; i++) { // skips fewer than there are processes
                        if (!concurrent.contains(acknowledged.get(i))) {
                            superseding = acknowledged.get(i);
                        }
                    }
                    if (superseding != null) {
                        Double millis = read.invokeTime() < 0 || superseding.completeTime() < 0 ? null
                                : Math.max(0, read.invokeTime() - superseding.completeTime()) / 1e6;
                        staleness.add(new EventualRegisterResult.StaleRead(key.getKey(), read.completeIndex(), value,
                                versions, millis, superseding.completeIndex()));
                    }
                }
            }
        }
        if (reads == 0) {
            return EventualRegisterResult.unknown("no read completed: nothing to check");
        }
        return new EventualRegisterResult(findings.isEmpty() ? Validity.VALID : Validity.INVALID, null, byKey.size(),
                writes, reads, staleness.versions(), staleness.millis(), staleness.first, findings);
    }

    /**
     * For each acknowledged write, the acknowledged writes that were in flight when it was
     * acknowledged (invoked before, acknowledged after it): the store may have applied any of them
     * first. A process has one operation in flight at a time, so each set holds fewer writes than
     * there are processes.
     */
    private static Map<Call<Payload>, java.util.Set<Call<Payload>>> overlappingLater(List<Call<Payload>> byCompletion) {
        List<Call<Payload>> byInvocation = new ArrayList<>(byCompletion);
        byInvocation.sort(Comparator.comparingLong(Call::invokeIndex));
        Map<Call<Payload>, java.util.Set<Call<Payload>>> overlapping = new HashMap<>();
        java.util.Set<Call<Payload>> inFlight = new java.util.LinkedHashSet<>();
        int next = 0;
        for (Call<Payload> write : byCompletion) {
            while (next < byInvocation.size() && byInvocation.get(next).invokeIndex() < write.completeIndex()) {
                inFlight.add(byInvocation.get(next++));
            }
            inFlight.remove(write);
            overlapping.put(write, inFlight.isEmpty() ? java.util.Set.of() : java.util.Set.copyOf(inFlight));
        }
        return overlapping;
    }

    /** How many of the writes, by completion, completed before {@code index}. */
    private static int acknowledgedBefore(List<Call<Payload>> acknowledged, long index) {
        int low = 0;
        int high = acknowledged.size();
        while (low < high) {
            int middle = (low + high) >>> 1;
            if (acknowledged.get(middle).completeIndex() < index) {
                low = middle + 1;
            } else {
                high = middle;
            }
        }
        return low;
    }

    /** The stale reads: every measure, and the first few. */
    private static final class Staleness {
        private final List<EventualRegisterResult.StaleRead> first = new ArrayList<>();
        private final List<Double> versions = new ArrayList<>();
        private final List<Double> millis = new ArrayList<>();

        void add(EventualRegisterResult.StaleRead read) {
            if (first.size() < EventualRegisterResult.SAMPLE_SIZE) {
                first.add(read);
            }
            versions.add((double) read.versions());
            if (read.millis() != null) {
                millis.add(read.millis());
            }
        }

        EventualRegisterResult.Distribution versions() {
            return EventualRegisterResult.Distribution.of(versions);
        }

        EventualRegisterResult.Distribution millis() {
            return EventualRegisterResult.Distribution.of(millis);
        }
    }
}
