package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.Bytes;
import keystorm.engine.item.Num;

/**
 * Turns a constant expression (a literal, a {@code ?}, a document {@code {...}}, {@code [...]} or
 * {@code <<...>>} of those) into the AttributeValue it stands for, given the request's Parameters.
 * MISSING inside a document leaves that member out, as PartiQL's semantics say; MISSING alone is null.
 */
final class Values {
    private Values() {
    }

    static boolean isConstant(Ast.Expr expr) {
        return switch (expr) {
            case Ast.Literal l -> true;
            case Ast.Param p -> true;
            case Ast.MapLiteral m -> m.entries().stream().allMatch(e -> isConstant(e.value()));
            case Ast.ListLiteral l -> l.elements().stream().allMatch(Values::isConstant);
            case Ast.SetLiteral s -> s.elements().stream().allMatch(Values::isConstant);
            default -> false;
        };
    }

    static AttributeValue of(Ast.Expr expr, List<AttributeValue> parameters) {
        return switch (expr) {
            case Ast.Literal literal -> literal.value();
            case Ast.Param param -> parameters.get(param.index());
            case Ast.MapLiteral map -> {
                Map<String, AttributeValue> members = new LinkedHashMap<>();
                for (Ast.Entry entry : map.entries()) {
                    AttributeValue value = of(entry.value(), parameters);
                    if (value != null) {
                        members.put(entry.key(), value);
                    }
                }
                yield AttributeValue.m(members);
            }
            case Ast.ListLiteral list -> {
                List<AttributeValue> elements = new ArrayList<>();
                for (Ast.Expr element : list.elements()) {
                    AttributeValue value = of(element, parameters);
                    if (value != null) {
                        elements.add(value);
                    }
                }
                yield AttributeValue.l(elements);
            }
            case Ast.SetLiteral set -> set(set, parameters);
            default -> throw DynamoException.validation("Unsupported operand in a value position: " + expr);
        };
    }

    private static AttributeValue set(Ast.SetLiteral set, List<AttributeValue> parameters) {
        if (set.elements().isEmpty()) {
            throw DynamoException.validation("Empty bags are not supported");
        }
        List<AttributeValue> elements = new ArrayList<>();
        for (Ast.Expr element : set.elements()) {
            elements.add(of(element, parameters));
        }
        String type = elements.get(0) == null ? "MISSING" : elements.get(0).typeName();
        for (AttributeValue element : elements) {
            if (element == null || !element.typeName().equals(type) || !(type.equals("S") || type.equals("N")
                    || type.equals("B"))) {
                throw DynamoException.validation("Unsupported data type in Bag. DynamoDB only supports either "
                        + "numbers or strings in bags");
            }
        }
        switch (type) {
            case "S" -> {
                Set<String> values = new LinkedHashSet<>();
                elements.forEach(e -> values.add(((AttributeValue.S) e).value()));
                checkDistinct(values.size(), elements.size());
                return new AttributeValue.SS(values);
            }
            case "N" -> {
                Set<Num> values = new LinkedHashSet<>();
                elements.forEach(e -> values.add(((AttributeValue.N) e).value()));
                checkDistinct(values.size(), elements.size());
                return new AttributeValue.NS(values);
            }
            default -> {
                Set<Bytes> values = new LinkedHashSet<>();
                elements.forEach(e -> values.add(((AttributeValue.B) e).value()));
                checkDistinct(values.size(), elements.size());
                return new AttributeValue.BS(values);
            }
        }
    }

    private static void checkDistinct(int distinct, int given) {
        if (distinct != given) {
            throw DynamoException.validation("Input collection contains duplicates");
        }
    }
}
