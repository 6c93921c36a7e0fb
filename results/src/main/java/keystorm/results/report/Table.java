package keystorm.results.report;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A table of a page: in the HTML as a {@code <table>}, in the data blob as
 * {@code {"columns":[...],"rows":[[cell text...]],"links":[[href or null...]]}} ({@code links}
 * only when a cell links).
 */
final class Table {
    /** One cell: its text, a relative link or null, a CSS class or null (valid, invalid, unknown, scan). */
    record Cell(String text, String href, String cls) {
        static Cell of(String text) {
            return new Cell(text, null, null);
        }
    }

    final List<String> columns;
    final List<List<Cell>> rows = new ArrayList<>();
    final List<String> rowClasses = new ArrayList<>();

    Table(List<String> columns) {
        this.columns = List.copyOf(columns);
    }

    Table row(List<Cell> cells) {
        return row(cells, null);
    }

    Table row(List<Cell> cells, String cls) {
        if (cells.size() != columns.size()) {
            throw new IllegalArgumentException(cells.size() + " cells for " + columns.size() + " columns");
        }
        rows.add(List.copyOf(cells));
        rowClasses.add(cls);
        return this;
    }

    Table texts(String... texts) {
        List<Cell> cells = new ArrayList<>();
        for (String t : texts) {
            cells.add(Cell.of(t));
        }
        return row(cells);
    }

    ObjectNode json() {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        ArrayNode cols = node.putArray("columns");
        columns.forEach(cols::add);
        ArrayNode out = node.putArray("rows");
        boolean linked = rows.stream().flatMap(List::stream).anyMatch(c -> c.href() != null);
        ArrayNode links = linked ? node.putArray("links") : null;
        for (List<Cell> row : rows) {
            ArrayNode r = out.addArray();
            ArrayNode l = linked ? links.addArray() : null;
            for (Cell c : row) {
                r.add(c.text());
                if (l != null) {
                    if (c.href() == null) {
                        l.addNull();
                    } else {
                        l.add(c.href());
                    }
                }
            }
        }
        return node;
    }
}
