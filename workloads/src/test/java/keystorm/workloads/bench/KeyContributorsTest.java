package keystorm.workloads.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Contributor Insights' ranking, minute by minute, from hand-made requests. */
class KeyContributorsTest {
    private static final long MINUTE = 60_000_000_000L;

    @Test
    void keysAreRankedByThreeWritesPlusReadsEachMinute() {
        KeyContributors contributors = new KeyContributors(0, 2);
        // minute 0: a has 4 reads of 1 unit (4), b 2 writes of 1 unit (6), c one read (1)
        for (int i = 0; i < 4; i++) {
            contributors.add(i, "a", 1, 0, false);
        }
        contributors.add(5, "b", 0, 1, false);
        contributors.add(6, "b", 0, 1, false);
        contributors.add(7, "c", 1, 0, false);
        contributors.add(8, "c", 0, 2, true); // throttled: counted apart
        // minute 1: only c
        contributors.add(MINUTE + 1, "c", 0.5, 0, false);
        List<KeyContributors.Minute> minutes = contributors.minutes();
        assertEquals(2, minutes.size());
        assertEquals(List.of(new KeyContributors.Contributor("b", 6, 2), new KeyContributors.Contributor("a", 4, 4)),
                minutes.get(0).accessed());
        assertEquals(List.of(new KeyContributors.Contributor("c", 6, 1)), minutes.get(0).throttled());
        assertEquals(1, minutes.get(1).minute());
        assertEquals(List.of(new KeyContributors.Contributor("c", 0.5, 1)), minutes.get(1).accessed());
        assertEquals(List.of(), minutes.get(1).throttled());
    }

    /** Contributor Insights' throttled-keys rules count throttling events: many small throttles beat one big one. */
    @Test
    void throttledKeysAreRankedByThrottledRequestsNotUnits() {
        KeyContributors contributors = new KeyContributors(0, 3);
        contributors.add(1, "big", 0, 40, true); // one throttled write of 40 units: 120 weighted
        for (int i = 0; i < 3; i++) {
            contributors.add(2 + i, "often", 1, 0, true); // three throttled reads of 1 unit
        }
        contributors.add(5, "twice", 5, 0, true);
        contributors.add(6, "twice", 5, 0, true);
        contributors.add(7, "big", 40, 0, false); // answered: ranks the accessed list by units
        List<KeyContributors.Minute> minutes = contributors.minutes();
        assertEquals(List.of(new KeyContributors.Contributor("often", 3, 3), new KeyContributors.Contributor("twice", 10, 2),
                new KeyContributors.Contributor("big", 120, 1)), minutes.get(0).throttled());
        assertEquals(List.of(new KeyContributors.Contributor("big", 40, 1)), minutes.get(0).accessed());
    }
}
