package keystorm.results.report;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A page to write: its verdict, facts and sections in order, and the data blob its script draws the
 * charts from. Built by a kind's page builder ({@link RunPages}, {@link ComparePage}), written by
 * {@link PageWriter}.
 */
final class Page {
    final String title;
    final ObjectNode blob;
    final List<Section> sections = new ArrayList<>();

    Page(String title, ObjectNode blob) {
        this.title = title;
        this.blob = blob;
    }

    /** One part of the page, under its heading. */
    sealed interface Section permits Chart, TableSection, Text, Omitted, Heading {
    }

    /** A chart div ({@code blob.charts[name]}), with a line under the heading when {@code note} is not null. */
    record Chart(String heading, String name, String note, boolean tall) implements Section {
    }

    /** A table ({@code blob.tables[name]}). */
    record TableSection(String heading, String name, String note, Table table) implements Section {
    }

    /** Preformatted text (an explanation, the checker's text). */
    record Text(String heading, String text) implements Section {
    }

    /** A chart left out, in one line saying why ({@code blob.omitted[name]}). */
    record Omitted(String heading, String name, String reason) implements Section {
    }

    /** A heading that groups the sections after it (a strategy, an anomaly), with an optional line. */
    record Heading(String text, String note, String cls) implements Section {
    }

    Page chart(String heading, String name, ObjectNode spec, String note) {
        return chart(heading, name, spec, note, false);
    }

    Page chart(String heading, String name, ObjectNode spec, String note, boolean tall) {
        blob.withObjectProperty("charts").set(name, spec);
        sections.add(new Chart(heading, name, note, tall));
        return this;
    }

    Page omit(String heading, String name, String reason) {
        blob.withObjectProperty("omitted").put(name, reason);
        sections.add(new Omitted(heading, name, reason));
        return this;
    }

    Page table(String heading, String name, Table table, String note) {
        blob.withObjectProperty("tables").set(name, table.json());
        sections.add(new TableSection(heading, name, note, table));
        return this;
    }

    Page text(String heading, String text) {
        sections.add(new Text(heading, text));
        return this;
    }

    Page heading(String text, String note, String cls) {
        sections.add(new Heading(text, note, cls));
        return this;
    }
}
