package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keystorm check} as a user runs it: verdicts, exit statuses, files, errors. */
class CheckCommandTest {
    @TempDir
    Path dir;

    static final String GOOD = """
            {"process":0,"type":"invoke","f":"write","value":1}
            {"process":1,"type":"invoke","f":"read","value":null}
            {"process":1,"type":"ok","f":"read","value":0}
            {"process":0,"type":"ok","f":"write","value":1}
            """;

    static final String STALE = """
            {"process":0,"type":"invoke","f":"write","value":1}
            {"process":0,"type":"ok","f":"write","value":1}
            {"process":1,"type":"invoke","f":"read","value":null}
            {"process":1,"type":"ok","f":"read","value":0}
            """;

    Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void validHistoryExitsZero() throws IOException {
        CommandLineTest run = CommandLineTest.run("check", file("good.jsonl", GOOD).toString(),
                "--model", "register", "--initial", "0").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("linearizable (register, 1 key): valid");
    }

    @Test
    void invalidHistoryExitsOneAndWritesItsTimelineBesideTheInput() throws IOException {
        Path input = file("stale.jsonl", STALE);
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--model", "register", "--initial", "0")
                .assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("history: invalid").contains("it needs the register at 0")
                .contains("linearizable (register, 1 key): invalid");
        Path timeline = dir.resolve("stale.jsonl.timeline-history.html");
        assertThat(timeline).exists();
        assertThat(Files.readString(timeline)).contains("<svg");
    }

    @Test
    void outDirectoryIsHonoured() throws IOException {
        Path out = dir.resolve("reports");
        CommandLineTest.run("check", file("stale.jsonl", STALE).toString(), "--model", "register", "--initial", "0",
                "--out", out.toString()).assertStatus(ExitStatus.INVALID);
        assertThat(out.resolve("timeline-history.html")).exists();
    }

    @Test
    void jepsenEdnAndPorcupineLogsAreRead() throws IOException {
        Path edn = file("h.edn", "[{:process 0 :type :invoke :f :write :value [:x 1]}\n"
                + " {:process 0 :type :ok :f :write :value [:x 1]}\n"
                + " {:process 1 :type :invoke :f :read :value [:x nil]}\n"
                + " {:process 1 :type :ok :f :read :value [:x 2]}]\n");
        CommandLineTest run = CommandLineTest.run("check", edn.toString(), "--model", "register", "--independent")
                .assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("key x: invalid");
        Path etcd = file("etcd.log", "INFO  jepsen.util - 0\t:invoke\t:write\t1\nINFO  jepsen.util - 0\t:ok\t:write\t1\n"
                + "INFO  jepsen.util - 1\t:invoke\t:read\tnil\nINFO  jepsen.util - 1\t:ok\t:read\t1\n");
        CommandLineTest.run("check", etcd.toString(), "--model", "cas-register").assertStatus(ExitStatus.OK);
    }

    @Test
    void malformedInputExitsSixtyFiveNamingTheLine() throws IOException {
        Path bad = file("bad.jsonl", GOOD + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\n");
        CommandLineTest run = CommandLineTest.run("check", bad.toString(), "--model", "register")
                .assertStatus(ExitStatus.DATA_ERROR);
        assertThat(run.err()).contains("bad.jsonl: line 5: not JSON").doesNotContain("Exception");
        CommandLineTest missing = CommandLineTest.run("check", dir.resolve("nope.jsonl").toString(), "--model", "register")
                .assertStatus(ExitStatus.NO_INPUT);
        assertThat(missing.err()).contains("nope.jsonl: no such file");
    }

    @Test
    void usageErrorsExitSixtyFourNamingTheFlag() throws IOException {
        Path good = file("good.jsonl", GOOD);
        assertThat(CommandLineTest.run("check", good.toString()).assertStatus(ExitStatus.USAGE).err())
                .contains("needs --model");
        assertThat(CommandLineTest.run("check", good.toString(), "--model", "nonsense").assertStatus(ExitStatus.USAGE).err())
                .contains("--model takes register, cas-register");
        assertThat(CommandLineTest.run("check", good.toString(), "--model", "register", "--initial", "{oops")
                .assertStatus(ExitStatus.USAGE).err()).contains("--initial not a JSON value");
        assertThat(CommandLineTest.run("check", good.toString(), "--model", "register", "--timeout", "-3")
                .assertStatus(ExitStatus.USAGE).err()).contains("--timeout takes a positive number");
        assertThat(CommandLineTest.run("check", good.toString(), "--checker", "magic").assertStatus(ExitStatus.USAGE).err())
                .contains("unknown checker 'magic'");
        assertThat(CommandLineTest.run("check", file("history.txt", GOOD).toString(), "--model", "register")
                .assertStatus(ExitStatus.USAGE).err()).contains("give --format");
        assertThat(CommandLineTest.run("check").assertStatus(ExitStatus.USAGE).err()).contains("give a history file, several, or a directory");
    }

    @Test
    void unknownIsExitTwo() throws IOException {
        Path wrong = file("wrong.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"frobnicate\",\"value\":1}\n"
                + "{\"process\":0,\"type\":\"ok\",\"f\":\"frobnicate\",\"value\":1}\n");
        CommandLineTest run = CommandLineTest.run("check", wrong.toString(), "--model", "register")
                .assertStatus(ExitStatus.UNKNOWN);
        assertThat(run.out()).contains("unknown").contains("not frobnicate");
    }

    @Test
    void aDirectoryIsCheckedFileByFileIntoATableWhoseStatusIsTheWorst() throws IOException {
        Path histories = Files.createDirectories(dir.resolve("store/test-1"));
        Files.writeString(histories.resolve("good.jsonl"), GOOD);
        Files.createDirectories(dir.resolve("store/test-2"));
        Files.writeString(dir.resolve("store/test-2/stale.jsonl"), STALE);
        Files.writeString(dir.resolve("store/NOTES.md"), "not a history");
        CommandLineTest run = CommandLineTest.run("check", dir.resolve("store").toString(), "--model", "register",
                "--initial", "0", "--out", dir.resolve("reports").toString()).assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).containsPattern("file +operations +verdict +time")
                .containsPattern("test-1/good.jsonl +4 +valid +\\d+ ms")
                .containsPattern("test-2/stale.jsonl +4 +invalid +\\d+ ms")
                .contains("2 files: 1 valid, 1 invalid, 0 unknown").doesNotContain("NOTES");
        assertThat(dir.resolve("reports/stale.jsonl.timeline-history.html")).exists();
    }

    @Test
    void severalFilesWithOneMalformedExitSixtyFiveNamingIt() throws IOException {
        Path good = file("good.jsonl", GOOD);
        Path bad = file("bad.jsonl", GOOD + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\n");
        CommandLineTest run = CommandLineTest.run("check", good.toString(), bad.toString(), "--model", "register",
                "--initial", "0").assertStatus(ExitStatus.DATA_ERROR);
        assertThat(run.out()).containsPattern("bad.jsonl +- +malformed").containsPattern("good.jsonl +4 +valid");
        assertThat(run.err()).contains("bad.jsonl: line 5: not JSON");
    }

    /** Porcupine's 103 etcd logs in one run: every verdict its VERDICTS.tsv gives (etcd_095.log is empty). */
    @Test
    void porcupinesEtcdCorpusInOneRunMatchesItsVerdicts() throws IOException {
        Path corpus = Path.of("..", "checker", "src", "test", "resources", "corpora", "porcupine");
        CommandLineTest run = CommandLineTest.run("check", corpus.resolve("etcd").toString(), "--model", "cas-register",
                "--out", dir.toString());
        assertThat(run.status()).isEqualTo(ExitStatus.INVALID);
        int checked = 0;
        for (String row : Files.readAllLines(corpus.resolve("VERDICTS.tsv"))) {
            String[] columns = row.split("\t");
            if (!columns[0].startsWith("etcd/")) {
                continue;
            }
            String file = columns[0].substring("etcd/".length()).replace(".", "\\.");
            assertThat(run.out()).as(columns[0]).containsPattern(file + " +\\d+ +" + columns[3].strip() + " ");
            checked++;
        }
        assertThat(checked).isEqualTo(102);
        assertThat(run.out()).contains("103 files: 24 valid, 79 invalid, 0 unknown");
    }
}
