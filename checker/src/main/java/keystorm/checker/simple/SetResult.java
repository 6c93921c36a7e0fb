package keystorm.checker.simple;

import java.util.List;
import keystorm.checker.Evidence;
import keystorm.checker.Result;
import keystorm.checker.Validity;

/**
 * What {@link SetChecker} found: counts of adds and reads, and for each kind of element (lost,
 * stale, never-read, unexpected) how many and the first {@value #SAMPLE_SIZE}, in element order.
 *
 * @param reason why the verdict is unknown, or null
 * @param linearizable whether stale reads count as invalid
 * @param reads ok reads
 * @param stable elements seen by every read begun after they were known
 */
public record SetResult(Validity validity, String reason, boolean linearizable, int addsOk, int addsInfo,
                        int addsFailed, int reads, int stable, Sample lost, Sample stale, Sample neverRead,
                        Sample unexpected) implements Result {
    public static final int SAMPLE_SIZE = 10;

    /**
     * One element's story. Reads are named by the index of their ok completion, the line that holds
     * what they saw.
     *
     * @param add the best outcome of its adds (ok, else info, else fail), or null if never added
     * @param knownIndex the event from which it was known to be in the set (its add's ack, or the
     *     first read that saw it), or -1
     * @param firstSeenIndex the first read that saw it, or -1
     * @param lastMissedIndex the last read, begun after it was known, that missed it, or -1
     * @param seenAfterMissed whether a read begun after that one saw it again
     */
    public record Element(long element, Outcome add, long knownIndex, long firstSeenIndex, long lastMissedIndex,
                          boolean seenAfterMissed) {
    }

    /** How many elements of one kind, and the first few. */
    public record Sample(int count, List<Element> first) {
        public Sample {
            first = List.copyOf(first);
            if (first.size() > count) {
                throw new IllegalArgumentException("a sample of " + first.size() + " holds more than its count " + count);
            }
        }

        static final Sample NONE = new Sample(0, List.of());

        Sample and(Sample other) {
            List<Element> both = new java.util.ArrayList<>(first);
            both.addAll(other.first);
            return new Sample(count + other.count, both.subList(0, Math.min(SAMPLE_SIZE, both.size())));
        }

        public List<Long> elements() {
            return first.stream().map(Element::element).toList();
        }
    }

    /** Two sets' findings together: the merged verdict (invalid beats unknown beats valid), counts summed. */
    SetResult and(SetResult other) {
        return new SetResult(validity.and(other.validity), reason != null ? reason : other.reason, linearizable,
                addsOk + other.addsOk, addsInfo + other.addsInfo, addsFailed + other.addsFailed, reads + other.reads,
                stable + other.stable, lost.and(other.lost), stale.and(other.stale), neverRead.and(other.neverRead),
                unexpected.and(other.unexpected));
    }

    static SetResult unknown(boolean linearizable, String reason) {
        return new SetResult(Validity.UNKNOWN, reason, linearizable, 0, 0, 0, 0, 0, Sample.NONE, Sample.NONE,
                Sample.NONE, Sample.NONE);
    }

    @Override
    public String render() {
        StringBuilder out = new StringBuilder();
        out.append(addsOk + addsInfo + addsFailed).append(" adds (").append(addsOk).append(" ok, ").append(addsInfo)
                .append(" info, ").append(addsFailed).append(" failed), ").append(reads).append(" reads; ")
                .append(stable).append(" stable, ").append(lost.count()).append(" lost, ").append(stale.count())
                .append(" stale, ").append(neverRead.count()).append(" never-read, ").append(unexpected.count())
                .append(" unexpected\n");
        if (reason != null) {
            out.append("  ").append(reason).append('\n');
        }
        section(out, "lost", lost);
        section(out, "stale", stale);
        section(out, "never-read", neverRead);
        section(out, "unexpected", unexpected);
        out.append("set (stale reads ").append(linearizable ? "invalid" : "allowed").append("): ")
                .append(validity.word()).append('\n');
        return out.toString();
    }

    private static void section(StringBuilder out, String kind, Sample sample) {
        if (sample.count() == 0) {
            return;
        }
        out.append(kind).append(" (").append(sample.count()).append(sample.count() > sample.first().size()
                ? ", the first " + sample.first().size() : "").append("):\n");
        for (Element e : sample.first()) {
            out.append("    ").append(e.element()).append(": add ").append(e.add() == null ? "never invoked" : e.add().word());
            if (e.knownIndex() >= 0) {
                out.append(", known from event ").append(e.knownIndex());
            }
            out.append(e.firstSeenIndex() >= 0 ? ", first seen by the read at event " + e.firstSeenIndex() : ", never seen");
            if (e.lastMissedIndex() >= 0) {
                out.append(", missed by the read at event ").append(e.lastMissedIndex())
                        .append(e.seenAfterMissed() ? ", seen again later" : ", never seen again");
            }
            out.append('\n');
        }
    }

    /**
     * One piece of evidence per element kept of each kind the verdict counts against the set
     * (lost, unexpected, and stale when stale reads are invalid): the events that show it (when it
     * was known, first seen, last missed). Never-read elements make a verdict unknown, not
     * invalid, and are not evidence; neither are stale reads when they are allowed.
     */
    @Override
    public List<Evidence> evidence() {
        List<Evidence> out = new java.util.ArrayList<>();
        evidence(out, "lost", lost, "was lost: known in the set, then missed by every read begun after");
        evidence(out, "unexpected", unexpected, "was read but never added");
        if (linearizable) {
            evidence(out, "stale", stale, "was missed by a read begun after it was known (a stale read)");
        }
        return out;
    }

    private static void evidence(List<Evidence> out, String kind, Sample sample, String what) {
        for (int i = 0; i < sample.first().size(); i++) {
            Element e = sample.first().get(i);
            StringBuilder text = new StringBuilder("Element ").append(e.element()).append(' ').append(what).append(" (add ")
                    .append(e.add() == null ? "never invoked" : e.add().word());
            if (e.knownIndex() >= 0) {
                text.append(", known from event ").append(e.knownIndex());
            }
            text.append(e.firstSeenIndex() >= 0 ? ", first seen by the read at event " + e.firstSeenIndex() : ", never seen");
            if (e.lastMissedIndex() >= 0) {
                text.append(", missed by the read at event ").append(e.lastMissedIndex())
                        .append(e.seenAfterMissed() ? ", seen again later" : ", never seen again");
            }
            text.append(").");
            if (i == sample.first().size() - 1 && sample.count() > sample.first().size()) {
                text.append(' ').append(sample.count() - sample.first().size()).append(" more elements are ").append(kind)
                        .append('.');
            }
            List<Long> indices = new java.util.ArrayList<>();
            for (long index : new long[] {e.knownIndex(), e.firstSeenIndex(), e.lastMissedIndex()}) {
                if (index >= 0) {
                    indices.add(index);
                }
            }
            out.add(new Evidence(kind, null, text.toString(), indices, null));
        }
    }
}
