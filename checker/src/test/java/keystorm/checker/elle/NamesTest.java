package keystorm.checker.elle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Anomaly and model names are Elle's, exactly, and the command line's spelling parses back. */
class NamesTest {
    @Test
    void anomaliesAreSpelledAsElleSpellsThem() {
        assertThat(Arrays.stream(AnomalyType.values()).map(AnomalyType::spelling)).contains("G0", "G1a", "G1b", "G1c",
                "G-single", "G-nonadjacent", "G2-item", "G-single-process", "G2-item-realtime", "lost-update", "internal",
                "duplicate-elements", "incompatible-order", "dirty-update", "garbage-read").doesNotHaveDuplicates();
        assertThat(AnomalyType.G_SINGLE.at(AnomalyType.Level.PROCESS)).isEqualTo(AnomalyType.G_SINGLE_PROCESS);
        assertThat(AnomalyType.G2_ITEM.at(AnomalyType.Level.REALTIME).level()).isEqualTo(AnomalyType.Level.REALTIME);
    }

    @Test
    void everyModelParsesFromItsNameAndATypoListsThem() {
        for (ConsistencyModel model : ConsistencyModel.values()) {
            assertThat(ConsistencyModel.parse(model.spelling())).isEqualTo(model);
        }
        assertThatThrownBy(() -> ConsistencyModel.parse("serialisable")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("--consistency-model takes one of cursor-stability, monotonic-atomic-view")
                .hasMessageEndingWith("; not 'serialisable'");
    }
}
