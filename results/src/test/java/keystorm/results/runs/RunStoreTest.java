package keystorm.results.runs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunStoreTest {
    @TempDir
    Path store;

    @Test
    void createsDistinctDirectoriesAndPointsLatestAtTheNewest() throws Exception {
        Path first = RunStore.create(store, "register");
        Path second = RunStore.create(store, "register");
        assertThat(first).isNotEqualTo(second);
        assertThat(first.getParent()).isEqualTo(second.getParent());

        assertThat(RunStore.linkLatest(first)).isTrue();
        assertThat(store.resolve("register/latest").toRealPath()).isEqualTo(first.toRealPath());
        assertThat(RunStore.linkLatest(second)).isTrue();
        Path link = store.resolve("register/latest");
        assertThat(Files.isSymbolicLink(link)).isTrue();
        assertThat(Files.readSymbolicLink(link)).isEqualTo(second.getFileName()); // relative: the store can move
        assertThat(link.toRealPath()).isEqualTo(second.toRealPath());
        try (var entries = Files.list(store.resolve("register"))) {
            assertThat(entries.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("."))).isEmpty();
        }
    }

    @Test
    void listsRunsNewestFirstWithTheirVerdictsFromTheirFiles() throws Exception {
        Path old = Files.createDirectories(store.resolve("register/20261101T100000.000"));
        Files.writeString(old.resolve("history.jsonl"), "");
        Files.writeString(old.resolve("summary.txt"), "register: 10 operations\nlinearizable (cas-register, 1 key): valid\nhistory: x\n");

        Path bank = Files.createDirectories(store.resolve("bank/20261202T100000.000"));
        Files.writeString(bank.resolve("test.json"), """
                {"format":1,"kind":"test","name":"bank","started":"2026-12-02T10:00:00Z","seed":7,"options":{}}""");
        Files.writeString(bank.resolve("results.json"), """
                {"format":1,"kind":"test","workload":"bank","validity":"invalid","operations":1200,"throughput":400.5,
                 "latencyMillis":{"p50":1.0,"p99":9.5},
                 "anomalies":[{"kind":"wrong-total","explanation":"x","indices":[3]},
                              {"kind":"wrong-total","explanation":"y","indices":[5]},
                              {"kind":"negative-value","explanation":"z","indices":[9]}]}""");

        Path bench = Files.createDirectories(store.resolve("bench/20261201T100000.000"));
        Files.writeString(bench.resolve("results.json"), """
                {"format":1,"kind":"bench","p99TargetMet":false,"strategies":[{"throughputOpsPerSecond":1000,
                 "operations":[{"op":"read","count":500,"p99Millis":2.5},{"op":"update","count":500,"p99Millis":4.0}]},
                 {"throughputOpsPerSecond":3000,"operations":[{"op":"read","count":100,"p99Millis":1.0}]}]}""");

        Path broken = Files.createDirectories(store.resolve("set/20261130T100000.000"));
        Files.writeString(broken.resolve("results.json"), "{not json");

        Files.createSymbolicLink(store.resolve("bank/latest"), bank.getFileName());
        Files.createDirectories(store.resolve("bank/20261203T000000.000")); // empty: not a run

        List<RunEntry> runs = RunStore.list(store);
        assertThat(runs).extracting(RunEntry::name).containsExactly("bank", "bench", "set", "register");
        RunEntry newest = runs.get(0);
        assertThat(newest.verdict()).isEqualTo("invalid");
        assertThat(newest.operations()).isEqualTo(1200L);
        assertThat(newest.p99Millis()).isEqualTo(9.5);
        assertThat(newest.anomalies()).isEqualTo("wrong-total x2, negative-value");
        assertThat(runs.get(1).verdict()).isEqualTo("p99 missed");
        assertThat(runs.get(1).operations()).isEqualTo(1100L);
        assertThat(runs.get(1).throughput()).isEqualTo(2000.0); // strategies one after another: their mean rate
        assertThat(runs.get(1).p99Millis()).isEqualTo(4.0);
        assertThat(runs.get(2).verdict()).isEqualTo("unreadable");
        assertThat(runs.get(3).verdict()).isEqualTo("valid");
        assertThat(runs.get(3).kind()).isEqualTo("test");
    }

    @Test
    void aStoreThatDoesNotExistHasNoRuns() throws Exception {
        assertThat(RunStore.list(store.resolve("nowhere"))).isEmpty();
    }
}
