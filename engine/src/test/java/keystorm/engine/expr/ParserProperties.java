package keystorm.engine.expr;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.ErrorType;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The parser's contract: what it prints it parses back to the same tree, and whatever it is
 * given, it answers with a tree or a ValidationException, never another exception.
 */
class ParserProperties {
    private static final String[] NAMES = {"a", "b", "c1", "x_y", "#n", "#m"};
    private static final String[] VALUES = {":v", ":w", ":v1"};

    @Property(tries = 500)
    void printedConditionsParseBackToTheSameTree(@ForAll long seed) {
        Cond tree = new TreeGenerator(new Random(seed)).condition(4);
        assertThat(Parser.parseCondition(tree.toString(), "ConditionExpression")).isEqualTo(tree);
    }

    @Property(tries = 500)
    void printedUpdatesParseBackToTheSameTree(@ForAll long seed) {
        ParsedUpdate update = new TreeGenerator(new Random(seed)).update();
        assertThat(Parser.parseUpdate(update.toString())).isEqualTo(update);
    }

    @Property(tries = 2000)
    void junkGivesAValidationExceptionAndNothingElse(@ForAll("junk") String text) {
        for (String kind : List.of("condition", "update", "projection")) {
            try {
                switch (kind) {
                    case "condition" -> Parser.parseCondition(text, "ConditionExpression");
                    case "update" -> Parser.parseUpdate(text);
                    default -> Parser.parseProjection(text);
                }
            } catch (DynamoException e) {
                assertThat(e.type()).isEqualTo(ErrorType.ValidationException);
                assertThat(e.getMessage()).startsWith("Invalid ");
            }
        }
    }

    @Provide
    Arbitrary<String> junk() {
        Arbitrary<String> tokens = Arbitraries.of("a", "#n", ":v", "(", ")", "[", "]", "0", "12", ",", ".", "=", "<>",
                "<", "<=", ">", ">=", "+", "-", "AND", "OR", "NOT", "BETWEEN", "IN", "SET", "REMOVE", "ADD", "DELETE",
                "size", "contains", "begins_with", "attribute_exists", "if_not_exists", "list_append", " ", "#", ":",
                "$", "\"", "99999999999999999999", "status");
        Arbitrary<String> soup = tokens.list().ofMaxSize(25).map(parts -> String.join(" ", parts));
        Arbitrary<String> raw = Arbitraries.strings().withChars("ab#:()[],.=<>+- 019$").ofMaxLength(40);
        return Arbitraries.oneOf(soup, raw, Arbitraries.strings().ofMaxLength(30));
    }

    /** Random trees over a few names and values, nested a few levels deep. */
    static final class TreeGenerator {
        private final Random random;

        TreeGenerator(Random random) {
            this.random = random;
        }

        Cond condition(int depth) {
            int choice = random.nextInt(depth <= 0 ? 4 : 7);
            return switch (choice) {
                case 0 -> new Cond.Compare(Cond.Comparator.values()[random.nextInt(6)], operand(), operand());
                case 1 -> new Cond.Between(operand(), operand(), operand());
                case 2 -> {
                    List<Operand> candidates = new ArrayList<>();
                    for (int i = 0, n = 1 + random.nextInt(3); i < n; i++) {
                        candidates.add(operand());
                    }
                    yield new Cond.In(operand(), candidates);
                }
                case 3 -> function();
                case 4 -> new Cond.And(condition(depth - 1), condition(depth - 1));
                case 5 -> new Cond.Or(condition(depth - 1), condition(depth - 1));
                default -> new Cond.Not(condition(depth - 1));
            };
        }

        private Cond function() {
            Cond.FunctionName name = Cond.FunctionName.values()[random.nextInt(Cond.FunctionName.values().length)];
            List<Operand> arguments = new ArrayList<>();
            arguments.add(new Operand.PathRef(path()));
            if (name.arity == 2) {
                arguments.add(operand());
            }
            return new Cond.Function(name, arguments);
        }

        private Operand operand() {
            return switch (random.nextInt(3)) {
                case 0 -> new Operand.PathRef(path());
                case 1 -> new Operand.ValueRef(VALUES[random.nextInt(VALUES.length)]);
                default -> new Operand.Size(path());
            };
        }

        Path path() {
            List<Path.Step> steps = new ArrayList<>();
            steps.add(new Path.Step.Name(NAMES[random.nextInt(NAMES.length)]));
            for (int i = 0, n = random.nextInt(3); i < n; i++) {
                steps.add(random.nextBoolean() ? new Path.Step.Name(NAMES[random.nextInt(NAMES.length)])
                        : new Path.Step.Index(random.nextInt(20)));
            }
            return new Path(steps);
        }

        ParsedUpdate update() {
            List<UpdateAction.Set> sets = new ArrayList<>();
            List<UpdateAction.Remove> removes = new ArrayList<>();
            List<UpdateAction.Add> adds = new ArrayList<>();
            List<UpdateAction.Delete> deletes = new ArrayList<>();
            do {
                switch (random.nextInt(4)) {
                    case 0 -> sets.add(new UpdateAction.Set(path(), setValue()));
                    case 1 -> removes.add(new UpdateAction.Remove(path()));
                    case 2 -> adds.add(new UpdateAction.Add(path(), value()));
                    default -> deletes.add(new UpdateAction.Delete(path(), value()));
                }
            } while (random.nextInt(3) != 0);
            return new ParsedUpdate(sets, removes, adds, deletes);
        }

        private Operand setValue() {
            Operand operand = setOperand(2);
            return random.nextInt(3) == 0 ? new Operand.Arithmetic(operand, random.nextBoolean(), setOperand(2))
                    : operand;
        }

        private Operand setOperand(int depth) {
            int choice = random.nextInt(depth <= 0 ? 2 : 4);
            return switch (choice) {
                case 0 -> new Operand.PathRef(path());
                case 1 -> value();
                case 2 -> new Operand.IfNotExists(path(), setOperand(depth - 1));
                default -> new Operand.ListAppend(setOperand(depth - 1), setOperand(depth - 1));
            };
        }

        private Operand.ValueRef value() {
            return new Operand.ValueRef(VALUES[random.nextInt(VALUES.length)]);
        }
    }
}
