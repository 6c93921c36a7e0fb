package keystorm.engine.expr;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.DynamoException;
import keystorm.engine.api.Limits;

/**
 * Recursive-descent parser for DynamoDB's expression languages. Precedence, from the
 * developer guide ("Comparison operator and function reference"), high to low: comparators,
 * IN, BETWEEN, functions, parentheses, NOT, AND, OR. Comparators, IN and BETWEEN do not chain,
 * so the grammar is:
 *
 * <pre>
 * condition := or
 * or        := and ("OR" and)*
 * and       := not ("AND" not)*
 * not       := "NOT" not | primary
 * primary   := "(" condition ")" | function "(" operands ")"
 *            | operand (comparator operand | "BETWEEN" operand "AND" operand | "IN" "(" operands ")")
 * operand   := path | :value | "size" "(" path ")"
 * path      := name ("." name | "[" digits "]")*
 * </pre>
 *
 * Bounded: parenthesis nesting and path depth are limited, so junk input cannot overflow the
 * stack; every failure is a ValidationException.
 */
final class Parser {
    /** DynamoDB's bounds on expressions, and keystorm's own on nesting, which bounds the parser's recursion. */
    private static final Limits LIMITS = Limits.DYNAMODB;

    private final String text;
    private final String kind;
    private final List<Token> tokens;
    private int position;
    private int nesting;
    private int operators;

    private Parser(String text, String kind) {
        this.text = text;
        this.kind = kind;
        this.tokens = Lexer.tokenize(text, kind);
    }

    static Cond parseCondition(String text, String kind) {
        Parser parser = new Parser(checkLength(text, kind), kind);
        Cond condition = parser.or();
        parser.expect(Token.Kind.EOF);
        if (parser.operators > LIMITS.expressionOperatorsMax()) {
            throw ParseErrors.invalid(kind,
                    "Expression size has exceeded the maximum allowed size; operators or functions: " + parser.operators);
        }
        return condition;
    }

    static ParsedUpdate parseUpdate(String text) {
        Parser parser = new Parser(checkLength(text, "UpdateExpression"), "UpdateExpression");
        ParsedUpdate update = parser.update();
        if (parser.operators > LIMITS.expressionOperatorsMax()) {
            throw ParseErrors.invalid("UpdateExpression",
                    "Expression size has exceeded the maximum allowed size; operators or functions: " + parser.operators);
        }
        return update;
    }

    static List<Path> parseProjection(String text) {
        Parser parser = new Parser(checkLength(text, "ProjectionExpression"), "ProjectionExpression");
        List<Path> paths = new ArrayList<>();
        do {
            paths.add(parser.path());
        } while (parser.accept(Token.Kind.COMMA));
        parser.expect(Token.Kind.EOF);
        return paths;
    }

    private static String checkLength(String text, String kind) {
        if (text == null || text.isBlank()) {
            throw DynamoException.validation("Invalid " + kind + ": The expression can not be empty;");
        }
        if (text.length() > LIMITS.expressionLengthMax()) {
            throw ParseErrors.invalid(kind, "Expression size has exceeded the maximum allowed size; expression size: "
                    + text.length());
        }
        return text;
    }

    // ---- conditions

    private Cond or() {
        Cond left = and();
        while (acceptKeyword("OR")) {
            operators++;
            left = new Cond.Or(left, and());
        }
        return left;
    }

    private Cond and() {
        Cond left = not();
        while (acceptKeyword("AND")) {
            operators++;
            left = new Cond.And(left, not());
        }
        return left;
    }

    private Cond not() {
        if (acceptKeyword("NOT")) {
            operators++;
            enter();
            Cond operand = not();
            nesting--;
            return new Cond.Not(operand);
        }
        return primary();
    }

    private Cond primary() {
        Token token = peek();
        if (token.kind() == Token.Kind.LPAREN) {
            advance();
            enter();
            Cond inner = or();
            nesting--;
            expect(Token.Kind.RPAREN);
            return inner;
        }
        if (token.kind() == Token.Kind.IDENT && peekAt(1).kind() == Token.Kind.LPAREN
                && !token.text().equals("size")) {
            return function();
        }
        Operand subject = conditionOperand();
        Token next = peek();
        Cond.Comparator comparator = switch (next.kind()) {
            case EQ -> Cond.Comparator.EQ;
            case NE -> Cond.Comparator.NE;
            case LT -> Cond.Comparator.LT;
            case LE -> Cond.Comparator.LE;
            case GT -> Cond.Comparator.GT;
            case GE -> Cond.Comparator.GE;
            default -> null;
        };
        if (comparator != null) {
            advance();
            operators++;
            return new Cond.Compare(comparator, subject, conditionOperand());
        }
        if (acceptKeyword("BETWEEN")) {
            operators++;
            Operand lower = conditionOperand();
            if (!acceptKeyword("AND")) {
                throw syntaxError(peek());
            }
            return new Cond.Between(subject, lower, conditionOperand());
        }
        if (acceptKeyword("IN")) {
            operators++;
            expect(Token.Kind.LPAREN);
            List<Operand> candidates = new ArrayList<>();
            do {
                candidates.add(conditionOperand());
            } while (accept(Token.Kind.COMMA));
            expect(Token.Kind.RPAREN);
            if (candidates.size() > LIMITS.inOperandsMax()) {
                throw ParseErrors.invalid(kind, "The IN operator is provided with too many operands; number of operands: "
                        + candidates.size());
            }
            return new Cond.In(subject, candidates);
        }
        throw syntaxError(next);
    }

    private Cond function() {
        Token nameToken = advance();
        operators++;
        Cond.FunctionName name;
        try {
            name = Cond.FunctionName.valueOf(nameToken.text());
        } catch (IllegalArgumentException e) {
            if (nameToken.text().equals("if_not_exists") || nameToken.text().equals("list_append")) {
                // update functions: known, but not in a condition
                throw ParseErrors.invalid(kind, "The function is not allowed to be used this way in an expression; "
                        + "function: " + nameToken.text());
            }
            throw ParseErrors.invalid(kind, "Invalid function name; function: " + nameToken.text());
        }
        expect(Token.Kind.LPAREN);
        List<Operand> arguments = new ArrayList<>();
        do {
            arguments.add(conditionOperand());
        } while (accept(Token.Kind.COMMA));
        expect(Token.Kind.RPAREN);
        if (arguments.size() != name.arity) {
            throw ParseErrors.invalid(kind, "Incorrect number of operands for operator or function; operator or function: "
                    + name + ", number of operands: " + arguments.size());
        }
        return new Cond.Function(name, arguments);
    }

    private Operand conditionOperand() {
        Token token = peek();
        if (token.kind() == Token.Kind.VALUE_PLACEHOLDER) {
            advance();
            return new Operand.ValueRef(token.text());
        }
        if (token.kind() == Token.Kind.IDENT && token.text().equals("size") && peekAt(1).kind() == Token.Kind.LPAREN) {
            advance();
            advance();
            operators++;
            if (peek().kind() == Token.Kind.VALUE_PLACEHOLDER) {
                // size(:v) is the size of the value itself, not of a path it names
                Operand.SizeOfValue size = new Operand.SizeOfValue(advance().text());
                expect(Token.Kind.RPAREN);
                return size;
            }
            Path path = path();
            if (peek().kind() == Token.Kind.COMMA) {
                int operands = 1;
                while (accept(Token.Kind.COMMA)) {
                    conditionOperand();
                    operands++;
                }
                throw ParseErrors.invalid(kind, "Incorrect number of operands for operator or function; "
                        + "operator or function: size, number of operands: " + operands);
            }
            expect(Token.Kind.RPAREN);
            return new Operand.Size(path);
        }
        if (token.kind() == Token.Kind.IDENT && peekAt(1).kind() == Token.Kind.LPAREN) {
            throw ParseErrors.invalid(kind, "The function is not allowed to be used this way in an expression; function: "
                    + token.text());
        }
        return new Operand.PathRef(path());
    }

    // ---- updates

    private ParsedUpdate update() {
        List<UpdateAction.Set> sets = new ArrayList<>();
        List<UpdateAction.Remove> removes = new ArrayList<>();
        List<UpdateAction.Add> adds = new ArrayList<>();
        List<UpdateAction.Delete> deletes = new ArrayList<>();
        boolean seenSet = false;
        boolean seenRemove = false;
        boolean seenAdd = false;
        boolean seenDelete = false;
        do {
            Token clause = advance();
            if (clause.isKeyword("SET")) {
                seenSet = once(seenSet, "SET");
                do {
                    Path path = path();
                    expect(Token.Kind.EQ);
                    sets.add(new UpdateAction.Set(path, setValue()));
                } while (accept(Token.Kind.COMMA));
            } else if (clause.isKeyword("REMOVE")) {
                seenRemove = once(seenRemove, "REMOVE");
                do {
                    removes.add(new UpdateAction.Remove(path()));
                } while (accept(Token.Kind.COMMA));
            } else if (clause.isKeyword("ADD")) {
                seenAdd = once(seenAdd, "ADD");
                do {
                    adds.add(new UpdateAction.Add(path(), valueRef()));
                } while (accept(Token.Kind.COMMA));
            } else if (clause.isKeyword("DELETE")) {
                seenDelete = once(seenDelete, "DELETE");
                do {
                    deletes.add(new UpdateAction.Delete(path(), valueRef()));
                } while (accept(Token.Kind.COMMA));
            } else {
                throw syntaxError(clause);
            }
        } while (peek().kind() != Token.Kind.EOF);
        return new ParsedUpdate(sets, removes, adds, deletes);
    }

    private boolean once(boolean seen, String clause) {
        if (seen) {
            throw ParseErrors.invalid("UpdateExpression", "The \"" + clause
                    + "\" section can only be used once in an update expression;");
        }
        return true;
    }

    private Operand setValue() {
        Operand left = setOperand();
        if (peek().kind() == Token.Kind.PLUS || peek().kind() == Token.Kind.MINUS) {
            boolean plus = advance().kind() == Token.Kind.PLUS;
            operators++;
            return new Operand.Arithmetic(left, plus, setOperand());
        }
        return left;
    }

    private Operand setOperand() {
        Token token = peek();
        if (token.kind() == Token.Kind.VALUE_PLACEHOLDER) {
            advance();
            return new Operand.ValueRef(token.text());
        }
        if (token.kind() == Token.Kind.IDENT && peekAt(1).kind() == Token.Kind.LPAREN) {
            advance();
            advance();
            enter();
            operators++;
            Operand result = switch (token.text()) {
                case "if_not_exists" -> {
                    Path path = path();
                    expect(Token.Kind.COMMA);
                    yield new Operand.IfNotExists(path, setOperand());
                }
                case "list_append" -> {
                    Operand first = setOperand();
                    expect(Token.Kind.COMMA);
                    yield new Operand.ListAppend(first, setOperand());
                }
                default -> throw ParseErrors.invalid("UpdateExpression",
                        "Invalid function name; function: " + token.text());
            };
            nesting--;
            expect(Token.Kind.RPAREN);
            return result;
        }
        return new Operand.PathRef(path());
    }

    private Operand.ValueRef valueRef() {
        Token token = peek();
        if (token.kind() != Token.Kind.VALUE_PLACEHOLDER) {
            throw syntaxError(token);
        }
        advance();
        return new Operand.ValueRef(token.text());
    }

    // ---- paths

    private Path path() {
        List<Path.Step> steps = new ArrayList<>();
        steps.add(name());
        while (true) {
            if (accept(Token.Kind.DOT)) {
                steps.add(name());
            } else if (peek().kind() == Token.Kind.LBRACKET) {
                advance();
                Token index = peek();
                if (index.kind() != Token.Kind.NUMBER) {
                    throw syntaxError(index);
                }
                advance();
                int value;
                try {
                    value = Integer.parseInt(index.text());
                } catch (NumberFormatException e) {
                    throw ParseErrors.invalid(kind, "List index is too large; index: " + index.text());
                }
                expect(Token.Kind.RBRACKET);
                steps.add(new Path.Step.Index(value));
            } else {
                break;
            }
            if (steps.size() > LIMITS.nestingDepthMax()) {
                throw ParseErrors.invalid(kind, "The document path has too many nesting levels; nesting levels: "
                        + steps.size());
            }
        }
        return new Path(steps);
    }

    private Path.Step.Name name() {
        Token token = peek();
        if (token.kind() == Token.Kind.IDENT || token.kind() == Token.Kind.NAME_PLACEHOLDER) {
            advance();
            return new Path.Step.Name(token.text());
        }
        throw syntaxError(token);
    }

    // ---- tokens

    private void enter() {
        if (++nesting > LIMITS.expressionNestingMax()) {
            throw ParseErrors.invalid(kind, "The expression has too many nested levels");
        }
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token peekAt(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    private Token advance() {
        Token token = tokens.get(position);
        if (token.kind() != Token.Kind.EOF) {
            position++;
        }
        return token;
    }

    private boolean accept(Token.Kind tokenKind) {
        if (peek().kind() == tokenKind) {
            advance();
            return true;
        }
        return false;
    }

    private boolean acceptKeyword(String keyword) {
        if (peek().isKeyword(keyword)) {
            advance();
            return true;
        }
        return false;
    }

    private void expect(Token.Kind tokenKind) {
        if (!accept(tokenKind)) {
            throw syntaxError(peek());
        }
    }

    private DynamoException syntaxError(Token token) {
        return ParseErrors.syntax(kind, text, token.text(), token.offset());
    }
}
