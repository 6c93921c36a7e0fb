package keystorm.checker.linear;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import keystorm.checker.CheckerOptions;
import keystorm.checker.Validity;
import keystorm.checker.history.History;
import keystorm.checker.history.HistoryFormat;
import keystorm.checker.history.Values;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every history of Knossos's and Porcupine's test data gets the verdict its upstream project
 * asserts for it (the corpora's VERDICTS.tsv, taken from knossos core_test.clj and
 * porcupine_test.go; see the NOTES.md beside them).
 */
class CorpusTest {
    static Path corpusDir(String name) {
        try {
            return Path.of(CorpusTest.class.getResource("/corpora/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One row of a VERDICTS.tsv. */
    record Case(String corpus, String file, String format, String model, Validity expected) {
        @Override
        public String toString() {
            return corpus + "/" + file;
        }

        Path path() {
            return corpusDir(corpus).resolve(file);
        }

        /** The initial states the upstream tests use. */
        JsonNode initial() {
            return switch (model) {
                case "cas-register" -> corpus.equals("knossos") ? Values.parse("0") : null;
                case "multi-register" -> Values.parse("{\"x\":0,\"y\":0}");
                default -> null;
            };
        }
    }

    static List<Case> cases(String corpus) throws IOException {
        List<Case> cases = new ArrayList<>();
        try (InputStream in = CorpusTest.class.getResourceAsStream("/corpora/" + corpus + "/VERDICTS.tsv")) {
            String[] lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n");
            for (int i = 1; i < lines.length; i++) {
                if (lines[i].isBlank()) {
                    continue;
                }
                String[] columns = lines[i].split("\t");
                cases.add(new Case(corpus, columns[0], columns[1], columns[2],
                        Validity.valueOf(columns[3].strip().toUpperCase(java.util.Locale.ROOT))));
            }
        }
        return cases;
    }

    static Stream<Arguments> all() throws IOException {
        List<Case> cases = new ArrayList<>(cases("knossos"));
        cases.addAll(cases("porcupine"));
        return cases.stream().map(Arguments::of);
    }

    static Validity check(Case c) throws Exception {
        History history = HistoryFormat.ofFlag(c.format()).read(c.path());
        CheckerOptions options = CheckerOptions.defaults().withModel(c.model(), c.initial())
                .withTimeout(Duration.ofSeconds(60));
        return new LinearizabilityChecker(options).check(history).validity();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("all")
    void upstreamVerdict(Case c) throws Exception {
        assertThat(Files.exists(c.path())).as(c.path().toString()).isTrue();
        assertThat(check(c)).isEqualTo(c.expected());
    }
}
