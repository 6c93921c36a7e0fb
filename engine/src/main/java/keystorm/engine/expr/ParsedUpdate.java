package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** A parsed UpdateExpression: its actions clause by clause, placeholders unresolved. */
record ParsedUpdate(List<UpdateAction.Set> sets, List<UpdateAction.Remove> removes,
                    List<UpdateAction.Add> adds, List<UpdateAction.Delete> deletes) {
    ParsedUpdate {
        sets = List.copyOf(sets);
        removes = List.copyOf(removes);
        adds = List.copyOf(adds);
        deletes = List.copyOf(deletes);
    }

    List<UpdateAction> all() {
        List<UpdateAction> all = new ArrayList<>(sets);
        all.addAll(removes);
        all.addAll(adds);
        all.addAll(deletes);
        return all;
    }

    @Override
    public String toString() {
        List<String> clauses = new ArrayList<>();
        if (!sets.isEmpty()) {
            clauses.add("SET " + sets.stream().map(s -> s.path() + " = " + s.value())
                    .collect(Collectors.joining(", ")));
        }
        if (!removes.isEmpty()) {
            clauses.add("REMOVE " + removes.stream().map(r -> r.path().toString()).collect(Collectors.joining(", ")));
        }
        if (!adds.isEmpty()) {
            clauses.add("ADD " + adds.stream().map(a -> a.path() + " " + a.value()).collect(Collectors.joining(", ")));
        }
        if (!deletes.isEmpty()) {
            clauses.add("DELETE " + deletes.stream().map(d -> d.path() + " " + d.value())
                    .collect(Collectors.joining(", ")));
        }
        return String.join(" ", clauses);
    }
}
