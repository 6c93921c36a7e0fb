package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code keystorm check --checker set|bank|counter|idempotency|eventual-register}: no --model needed. */
class CheckSimpleCommandTest {
    @TempDir
    Path dir;

    static final String SET_ADDS = """
            {"process":0,"type":"invoke","f":"add","value":1}
            {"process":0,"type":"ok","f":"add","value":1}
            {"process":1,"type":"invoke","f":"add","value":2}
            {"process":1,"type":"ok","f":"add","value":2}
            {"process":2,"type":"invoke","f":"read","value":null}
            """;

    static final String BANK_START = """
            {"process":0,"type":"invoke","f":"transfer","value":{"from":"0","to":"1","amount":3}}
            {"process":0,"type":"ok","f":"transfer","value":{"from":"0","to":"1","amount":3}}
            {"process":1,"type":"invoke","f":"scan","value":null}
            {"process":1,"type":"ok","f":"scan","value":{"0":5,"1":8}}
            {"process":1,"type":"invoke","f":"read","value":null}
            """;

    Path file(String name, String content) throws IOException {
        Path path = dir.resolve(name);
        Files.writeString(path, content);
        return path;
    }

    @Test
    void aSetWhoseReadSawEveryAddIsValid() throws IOException {
        Path input = file("set.jsonl", SET_ADDS + "{\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"value\":[1,2]}\n");
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "set").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("2 stable, 0 lost").contains("set (stale reads invalid): valid");
    }

    @Test
    void aSetThatLostAnAcknowledgedAddIsInvalidNamingIt() throws IOException {
        Path input = file("set.jsonl", SET_ADDS + "{\"process\":2,\"type\":\"ok\",\"f\":\"read\",\"value\":[2]}\n");
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "set")
                .assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("lost (1):").contains("1: add ok, known from event 1")
                .contains("set (stale reads invalid): invalid");
    }

    @Test
    void aBankThatKeptItsTotalIsValid() throws IOException {
        Path input = file("bank.jsonl", BANK_START + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":{\"0\":7,\"1\":13}}\n");
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "bank",
                "--initial", "{\"accounts\":2,\"total\":20}").assertStatus(ExitStatus.OK);
        assertThat(run.out()).contains("read-skew: 1 of 1 scans").contains("bank: valid");
    }

    @Test
    void aBankThatLostMoneyIsInvalidNamingTheRead() throws IOException {
        Path input = file("bank.jsonl", BANK_START + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":{\"0\":7,\"1\":10}}\n");
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "bank",
                "--initial", "{\"accounts\":2,\"total\":20}").assertStatus(ExitStatus.INVALID);
        assertThat(run.out()).contains("wrong-total: the read at event 5 totals 17, not 20").contains("bank: invalid");
    }

    @Test
    void theOtherSimpleCheckersRunByName() throws IOException {
        Path counter = file("counter.jsonl", """
                {"process":0,"type":"invoke","f":"add","value":2}
                {"process":0,"type":"ok","f":"add","value":2}
                {"process":1,"type":"invoke","f":"read","value":null}
                {"process":1,"type":"ok","f":"read","value":1}
                """);
        assertThat(CommandLineTest.run("check", counter.toString(), "--checker", "counter")
                .assertStatus(ExitStatus.INVALID).out()).contains("outside [2, 2]");
        Path register = file("register.jsonl", """
                {"process":0,"type":"invoke","f":"write","value":["x",1]}
                {"process":0,"type":"ok","f":"write","value":["x",1]}
                {"process":1,"type":"invoke","f":"read","value":["x",null]}
                {"process":1,"type":"ok","f":"read","value":["x",null]}
                """);
        assertThat(CommandLineTest.run("check", register.toString(), "--checker", "eventual-register")
                .assertStatus(ExitStatus.OK).out()).contains("1 stale").contains("eventual-register: valid");
        Path idempotency = file("idempotency.jsonl", """
                {"process":0,"type":"invoke","f":"submit","value":{"token":"t","element":1,"attempt":1}}
                {"process":0,"type":"ok","f":"submit","value":{"token":"t","element":1,"attempt":1}}
                """);
        assertThat(CommandLineTest.run("check", idempotency.toString(), "--checker", "idempotency")
                .assertStatus(ExitStatus.UNKNOWN).out()).contains("no read");
    }

    @Test
    void aBadInitialStateIsAUsageError() throws IOException {
        Path input = file("bank.jsonl", BANK_START);
        CommandLineTest run = CommandLineTest.run("check", input.toString(), "--checker", "bank", "--initial", "[1]")
                .assertStatus(ExitStatus.USAGE);
        assertThat(run.err()).contains("{\"accounts\":N,\"total\":T}");
    }
}
