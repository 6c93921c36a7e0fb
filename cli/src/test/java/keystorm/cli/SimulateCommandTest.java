package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code keystorm test --simulate} and {@code keystorm hunt} as a user runs them: the seed first,
 * the same history for the same seed, a failing run shrunk and kept with the commands that replay
 * it and its minimal schedule, the replay of that schedule failing again the same way, and every
 * wrong flag or file named with its exit status.
 */
class SimulateCommandTest {
    private static final Pattern SHA = Pattern.compile("history sha-256 ([0-9a-f]{64})");
    private static final Pattern KEPT = Pattern.compile("run kept in (\\S+)");

    @TempDir
    Path store;

    private CommandLineTest run(String command, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--store";
        all[args.length + 2] = store.toString();
        return CommandLineTest.run(all);
    }

    private static String find(Pattern pattern, String text) {
        Matcher matcher = pattern.matcher(text);
        assertThat(matcher.find()).as("%s in:%n%s", pattern, text).isTrue();
        return matcher.group(1);
    }

    @Test
    void theSameSeedGivesTheSameHistoryAndTheSeedComesFirst() throws IOException {
        String[] args = {"--simulate", "--workload", "bank", "--nemesis", "failover,net-drop", "--nemesis-interval", "0.2",
                "--time-limit", "1", "--seed", "11"};
        CommandLineTest first = run("test", args).assertStatus(ExitStatus.OK);
        CommandLineTest second = run("test", args).assertStatus(ExitStatus.OK);
        assertThat(first.out()).startsWith("keystorm test --simulate: seed 11\n");
        assertThat(find(SHA, second.out())).isEqualTo(find(SHA, first.out()));
        Path firstHistory = Path.of(find(KEPT, first.out())).resolve("history.jsonl");
        Path secondHistory = Path.of(find(KEPT, second.out())).resolve("history.jsonl");
        assertThat(Files.mismatch(firstHistory, secondHistory)).isEqualTo(-1L);
        CommandLineTest other = run("test", "--simulate", "--workload", "bank", "--nemesis", "failover,net-drop",
                "--nemesis-interval", "0.2", "--time-limit", "1", "--seed", "12").assertStatus(ExitStatus.OK);
        assertThat(find(SHA, other.out())).isNotEqualTo(find(SHA, first.out()));
    }

    @Test
    void aFailingRunIsShrunkKeptAndReplayedByItsMinimalSchedule() throws IOException {
        CommandLineTest failed = run("test", "--simulate", "--workload", "register", "--bug", "lost-update", "--keys", "3",
                "--concurrency", "10", "--rate", "5000", "--time-limit", "1", "--seed", "1").assertStatus(ExitStatus.INVALID);
        assertThat(failed.out()).contains("replay: keystorm test --simulate --workload register --nemesis none")
                .contains(" --concurrency 10 --keys 3 ").contains(" --bug lost-update --seed 1").contains("minimal history").containsPattern("shrunk [\\d,]+ operations");
        Path run = Path.of(find(KEPT, failed.out()));
        for (String file : new String[] {"history.jsonl", "schedule.json", "minimal-history.jsonl", "minimal-schedule.json",
                "results.json", "summary.txt"}) {
            assertThat(run.resolve(file)).exists();
        }
        JsonNode results = new ObjectMapper().readTree(run.resolve("results.json").toFile());
        assertThat(results.get("validity").asText()).isEqualTo("invalid");
        assertThat(results.get("seed").asLong()).isEqualTo(1);
        assertThat(results.at("/replay/original").asText()).startsWith("keystorm test --simulate").endsWith("--seed 1");
        assertThat(results.at("/replay/minimal").asText())
                .isEqualTo("keystorm test --simulate --schedule " + run.resolve("minimal-schedule.json"));
        int minimal = results.at("/shrink/operationsAfter").asInt();
        assertThat(minimal).isBetween(2, 20);
        assertThat(Files.readAllLines(run.resolve("minimal-history.jsonl"))).hasSize(2 * minimal);

        CommandLineTest replay = run("test", "--simulate", "--schedule", run.resolve("minimal-schedule.json").toString(),
                "--no-shrink").assertStatus(ExitStatus.INVALID);
        assertThat(find(SHA, replay.out())).isEqualTo(results.at("/shrink/minimalHistorySha256").asText());

        // the replay command of the original, as printed, gives the original history again
        CommandLineTest original = run("test", "--simulate", "--schedule", run.resolve("schedule.json").toString(),
                "--no-shrink").assertStatus(ExitStatus.INVALID);
        assertThat(find(SHA, original.out())).isEqualTo(results.get("historySha256").asText());
    }

    @Test
    void aSwarmSeedPicksItsShapeAndReplaysIt() {
        String[] args = {"--simulate", "--swarm", "--workload", "set", "--time-limit", "1", "--seed", "5"};
        CommandLineTest first = run("test", args).assertStatus(ExitStatus.OK);
        assertThat(first.out()).contains("swarm: ");
        assertThat(find(SHA, run("test", args).out())).isEqualTo(find(SHA, first.out()));
    }

    @Test
    void huntFindsTheFirstFailingSeedAndSaysHowToReplayIt() {
        // hunt's own default time limit (2 s, test's is 10 s): the replay command must carry it
        CommandLineTest hunt = run("hunt", "--workload", "bank", "--bug", "torn-transaction", "--seeds", "20")
                .assertStatus(ExitStatus.INVALID);
        assertThat(hunt.out()).containsPattern("found: seed \\d+ failed")
                .contains("replay: keystorm test --simulate --swarm --workload bank --time-limit 2.0")
                .contains(" --bug torn-transaction --seed ")
                .contains("minimal history").contains("replay the minimal run: keystorm test --simulate --schedule");
        String replay = find(Pattern.compile("replay: keystorm (test .*)"), hunt.out());
        // Run the printed replay command as printed: the same failure.
        String[] words = (replay + " --no-shrink --store " + store).split(" ");
        CommandLineTest again = CommandLineTest.run(words).assertStatus(ExitStatus.INVALID);
        assertThat(find(SHA, again.out())).isEqualTo(find(SHA, hunt.out()));
    }

    @Test
    void huntOfTheCorrectEngineFindsNothing() {
        CommandLineTest hunt = run("hunt", "--workload", "set", "--seeds", "3", "--time-limit", "0.5")
                .assertStatus(ExitStatus.OK);
        assertThat(hunt.out()).contains("no failure in 3 seeds");
    }

    /** A schedule a passing run recorded. */
    private Path schedule() {
        CommandLineTest passed = run("test", "--simulate", "--workload", "set", "--time-limit", "0.2", "--seed", "3")
                .assertStatus(ExitStatus.OK);
        return Path.of(find(KEPT, passed.out())).resolve("schedule.json");
    }

    @Test
    void wrongFlagsAndFilesAreNamed() throws IOException {
        assertThat(run("test", "--swarm").assertStatus(ExitStatus.USAGE).err()).contains("--swarm needs --simulate");
        assertThat(run("test", "--simulate", "--target", "serve").assertStatus(ExitStatus.USAGE).err())
                .contains("--simulate runs keystorm's embedded engine");
        assertThat(run("test", "--simulate", "--schedule", store.resolve("nope.json").toString())
                .assertStatus(ExitStatus.NO_INPUT).err()).contains("nope.json").contains("no such file");
        Path bad = Files.writeString(store.resolve("bad.json"), "{\"format\":\"something else\"}");
        assertThat(run("test", "--simulate", "--schedule", bad.toString()).assertStatus(ExitStatus.DATA_ERROR).err())
                .contains("bad.json");
        assertThat(run("test", "--simulate", "--schedule", bad.toString(), "--workload", "bank")
                .assertStatus(ExitStatus.USAGE).err()).contains("takes no --workload");
        assertThat(run("hunt", "--seeds", "0").assertStatus(ExitStatus.USAGE).err()).contains("--seeds");
        assertThat(run("test", "--simulate", "--time-limit", "1e300").assertStatus(ExitStatus.USAGE).err())
                .contains("--time-limit takes at most");
        Path crowded = Files.writeString(store.resolve("crowded.json"), Files.readString(schedule())
                .replaceFirst("\"concurrency\":\\d+", "\"concurrency\":2000000000"));
        assertThat(run("test", "--simulate", "--schedule", crowded.toString()).assertStatus(ExitStatus.DATA_ERROR).err())
                .contains("concurrency");
        assertThat(run("hunt", "--target", "serve").assertStatus(ExitStatus.USAGE).err()).contains("target");
    }
}
