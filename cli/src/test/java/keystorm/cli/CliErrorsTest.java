package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 14's bad-input audit as a table: every command given a bad flag, a missing or wrong
 * input, or a malformed file answers with the sysexits status (64 usage, 65 bad data, 66 cannot
 * open, 73 cannot create), one line on stderr that names the flag, the file or the line (a parse
 * error adds the command's usage line, as every command does), no stack trace, and no run
 * directory left behind.
 */
class CliErrorsTest {
    @TempDir
    static Path dir;

    /** Where every case that could make a run directory is told to keep it: it must stay absent. */
    static Path store;

    static final String GOOD = CheckCommandTest.GOOD;

    @BeforeAll
    static void fixtures() throws IOException {
        store = dir.resolve("store");
        write("good.jsonl", GOOD);
        write("badjson.jsonl", GOOD + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":\n");
        write("wrongtype.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                + "{\"process\":\"x\",\"type\":\"ok\",\"f\":\"write\",\"value\":1}\n");
        write("missing-type.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                + "{\"process\":0,\"f\":\"write\",\"value\":1}\n");
        write("unknown-type.jsonl", "{\"process\":0,\"type\":\"invoke\",\"f\":\"write\",\"value\":1}\n"
                + "{\"process\":0,\"type\":\"done\",\"f\":\"write\",\"value\":1}\n");
        write("truncated.jsonl", GOOD + "{\"process\":1,\"type\":\"ok\",\"f\":\"re");
        write("array.jsonl", "[1,2]\n");
        bytes("utf8.jsonl", GOOD + "{\"process\":0,\"type\":\"ok\",\"f\":\"write\",\"value\":\"", new byte[] {(byte) 0xff},
                "\"}\n");
        write("unclosed.edn", "[{:process 0 :type :invoke :f :write :value 1}\n {:process 0 :type :ok :f :write :value 1}\n");
        write("wrongtype.edn", "{:process 0 :type :invoke :f :write :value 1}\n{:process \"x\" :type :ok :f :write :value 1}\n");
        write("unknown-type.edn", "{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :done :f :write :value 1}\n");
        write("missing-f.edn", "{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :value 1}\n");
        bytes("utf8.edn", "{:process 0 :type :invoke :f :write :value 1}\n{:process 0 :type :ok :f :write :value \"",
                new byte[] {(byte) 0xc3}, "\"}\n");
        write("garbage.log", "garbage line\n");
        write("history.txt", "not a history\n");
        Files.createDirectories(dir.resolve("no-histories"));
        Files.createDirectories(dir.resolve("dir.jsonl"));
        write("schedule-not.json", "{\"not\":\"a schedule\"}\n");
        write("schedule-cut.json", "{\"format\":");
        bytes("schedule-utf8.json", "", new byte[] {(byte) 0xff, (byte) 0xfe}, "");
        Files.createDirectories(dir.resolve("run-without-test"));
        write("run-without-test/results.json", "{}\n");
        write("run-cut/test.json", "{\"kind\":");
        write("run-bench/test.json", "{\"kind\":\"bench\",\"command\":\"keystorm bench --workload ycsb-a\"}\n");
        write("run-empty/test.json", "");
        write("run-no-target/test.json", "{\"kind\":\"test\",\"options\":{\"workload\":\"register\"}}\n");
        write("run-bad-results/test.json", "{\"format\":1,\"kind\":\"test\",\"name\":\"register\"}\n");
        write("run-bad-results/results.json", "{\"format\":");
        write("run-ok/test.json", "{\"format\":1,\"kind\":\"test\",\"name\":\"register\"}\n");
        write("run-ok/results.json", "{\"format\":1,\"kind\":\"test\",\"validity\":\"valid\"}\n");
        // a schedule as a simulation records it, then changed where only the run can tell
        CommandLineTest.run("test", "--simulate", "--time-limit", "0.2", "--seed", "1", "--store", dir.resolve("recorded").toString())
                .assertStatus(ExitStatus.OK);
        Path recorded;
        try (Stream<Path> files = Files.walk(dir.resolve("recorded"))) {
            recorded = files.filter(f -> f.getFileName().toString().equals("schedule.json")).findFirst().orElseThrow();
        }
        String schedule = Files.readString(recorded);
        write("schedule-unknown-f.json", schedule.replaceFirst("\"f\":\"(read|write|cas)\"", "\"f\":\"frob\""));
        write("schedule-bank-of-one.json", schedule.replace("\"workload\":\"register\"", "\"workload\":\"bank\"")
                .replaceFirst("\"keys\":\\d+,", "\"keys\":1,"));
        write("schedule-unknown-workload.json", schedule.replace("\"workload\":\"register\"", "\"workload\":\"nope\""));
        bytes("bad-utf8.properties", "recordcount=", new byte[] {(byte) 0xff}, "\n");
        write("bad.properties", "recordcount=abc\n");
        write("prices-bad.properties", "nope=1\n");
    }

    private static void write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text, StandardCharsets.UTF_8);
    }

    private static void bytes(String name, String before, byte[] bad, String after) throws IOException {
        byte[] head = before.getBytes(StandardCharsets.UTF_8);
        byte[] tail = after.getBytes(StandardCharsets.UTF_8);
        byte[] all = new byte[head.length + bad.length + tail.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(bad, 0, all, head.length, bad.length);
        System.arraycopy(tail, 0, all, head.length + bad.length, tail.length);
        Files.write(dir.resolve(name), all);
    }

    /**
     * One case: the command line ({@code @x} is the fixture x under the temporary directory,
     * {@code @store} the store that must stay absent), its exit status, and what its message names.
     */
    record Case(String line, int status, String names) {
        String[] args() {
            return Arrays.stream(line.split(" ")).map(arg -> arg.startsWith("@") ? dir.resolve(arg.substring(1)).toString() : arg)
                    .toArray(String[]::new);
        }

        @Override
        public String toString() {
            return line + " -> " + status;
        }
    }

    static Case c(String line, int status, String names) {
        return new Case(line, status, names);
    }

    static Stream<Case> cases() {
        List<Case> cases = new ArrayList<>(List.of(
                // check: flags
                c("check", 64, "give a history file"),
                c("check @good.jsonl --bogus", 64, "unknown flag '--bogus'"),
                c("check @good.jsonl --model", 64, "--model needs a value"),
                c("check @good.jsonl --model nonsense", 64, "--model takes register"),
                c("check @good.jsonl --model register --model cas-register", 64, "--model is given 2 times"),
                c("check @good.jsonl --checker magic", 64, "unknown checker 'magic'"),
                c("check @good.jsonl --format xml --model register", 64, "--format takes jsonl"),
                c("check @good.jsonl --model register --timeout abc", 64, "--timeout takes a positive number, not 'abc'"),
                c("check @good.jsonl --model register --timeout 0", 64, "--timeout takes a positive number"),
                c("check @good.jsonl --model register --timeout 1e99", 64, "--timeout takes at most"),
                c("check @good.jsonl --model register --threads 0", 64, "--threads takes a whole number from 1"),
                c("check @good.jsonl --model register --threads 2 --threads 3", 64, "--threads is given 2 times"),
                c("check @good.jsonl --model register --initial {oops", 64, "--initial not a JSON value"),
                c("check @good.jsonl --model register --consistency-model nope", 64, "--consistency-model takes"),
                c("check @good.jsonl --checker bank --initial 5", 64, "the bank's initial state"),
                c("check @history.txt --model register", 64, "give --format"),
                // check: inputs
                c("check @nope.jsonl --model register", 66, "nope.jsonl: no such file"),
                c("check @nodir/ --model register", 66, "nodir: no such file or directory"),
                c("check @no-histories --model register", 66, "no-histories: no .jsonl, .edn or .log history"),
                c("check @dir.jsonl --model register", 66, "dir.jsonl: no .jsonl, .edn or .log history"),
                c("check @good.jsonl @nope.jsonl --model register", 66, "nope.jsonl: no such file"),
                c("check @badjson.jsonl --model register", 65, "badjson.jsonl: line 5: not JSON"),
                c("check @wrongtype.jsonl --model register", 65, "wrongtype.jsonl: line 2: \"process\" must be"),
                c("check @missing-type.jsonl --model register", 65, "missing-type.jsonl: line 2: missing \"type\""),
                c("check @unknown-type.jsonl --model register", 65, "unknown-type.jsonl: line 2: \"type\" must be"),
                c("check @truncated.jsonl --model register", 65, "truncated.jsonl: line 5: not JSON"),
                c("check @array.jsonl --model register", 65, "array.jsonl: line 1: expected a JSON object"),
                c("check @utf8.jsonl --model register", 65, "utf8.jsonl: line 5: not UTF-8: byte 0xFF"),
                c("check @good.jsonl --format edn --model register", 65, "good.jsonl: line 1: not EDN"),
                c("check @unclosed.edn --model register", 65, "unclosed.edn: line 3: not EDN"),
                c("check @wrongtype.edn --model register", 65, "wrongtype.edn: line 2: operation 1: :process must be"),
                c("check @unknown-type.edn --model register", 65, "unknown-type.edn: line 2: operation 1: :type must be"),
                c("check @missing-f.edn --model register", 65, "missing-f.edn: line 2: operation 1 has no :f"),
                c("check @utf8.edn --model register", 65, "utf8.edn: line 2: not UTF-8: byte 0xC3"),
                c("check @garbage.log --model register", 65, "garbage.log: line 1: not a Jepsen log line"),
                // test
                c("test --bogus --store @store", 64, "unknown flag '--bogus'"),
                c("test extra --store @store", 64, "unexpected argument 'extra'"),
                c("test --workload --store @store", 64, "--workload needs a value (NAME)"),
                c("test --workload nope --store @store", 64, "--workload takes register"),
                c("test --workload register --workload bank --store @store", 64, "--workload is given 2 times"),
                c("test --seed 1 --seed 2 --store @store", 64, "--seed is given 2 times"),
                c("test --target ftp://x --store @store", 64, "--target ftp://x: the scheme must be http or https"),
                c("test --target http://127.0.0.1:99999 --store @store", 64, "the port must be 1 to 65535"),
                c("test --nemesis nope --store @store", 64, "--nemesis takes none or"),
                c("test --nemesis kill --store @store", 64, "--nemesis kill needs a process"),
                c("test --nemesis-interval 0 --store @store", 64, "--nemesis-interval takes a positive number"),
                c("test --time-limit -1 --store @store", 64, "--time-limit takes a positive number"),
                c("test --time-limit 1e12 --store @store", 64, "--time-limit takes at most"),
                c("test --concurrency 0 --store @store", 64, "--concurrency takes a whole number from 1 to 10000"),
                c("test --concurrency 1.5 --store @store", 64, "--concurrency takes a whole number"),
                c("test --rate -1 --store @store", 64, "--rate takes operations a second, 0 or more"),
                c("test --keys 0 --store @store", 64, "--keys takes a whole number"),
                c("test --key-dist zipf:abc --store @store", 64, "--key-dist: 'zipf:abc'"),
                c("test --seed abc --store @store", 64, "--seed takes a whole number, not 'abc'"),
                c("test --bug nope --store @store", 64, "--bug takes lost-update"),
                c("test --replica-lag -1 --store @store", 64, "--replica-lag takes a whole number from 0"),
                c("test --sync sometimes --store @store", 64, "--sync takes always, batch or never"),
                c("test --consistency-model nope --store @store", 64, "--consistency-model takes"),
                c("test --region us-east-2 --store @store", 64, "--region is for a URL --target"),
                c("test --keep-tables --store @store", 64, "--keep-tables is for a URL --target"),
                c("test --aws-credentials --store @store", 64, "--aws-credentials is for a URL --target"),
                c("test --workload bank --keys 1 --store @store", 64, "--workload bank --keys 1: a bank needs at least 2"),
                c("test --simulate --workload bank --keys 1 --store @store", 64, "--workload bank --keys 1"),
                c("test --swarm --store @store", 64, "--swarm needs --simulate"),
                c("test --simulate --target serve --store @store", 64, "--simulate runs keystorm's embedded engine"),
                c("test --simulate --shrink-budget 0 --store @store", 64, "--shrink-budget takes a whole number"),
                c("test --simulate --schedule @nope.json --store @store", 66, "--schedule " + dir.resolve("nope.json") + ": no such file"),
                c("test --simulate --schedule @no-histories --store @store", 66, "no-histories: a directory, not a file"),
                c("test --simulate --schedule @schedule-not.json --store @store", 65, "schedule-not.json: not a keystorm schedule"),
                c("test --simulate --schedule @schedule-cut.json --store @store", 65, "schedule-cut.json: a schedule is JSON"),
                c("test --simulate --schedule @schedule-utf8.json --store @store", 65, "schedule-utf8.json: not UTF-8 text"),
                c("test --simulate --schedule @schedule-not.json --seed 3 --store @store", 64, "it takes no --seed"),
                c("test --simulate --schedule @schedule-unknown-f.json --store @store", 65,
                        "schedule-unknown-f.json: a register knows read, write and cas, not frob"),
                c("test --simulate --schedule @schedule-bank-of-one.json --store @store", 65,
                        "schedule-bank-of-one.json: a bank needs at least 2 accounts"),
                c("test --simulate --schedule @schedule-unknown-workload.json --store @store", 65,
                        "schedule-unknown-workload.json: unknown workload 'nope'"),
                c("test --replay @nodir --store @store", 66, "--replay " + dir.resolve("nodir") + ": no such directory"),
                c("test --replay @good.jsonl --store @store", 66, "good.jsonl: not a directory"),
                c("test --replay @run-without-test --store @store", 66, "run-without-test: no test.json in it"),
                c("test --replay @run-cut --store @store", 65, "run-cut/test.json: line 1, column 9: not JSON"),
                c("test --replay @run-empty --store @store", 65, "run-empty/test.json: empty"),
                c("test --replay @run-bench --store @store", 65, "run-bench/test.json: field \"kind\": a bench run, not a test"),
                c("test --replay @run-no-target --store @store", 65, "run-no-target/test.json: field options.target: missing"),
                c("test --replay @run-cut --seed 4 --store @store", 64, "it takes no --seed"),
                // suite, hunt
                c("suite extra --store @store", 64, "unexpected argument 'extra'"),
                c("suite --workload register --store @store", 64, "choose them with --workloads and --nemeses"),
                c("suite --seeds 0 --store @store", 64, "--seeds takes a whole number"),
                c("suite --workloads nope --store @store", 64, "--workloads takes names among"),
                c("suite --workloads bank --keys 1 --store @store", 64, "--workload bank --keys 1"),
                c("suite --nemeses nope --store @store", 64, "--nemeses takes none or"),
                c("hunt --seed 3 --store @store", 64, "unknown flag '--seed'"),
                c("hunt --target serve --store @store", 64, "unknown flag '--target'"),
                c("hunt --seeds x --store @store", 64, "--seeds takes a whole number"),
                c("hunt --seeds 1 --seeds 2 --store @store", 64, "--seeds is given 2 times"),
                c("hunt --time-budget 0 --store @store", 64, "--time-budget takes a positive number"),
                c("hunt --first-seed x --store @store", 64, "--first-seed takes a whole number"),
                c("hunt --workload bank --keys 1 --seeds 1 --store @store", 64, "--workload bank --keys 1"),
                // bench
                c("bench --store @store", 64, "--workload is required"),
                c("bench --workload nope --store @store", 64, "'nope' is neither ycsb-a"),
                c("bench --workload @nope.properties --store @store", 66, "nope.properties: no such file"),
                c("bench --workload @bad.properties --store @store", 65, "bad.properties: recordcount is a whole number"),
                c("bench --workload @bad-utf8.properties --store @store", 65, "bad-utf8.properties: not UTF-8 text"),
                c("bench --workload ycsb-a --rate 0 --store @store", 64, "--rate takes a positive number"),
                c("bench --workload ycsb-a --rate 1 --rate 2 --store @store", 64, "--rate is given 2 times"),
                c("bench --workload ycsb-a --warmup -1 --store @store", 64, "--warmup takes seconds, 0 or more"),
                c("bench --workload ycsb-a --item-bytes 500000 --store @store", 64, "--item-bytes takes a whole number"),
                c("bench --workload ycsb-a --strategy nope --store @store", 64, "--strategy: 'nope'"),
                c("bench --workload ycsb-a --table-mode nope --store @store", 64, "--table-mode: 'nope'"),
                c("bench --workload ycsb-a --client sdk --store @store", 64, "--client is for serve and URL targets"),
                c("bench --workload ycsb-a --shard 2/2 --store @store", 64, "--shard takes i/N"),
                c("bench --workload ycsb-a --price nope=1 --store @store", 64, "--price: unknown price 'nope'"),
                c("bench --workload ycsb-a --prices @nope.properties --store @store", 66, "--prices "),
                c("bench --workload ycsb-a --prices @prices-bad.properties --store @store", 65, "prices-bad.properties: unknown price"),
                c("bench --workload ycsb-a --sync never --store @store", 64, "--sync is for --target serve"),
                c("bench merge", 64, "give the shards' run directories"),
                c("bench merge --bogus", 64, "not '--bogus'"),
                c("bench merge @nodir", 66, "no such directory"),
                c("bench merge @no-histories", 66, "no-histories/results.json: no such file"),
                // report, compare, store
                c("report", 64, "give the run directory"),
                c("report --bogus", 64, "unknown flag '--bogus'"),
                c("report @nodir", 66, "nodir: no such directory"),
                c("report @good.jsonl", 66, "good.jsonl: not a directory"),
                c("report @no-histories", 66, "no-histories: not a run directory"),
                c("report @run-bad-results", 65, "run-bad-results/results.json: line 1"),
                c("compare", 64, "give the run directories"),
                c("compare @nodir", 66, "nodir: no such directory"),
                c("compare @no-histories", 66, "no-histories: not a run directory"),
                c("compare @run-ok @run-bad-results --store @store", 65, "run-bad-results/results.json: line 1"),
                c("compare @run-ok @run-ok --out a.html --out b.html --store @store", 64, "--out is given 2 times"),
                c("compare @run-ok @run-ok --out @no-histories --store @store", 73, "is a directory"),
                c("store extra", 64, "unexpected argument 'extra'"),
                c("store --limit 0", 64, "--limit takes a whole number"),
                c("store --store @nodir", 66, "--store " + dir.resolve("nodir") + " is not a directory"),
                c("store --limit 1 --limit 2", 64, "--limit is given 2 times"),
                // demo, serve (flags only: none of these starts a server)
                c("demo extra", 64, "unexpected argument 'extra'"),
                c("demo --threads 0", 64, "--threads takes a whole number from 1 to 256"),
                c("demo --threads 2 --threads 3", 64, "--threads is given 2 times"),
                c("serve --bogus", 64, "unknown flag '--bogus'"),
                c("serve extra", 64, "unexpected argument 'extra'"),
                c("serve --port x", 64, "--port takes a port number"),
                c("serve --port 70000", 64, "--port takes a port number"),
                c("serve --port", 64, "--port needs a value"),
                c("serve --port 1 --port 2", 64, "--port is given 2 times"),
                c("serve --host 999.1.1.1", 64, "--host takes an address of this machine"),
                c("serve --sync always", 64, "--sync needs --data-dir"),
                c("serve --in-memory --data-dir x", 64, "--in-memory and --data-dir exclude each other"),
                c("serve --replica-lag -1", 64, "--replica-lag takes milliseconds"),
                c("serve --partitions 0", 64, "--partitions takes a whole number"),
                c("serve --bug nope", 64, "--bug takes one of"),
                c("serve --insights-interval 1", 64, "--insights-interval needs --insights"),
                c("frobnicate", 64, "unknown command 'frobnicate'")));
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void answersWithItsStatusAndOneLineNamingTheProblem(Case c) {
        CommandLineTest run = CommandLineTest.run(c.args()).assertStatus(c.status());
        assertOneLine(run, c.args()[0]);
        assertThat(run.err().lines().findFirst().orElseThrow()).as("stderr").contains(c.names());
        assertThat(store).as("a run directory left behind by: %s", c.line()).doesNotExist();
    }

    /**
     * The first line says what is wrong; a parse error adds the usage line (every command's
     * style), an unknown command the list of commands; never a stack trace.
     */
    static void assertOneLine(CommandLineTest run, String command) {
        List<String> lines = run.err().lines().toList();
        assertThat(lines).as("stderr").isNotEmpty();
        boolean known = Main.subcommands().stream().anyMatch(subcommand -> subcommand.name().equals(command));
        assertThat(lines.getFirst()).startsWith(known ? "keystorm " + command : "keystorm: unknown command");
        if (known) {
            assertThat(lines.size()).as("stderr lines: %s", run.err()).isLessThanOrEqualTo(2);
            if (lines.size() == 2) {
                assertThat(lines.get(1)).startsWith("usage: ");
            }
        }
        assertThat(run.err()).doesNotContain("Exception").doesNotContain("at keystorm.").doesNotContain("internal error");
    }
}
