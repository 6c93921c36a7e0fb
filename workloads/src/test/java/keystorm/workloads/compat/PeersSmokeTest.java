package keystorm.workloads.compat;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PeersSmokeTest {
    @Test
    void bothPeersAnswer() throws Exception {
        try (Peers peers = new Peers()) {
            assertThat(peers.localClient.listTables().tableNames()).isEmpty();
            assertThat(peers.keystormClient.listTables().tableNames()).isEmpty();
        }
    }
}
