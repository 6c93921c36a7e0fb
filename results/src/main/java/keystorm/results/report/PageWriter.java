package keystorm.results.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Locale;

/**
 * Writes a {@link Page} as one self-contained HTML file: the verdict, the facts, the sections, the
 * data blob ({@code <script type="application/json" id="keystorm-data">}), ECharts (inlined from its
 * WebJar) and the page's own script and style (resources beside this class). Nothing on the page
 * refers to the network: it opens offline, from a file.
 */
final class PageWriter {
    static final String ECHARTS = "META-INF/resources/webjars/echarts/5.3.1/dist/echarts.min.js";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static volatile String echarts;

    private PageWriter() {
    }

    /** Writes the page to {@code out} (through a temporary file beside it, then moved in place). */
    static Path write(Page page, Path out) throws IOException {
        Path parent = out.toAbsolutePath().getParent();
        // not createTempFile: its owner-only permissions would stay on the page
        Path tmp = parent.resolve("." + out.getFileName() + "." + ProcessHandle.current().pid() + "." + System.nanoTime() + ".tmp");
        try {
            Files.writeString(tmp, html(page), StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return out;
    }

    static String html(Page page) {
        StringBuilder b = new StringBuilder(1_200_000);
        JsonNode verdict = page.blob.path("verdict");
        String validity = verdict.path("validity").asText("none");
        b.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
                .append("<title>").append(esc(page.title)).append("</title>\n<style>\n")
                .append(resource("report.css")).append("</style>\n</head>\n<body>\n");
        b.append("<header class=\"verdict ").append(esc(validity)).append("\">\n<h1 id=\"verdict\">")
                .append(esc(verdict.path("text").asText())).append("</h1>\n");
        if (page.blob.hasNonNull("subtitle")) {
            b.append("<p class=\"subtitle\">").append(esc(page.blob.get("subtitle").asText())).append("</p>\n");
        }
        b.append("</header>\n<main>\n");
        JsonNode facts = page.blob.path("facts");
        if (!facts.isEmpty()) {
            b.append("<section id=\"facts\"><table class=\"facts\">\n");
            for (JsonNode fact : facts) {
                b.append("<tr><th>").append(esc(fact.path("label").asText())).append("</th><td>")
                        .append(esc(fact.path("value").asText())).append("</td></tr>\n");
            }
            b.append("</table></section>\n");
        }
        JsonNode missing = page.blob.path("missing");
        if (!missing.isEmpty()) {
            b.append("<section class=\"missing\">\n");
            for (JsonNode m : missing) {
                b.append("<p class=\"missing-file\">").append(esc(m.asText())).append("</p>\n");
            }
            b.append("</section>\n");
        }
        for (Page.Section section : page.sections) {
            section(b, section);
        }
        b.append("</main>\n<footer>keystorm report · charts by Apache ECharts 5.3.1, inlined</footer>\n");
        b.append("<script type=\"application/json\" id=\"keystorm-data\">").append(blobText(page)).append("</script>\n");
        b.append("<script>\n").append(echarts()).append("\n</script>\n");
        b.append("<script>\n").append(resource("report.js")).append("</script>\n</body>\n</html>\n");
        return b.toString();
    }

    private static void section(StringBuilder b, Page.Section section) {
        switch (section) {
            case Page.Heading h -> {
                b.append("<h2 class=\"group").append(h.cls() == null ? "" : " " + esc(h.cls())).append("\">")
                        .append(esc(h.text())).append("</h2>\n");
                note(b, h.note());
            }
            case Page.Chart c -> {
                b.append("<section class=\"plot\">\n<h3>").append(esc(c.heading())).append("</h3>\n");
                note(b, c.note());
                b.append("<div class=\"chart").append(c.tall() ? " tall" : "").append("\" data-chart=\"")
                        .append(esc(c.name())).append("\"></div>\n</section>\n");
            }
            case Page.Omitted o -> b.append("<section class=\"plot omitted\">\n<h3>").append(esc(o.heading()))
                    .append("</h3>\n<p class=\"omitted-reason\" data-omitted=\"").append(esc(o.name())).append("\">")
                    .append(esc(o.reason())).append("</p>\n</section>\n");
            case Page.Text t -> {
                b.append("<section class=\"text\">\n");
                if (t.heading() != null) {
                    b.append("<h3>").append(esc(t.heading())).append("</h3>\n");
                }
                b.append("<pre>").append(esc(t.text())).append("</pre>\n</section>\n");
            }
            case Page.TableSection t -> {
                b.append("<section class=\"table\">\n<h3>").append(esc(t.heading())).append("</h3>\n");
                note(b, t.note());
                table(b, t.name(), t.table());
                b.append("</section>\n");
            }
        }
    }

    private static void note(StringBuilder b, String note) {
        if (note != null) {
            b.append("<p class=\"note\">").append(esc(note)).append("</p>\n");
        }
    }

    private static void table(StringBuilder b, String name, Table table) {
        b.append("<div class=\"scroll\"><table class=\"data\" data-table=\"").append(esc(name)).append("\">\n<thead><tr>");
        for (String c : table.columns) {
            b.append("<th>").append(esc(c)).append("</th>");
        }
        b.append("</tr></thead>\n<tbody>\n");
        for (int r = 0; r < table.rows.size(); r++) {
            String cls = table.rowClasses.get(r);
            b.append(cls == null ? "<tr>" : "<tr class=\"" + esc(cls) + "\">");
            for (Table.Cell cell : table.rows.get(r)) {
                b.append(cell.cls() == null ? "<td>" : "<td class=\"" + esc(cell.cls()) + "\">");
                if (cell.href() != null) {
                    b.append("<a href=\"").append(esc(cell.href())).append("\">").append(esc(cell.text())).append("</a>");
                } else {
                    b.append(esc(cell.text()));
                }
                b.append("</td>");
            }
            b.append("</tr>\n");
        }
        b.append("</tbody></table></div>\n");
    }

    /** The blob as JSON, safe inside a script element: {@code </} becomes {@code <\/} (the same JSON string). */
    static String blobText(Page page) {
        try {
            return JSON.writeValueAsString(page.blob).replace("</", "<\\/").replace("<!--", "<\\u0021--");
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("the page's data cannot be written as JSON", e);
        }
    }

    static String esc(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder b = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    static String echarts() {
        String text = echarts;
        if (text == null) {
            text = read(ECHARTS, "ECharts (org.webjars.npm:echarts:5.3.1) is not on the classpath");
            if (text.toLowerCase(Locale.ROOT).contains("</script")) {
                throw new IllegalStateException(ECHARTS + " contains </script and cannot be inlined");
            }
            echarts = text;
        }
        return text;
    }

    static String resource(String name) {
        return read("keystorm/report/" + name, "the report's " + name + " is not on the classpath");
    }

    private static String read(String path, String absent) {
        try (InputStream in = PageWriter.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException(absent + " (" + path + ")");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Facts as the blob's {@code facts} entries. */
    static void facts(com.fasterxml.jackson.databind.node.ObjectNode blob, List<String[]> facts) {
        var array = blob.putArray("facts");
        for (String[] f : facts) {
            array.addObject().put("label", f[0]).put("value", f[1]);
        }
    }
}
