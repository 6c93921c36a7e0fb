package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The durability figures of a short kill -9 run of a serve child (a few cycles), checked
 * against the history they come from: the cycles are the history's kill completions, the recovery
 * times its restart completions', the acknowledged writes its ok adds, and the summary prints the
 * same line. The long loop is {@link CrashLoopSoakTest}, behind {@code -Pcrash-loop}.
 */
class CrashLoopFiguresTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path store;

    @Test
    void resultsJsonCarriesTheFiguresOfTheHistory() throws Exception {
        CommandLineTest run = CommandLineTest.run("test", "--workload", "set", "--target", "serve", "--nemesis", "kill",
                "--nemesis-interval", "0.25", "--time-limit", "5", "--seed", "11", "--store", store.toString())
                .assertStatus(ExitStatus.OK);
        Path dir = runDirectory(run.out());
        JsonNode durability = JSON.readTree(dir.resolve("results.json").toFile()).get("durability");
        assertThat(durability).as("results.json's durability").isNotNull();

        int kills = 0;
        long acknowledgedAdds = 0;
        List<Double> recovery = new ArrayList<>();
        JsonNode lastFault = null; // the nemesis's last completion
        for (String line : Files.readAllLines(dir.resolve("history.jsonl"))) {
            JsonNode op = JSON.readTree(line);
            if (op.path("process").asText().equals("nemesis")) {
                if (op.path("type").asText().equals("invoke") && op.path("f").asText().equals("kill") && lastFault != null) {
                    // a cycle kills a server that answered: each kill but the first follows a completed restart
                    assertThat(lastFault.path("value").has("recoveryMillis")).as("before the kill %s came %s", line, lastFault)
                            .isTrue();
                } else if (!op.path("type").asText().equals("invoke")) {
                    lastFault = op;
                }
            }
            if (!op.path("type").asText().equals("ok")) {
                continue;
            }
            if (op.path("process").asText().equals("nemesis")) {
                kills += op.path("f").asText().equals("kill") ? 1 : 0;
                JsonNode value = op.path("value");
                if (value.has("recoveryMillis")) {
                    // the start's parts in order: the engine's replay, then its ready line, then its first answer
                    assertThat(value.get("readyMillis").asDouble()).isGreaterThan(value.get("replayMillis").asDouble())
                            .isLessThanOrEqualTo(value.get("recoveryMillis").asDouble());
                    recovery.add(value.get("recoveryMillis").asDouble());
                }
            } else if (op.path("f").asText().equals("add")) {
                acknowledgedAdds++;
            }
        }
        // Two or three cycles on an idle machine (a restart takes about a second); how many is up to the
        // machine's load, so only the first, due 0.25 s into the 5, is certain.
        assertThat(kills).as("kill -9 cycles in 5 s at an interval of 0.25 s; %s", durability).isPositive();
        assertThat(durability.get("killCycles").asInt()).isEqualTo(kills);
        assertThat(durability.get("restarts").asInt()).isEqualTo(recovery.size()).isEqualTo(kills);
        List<Double> sorted = recovery.stream().sorted().toList();
        assertThat(durability.at("/recoveryMillis/worst").asDouble()).isEqualTo(sorted.getLast());
        assertThat(durability.at("/recoveryMillis/median").asDouble())
                .isEqualTo(sorted.get((int) Math.ceil(sorted.size() / 2.0) - 1));
        assertThat(durability.at("/replayMillis/median").isNumber()).isTrue();
        assertThat(durability.get("acknowledgedWrites").asLong()).isEqualTo(acknowledgedAdds); // how many is up to the load
        assertThat(durability.get("lostWrites").asLong()).as("--sync always loses nothing acknowledged").isZero();

        String line = String.format(java.util.Locale.ROOT,
                "durability: %,d kill -9 / restart cycles, %,d acknowledged writes, 0 lost; recovery median %,.0f ms, worst %,.0f ms",
                kills, acknowledgedAdds, durability.at("/recoveryMillis/median").asDouble(), sorted.getLast());
        assertThat(run.out()).contains(line);
        assertThat(Files.readString(dir.resolve("summary.txt"))).contains(line);
    }

    static Path runDirectory(String out) {
        Matcher history = Pattern.compile("history: (\\S+)history\\.jsonl").matcher(out);
        assertThat(history.find()).as("the history's line in%n%s", out).isTrue();
        return Path.of(history.group(1));
    }
}
