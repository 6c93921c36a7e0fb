package keystorm.results.report;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The data blob of a written page, as other tests read it. */
final class Blob {
    static final String OPEN = "<script type=\"application/json\" id=\"keystorm-data\">";

    private Blob() {
    }

    static JsonNode of(Path page) throws IOException {
        String html = Files.readString(page);
        int start = html.indexOf(OPEN);
        if (start < 0) {
            throw new AssertionError("no data blob in " + page);
        }
        start += OPEN.length();
        int end = html.indexOf("</script>", start);
        return RunFixture.JSON.readTree(html.substring(start, end));
    }
}
