package keystorm.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * {@code keystorm check} on a valid JSONL history broken at one line (cut short, a brace deleted,
 * a field of the wrong type, a byte that is not UTF-8, garbage in front): always exit 65 with one
 * line that names the file and that line, never 70 and never a stack trace.
 */
class CheckMalformedHistoryProperties {
    private static Path dir;

    @BeforeContainer
    static void makeDirectory() throws IOException {
        dir = Files.createTempDirectory("keystorm-malformed");
    }

    @AfterContainer
    static void removeDirectory() throws IOException {
        try (var files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    /** How the chosen line is broken. */
    enum Corruption {
        /** Cut short at a random place (a cut last line is a crash between flushes). */
        TRUNCATE,
        /** Its opening brace removed. */
        DELETE_OPENING_BRACE,
        /** Its closing brace removed. */
        DELETE_CLOSING_BRACE,
        /** {@code process} a string that is not "nemesis". */
        PROCESS_WRONG_TYPE,
        /** {@code type} a number. */
        TYPE_WRONG_TYPE,
        /** {@code type} a word that is no op type. */
        TYPE_UNKNOWN,
        /** {@code f} missing. */
        F_MISSING,
        /** A byte that is not UTF-8 inside a value. */
        NOT_UTF8,
        /** Printable garbage in front of the object. */
        GARBAGE_PREFIX
    }

    /** One operation of a register history: a process writes or reads, and completes. */
    record Call(int process, boolean write, int value) {
    }

    @Provide
    Arbitrary<List<Call>> histories() {
        return Combinators.combine(Arbitraries.integers().between(0, 4), Arbitraries.of(true, false),
                Arbitraries.integers().between(0, 9)).as(Call::new).list().ofMinSize(1).ofMaxSize(20);
    }

    /** The history's lines: for each call its invocation and then its completion. */
    static List<String> lines(List<Call> calls) {
        List<String> lines = new ArrayList<>();
        for (Call call : calls) {
            String f = call.write() ? "write" : "read";
            String invoked = call.write() ? String.valueOf(call.value()) : "null";
            lines.add("{\"process\":" + call.process() + ",\"type\":\"invoke\",\"f\":\"" + f + "\",\"value\":" + invoked + "}");
            lines.add("{\"process\":" + call.process() + ",\"type\":\"ok\",\"f\":\"" + f + "\",\"value\":" + call.value() + "}");
        }
        return lines;
    }

    /** The line broken as asked; {@code cut} picks where a truncation falls. */
    static byte[] corrupt(String line, Corruption corruption, int cut) {
        String broken = switch (corruption) {
            case TRUNCATE -> line.substring(0, 1 + cut % (line.length() - 1)); // never empty: a blank line is skipped
            case DELETE_OPENING_BRACE -> line.substring(1);
            case DELETE_CLOSING_BRACE -> line.substring(0, line.length() - 1);
            case PROCESS_WRONG_TYPE -> line.replaceFirst("\"process\":\\d+", "\"process\":\"p" + cut + "\"");
            case TYPE_WRONG_TYPE -> line.replaceFirst("\"type\":\"[a-z]+\"", "\"type\":" + cut);
            case TYPE_UNKNOWN -> line.replaceFirst("\"type\":\"[a-z]+\"", "\"type\":\"done\"");
            case F_MISSING -> line.replaceFirst(",\"f\":\"[a-z]+\"", "");
            case NOT_UTF8 -> null;
            case GARBAGE_PREFIX -> "#!~".substring(cut % 3) + line;
        };
        if (broken != null) {
            return broken.getBytes(StandardCharsets.UTF_8);
        }
        // a lone continuation byte, a lead byte without its continuation, or a byte no UTF-8 holds
        byte bad = new byte[] {(byte) 0x80, (byte) 0xC3, (byte) 0xFF}[cut % 3];
        int at = line.indexOf("\"value\":") + "\"value\":".length();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(line.substring(0, at).getBytes(StandardCharsets.UTF_8));
        out.writeBytes(new byte[] {'"', bad, '"'});
        out.writeBytes(line.substring(line.indexOf('}', at)).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    @Property(tries = 300)
    void aHistoryBrokenAtOneLineExits65NamingThatLine(@ForAll("histories") List<Call> calls,
                                                      @ForAll Corruption corruption,
                                                      @ForAll("fractions") double where,
                                                      @ForAll("cuts") int cut,
                                                      @ForAll boolean lastLineWithoutNewline) throws IOException {
        List<String> lines = lines(calls);
        int broken = (int) (where * lines.size()); // 0-based
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (int i = 0; i < lines.size(); i++) {
            file.writeBytes(i == broken ? corrupt(lines.get(i), corruption, cut) : lines.get(i).getBytes(StandardCharsets.UTF_8));
            if (i < lines.size() - 1 || !lastLineWithoutNewline) {
                file.write('\n');
            }
        }
        Path history = Files.write(dir.resolve("history-" + System.nanoTime() + ".jsonl"), file.toByteArray());

        CommandLineTest run = CommandLineTest.run("check", history.toString(), "--model", "register", "--initial", "0");

        assertThat(run.status()).as("exit status; stderr: %s", run.err()).isEqualTo(ExitStatus.DATA_ERROR);
        CliErrorsTest.assertOneLine(run, "check");
        assertThat(run.err().strip()).startsWith("keystorm check: " + history + ": line " + (broken + 1) + ": ");
    }

    @Provide
    Arbitrary<Double> fractions() {
        return Arbitraries.doubles().between(0.0, true, 1.0, false);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 1_000);
    }
}
