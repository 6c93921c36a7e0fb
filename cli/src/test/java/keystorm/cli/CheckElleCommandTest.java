package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keystorm check --checker elle-...} as a user runs it. */
class CheckElleCommandTest {
    @TempDir
    Path dir;

    /** Read skew: process 0 sees x before process 1's transaction and y after it. */
    static final String READ_SKEW = """
            {"process":0,"type":"invoke","f":"txn","value":[["r","x",null],["r","y",null]]}
            {"process":1,"type":"invoke","f":"txn","value":[["append","x",1],["append","y",1]]}
            {"process":1,"type":"ok","f":"txn","value":[["append","x",1],["append","y",1]]}
            {"process":0,"type":"ok","f":"txn","value":[["r","x",[]],["r","y",[1]]]}
            {"process":2,"type":"invoke","f":"txn","value":[["r","x",null]]}
            {"process":2,"type":"ok","f":"txn","value":[["r","x",[1]]]}
            """;

    @Test
    void listAppendAnomalyIsExplainedWithItsGraph() throws IOException {
        Path input = dir.resolve("skew.jsonl");
        Files.writeString(input, READ_SKEW);
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "elle-list-append",
                "--consistency-model", "snapshot-isolation", "--out", dir.resolve("out").toString())
                .assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("G-single #1:")
                .contains("1. T0 -rw-> T1: T0 read x = [] without 1, which T1 appended next")
                .contains("not repeatable-read, snapshot-isolation")
                .contains("elle-list-append under snapshot-isolation: invalid");
        assertThat(Files.readString(dir.resolve("out/elle-G-single-1.dot"))).contains("digraph").contains("\"T0\" -> \"T1\"");
        CommandLineTest.run("check", input.toString(), "--checker", "elle-list-append", "--consistency-model",
                "read-committed").assertStatus(ExitStatus.OK);
    }

    @Test
    void ednRwRegisterHistory() throws IOException {
        Path input = dir.resolve("skew.edn");
        Files.writeString(input, """
                {:process 0 :type :invoke :f :txn :value [[:r :x nil] [:w :y 1]]}
                {:process 1 :type :invoke :f :txn :value [[:r :y nil] [:w :x 1]]}
                {:process 0 :type :ok :f :txn :value [[:r :x nil] [:w :y 1]]}
                {:process 1 :type :ok :f :txn :value [[:r :y nil] [:w :x 1]]}
                """);
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "elle-rw-register",
                "--consistency-model", "serializable").assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("G2-item");
    }

    @Test
    void badConsistencyModelIsAUsageError() throws IOException {
        Path input = dir.resolve("skew.jsonl");
        Files.writeString(input, READ_SKEW);
        assertThat(CommandLineTest.run("check", input.toString(), "--checker", "elle-list-append",
                "--consistency-model", "eventual").assertStatus(ExitStatus.USAGE).err())
                .contains("--consistency-model takes one of").contains("snapshot-isolation");
    }

    @Test
    void duplicateAppendsAreUnknown() throws IOException {
        Path input = dir.resolve("dup.jsonl");
        Files.writeString(input, """
                {"process":0,"type":"invoke","f":"txn","value":[["append","x",1]]}
                {"process":0,"type":"ok","f":"txn","value":[["append","x",1]]}
                {"process":1,"type":"invoke","f":"txn","value":[["append","x",1]]}
                {"process":1,"type":"ok","f":"txn","value":[["append","x",1]]}
                """);
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "elle-list-append")
                .assertStatus(ExitStatus.UNKNOWN);
        assertThat(run.out()).contains("appended to key x twice");
    }
}
