package keystorm.engine.partiql;

import java.util.ArrayList;
import java.util.List;
import keystorm.engine.api.DynamoException;
import keystorm.engine.item.AttributeValue;
import keystorm.engine.item.InvalidValueException;
import keystorm.engine.item.Num;

/**
 * A recursive-descent parser for DynamoDB's PartiQL subset (see "PartiQL - a SQL-compatible query
 * language for Amazon DynamoDB" in the developer guide): SELECT, INSERT, UPDATE, DELETE, and one
 * expression grammar for conditions and values, by precedence OR, AND, NOT, comparison, + and -,
 * primary. Errors say which token was unexpected and where, in DynamoDB's envelope
 * "Statement wasn't well formed, can't be processed: ..."; a statement that starts with anything
 * but a statement keyword is DynamoDB's "Expected data manipulation".
 *
 * <p>Nesting depth is bounded ({@link #DEPTH_MAX}) so a hostile statement cannot overflow the stack.
 */
final class Parser {
    static final int DEPTH_MAX = 64;

    private final List<Token> tokens;
    private int next;
    private int parameters;
    private int depth;

    private Parser(List<Token> tokens) {
        this.tokens = tokens;
    }

    static Ast.Statement parse(String statement) {
        Parser parser = new Parser(Lexer.tokens(statement));
        Ast.Statement parsed = parser.statement();
        parser.expectEnd();
        return parsed;
    }

    private Ast.Statement statement() {
        Token first = peek();
        if (first.isWord("SELECT")) {
            return select();
        } else if (first.isWord("INSERT")) {
            return insert();
        } else if (first.isWord("UPDATE")) {
            return update();
        } else if (first.isWord("DELETE")) {
            return delete();
        } else if (first.isWord("EXISTS")) {
            return new Ast.Check(((Ast.Exists) primary()).select());
        }
        throw Lexer.malformed("Expected data manipulation");
    }

    private Ast.Select select() {
        expectWord("SELECT");
        List<Ast.PathExpr> projection = null;
        if (peek().isSymbol("*")) {
            take();
        } else {
            projection = new ArrayList<>();
            java.util.Set<String> named = new java.util.HashSet<>();
            do {
                Ast.PathExpr path = path();
                if (!named.add(path.outputName())) {
                    throw DynamoException.validation("Duplicate identifiers in select clause: " + path.outputName());
                }
                projection.add(path);
            } while (acceptSymbol(","));
        }
        expectWord("FROM");
        String table = name("a table name");
        String index = null;
        if (acceptSymbol(".")) {
            index = name("an index name");
        }
        Ast.Expr where = null;
        if (acceptWord("WHERE")) {
            where = expression();
        }
        List<Ast.PathExpr> orderBy = null;
        boolean descending = false;
        if (acceptWord("ORDER")) {
            expectWord("BY");
            orderBy = new ArrayList<>();
            do {
                orderBy.add(path());
                boolean down = acceptWord("DESC");
                if (!down) {
                    acceptWord("ASC");
                }
                // within one partition only the sort key's direction can matter
                descending |= down;
            } while (acceptSymbol(","));
        }
        return new Ast.Select(projection, table, index, where, orderBy, descending, parameters);
    }

    private Ast.Insert insert() {
        expectWord("INSERT");
        expectWord("INTO");
        String table = name("a table name");
        expectWord("VALUE");
        Ast.Expr value = primary();
        return new Ast.Insert(table, value, parameters);
    }

    private Ast.Update update() {
        expectWord("UPDATE");
        String table = name("a table name");
        List<Ast.Clause> clauses = new ArrayList<>();
        while (true) {
            if (acceptWord("SET")) {
                do {
                    Ast.PathExpr target = path();
                    expectSymbol("=");
                    clauses.add(new Ast.Set(target, additive()));
                } while (acceptSymbol(","));
            } else if (acceptWord("REMOVE")) {
                do {
                    clauses.add(new Ast.Remove(path()));
                } while (acceptSymbol(","));
            } else {
                break;
            }
        }
        if (clauses.isEmpty()) {
            throw unexpected(peek(), "SET or REMOVE");
        }
        expectWord("WHERE");
        Ast.Expr where = expression();
        return new Ast.Update(table, clauses, where, returning(), parameters);
    }

    private Ast.Delete delete() {
        expectWord("DELETE");
        expectWord("FROM");
        String table = name("a table name");
        expectWord("WHERE");
        Ast.Expr where = expression();
        return new Ast.Delete(table, where, returning(), parameters);
    }

    private Ast.Returning returning() {
        if (!acceptWord("RETURNING")) {
            return Ast.Returning.NONE;
        }
        boolean all;
        if (acceptWord("ALL")) {
            all = true;
        } else if (acceptWord("MODIFIED")) {
            all = false;
        } else {
            throw unexpected(peek(), "ALL or MODIFIED");
        }
        boolean old;
        if (acceptWord("OLD")) {
            old = true;
        } else if (acceptWord("NEW")) {
            old = false;
        } else {
            throw unexpected(peek(), "OLD or NEW");
        }
        if (!acceptSymbol("*")) {
            throw DynamoException.validation("Expected '*' after ( MODIFIED | ALL ) ( NEW | OLD ) in RETURNING clause");
        }
        return all ? (old ? Ast.Returning.ALL_OLD : Ast.Returning.ALL_NEW)
                : (old ? Ast.Returning.MODIFIED_OLD : Ast.Returning.MODIFIED_NEW);
    }

    // ---- expressions, loosest first

    Ast.Expr expression() {
        if (++depth > DEPTH_MAX) {
            throw Lexer.malformed("Statement is nested more than " + DEPTH_MAX + " levels deep "
                    + peek().position());
        }
        try {
            Ast.Expr left = conjunction();
            while (acceptWord("OR")) {
                left = new Ast.Or(left, conjunction());
            }
            return left;
        } finally {
            depth--;
        }
    }

    private Ast.Expr conjunction() {
        Ast.Expr left = negation();
        while (acceptWord("AND")) {
            left = new Ast.And(left, negation());
        }
        return left;
    }

    private Ast.Expr negation() {
        if (acceptWord("NOT")) {
            return new Ast.Not(negation());
        }
        return comparison();
    }

    private Ast.Expr comparison() {
        Ast.Expr left = additive();
        Token token = peek();
        if (token.kind() == Token.Kind.SYMBOL) {
            String op = switch (token.text()) {
                case "=", "<>", "<", "<=", ">", ">=" -> token.text();
                case "!=" -> "<>";
                default -> null;
            };
            if (op != null) {
                take();
                return new Ast.Compare(op, left, additive());
            }
        }
        if (acceptWord("IS")) {
            boolean negated = acceptWord("NOT");
            if (acceptWord("MISSING")) {
                return new Ast.Is(left, true, negated);
            } else if (acceptWord("NULL")) {
                return new Ast.Is(left, false, negated);
            }
            throw unexpected(peek(), "MISSING or NULL");
        }
        boolean negated = false;
        if (token.isWord("NOT") && (peek(1).isWord("BETWEEN") || peek(1).isWord("IN"))) {
            take();
            negated = true;
        }
        if (acceptWord("BETWEEN")) {
            Ast.Expr low = additive();
            expectWord("AND");
            return new Ast.Between(left, low, additive(), negated);
        }
        if (acceptWord("IN")) {
            String close;
            if (acceptSymbol("(")) {
                close = ")";
            } else if (acceptSymbol("[")) {
                close = "]";
            } else {
                throw unexpected(peek(), "( or [");
            }
            List<Ast.Expr> candidates = new ArrayList<>();
            do {
                candidates.add(additive());
            } while (acceptSymbol(","));
            expectSymbol(close);
            return new Ast.In(left, candidates, negated);
        }
        return left;
    }

    private Ast.Expr additive() {
        Ast.Expr left = primary();
        while (peek().isSymbol("+") || peek().isSymbol("-")) {
            String op = take().text();
            left = new Ast.Arithmetic(op, left, primary());
        }
        return left;
    }

    private Ast.Expr primary() {
        Token token = peek();
        switch (token.kind()) {
            case STRING -> {
                take();
                return new Ast.Literal(AttributeValue.s(token.text()));
            }
            case NUMBER -> {
                take();
                return new Ast.Literal(number(token.text(), token));
            }
            case PARAMETER -> {
                take();
                return new Ast.Param(parameters++);
            }
            case QUOTED -> {
                return path();
            }
            case WORD -> {
                if (token.isWord("TRUE") || token.isWord("FALSE")) {
                    take();
                    return new Ast.Literal(AttributeValue.bool(token.isWord("TRUE")));
                } else if (token.isWord("NULL")) {
                    take();
                    return new Ast.Literal(AttributeValue.NULL);
                } else if (token.isWord("MISSING")) {
                    take();
                    return new Ast.Literal(null);
                } else if (token.isWord("EXISTS")) {
                    take();
                    expectSymbol("(");
                    if (!peek().isWord("SELECT")) {
                        throw unexpected(peek(), "SELECT");
                    }
                    depth++;
                    Ast.Select select = select();
                    depth--;
                    expectSymbol(")");
                    return new Ast.Exists(select);
                } else if (peek(1).isSymbol("(")) {
                    take();
                    take();
                    List<Ast.Expr> arguments = new ArrayList<>();
                    if (!acceptSymbol(")")) {
                        do {
                            arguments.add(expression());
                        } while (acceptSymbol(","));
                        expectSymbol(")");
                    }
                    return new Ast.Call(token.text().toLowerCase(java.util.Locale.ROOT), arguments);
                }
                return path();
            }
            case SYMBOL -> {
                if (token.isSymbol("-") && peek(1).kind() == Token.Kind.NUMBER) {
                    take();
                    Token digits = take();
                    return new Ast.Literal(number("-" + digits.text(), digits));
                } else if (token.isSymbol("(")) {
                    take();
                    Ast.Expr inner = expression();
                    expectSymbol(")");
                    return inner;
                } else if (token.isSymbol("{")) {
                    return map();
                } else if (token.isSymbol("[")) {
                    take();
                    List<Ast.Expr> elements = new ArrayList<>();
                    if (!acceptSymbol("]")) {
                        do {
                            elements.add(additive());
                        } while (acceptSymbol(","));
                        expectSymbol("]");
                    }
                    return new Ast.ListLiteral(elements);
                } else if (token.isSymbol("<<")) {
                    take();
                    List<Ast.Expr> elements = new ArrayList<>();
                    if (!acceptSymbol(">>")) {
                        do {
                            elements.add(additive());
                        } while (acceptSymbol(","));
                        expectSymbol(">>");
                    }
                    return new Ast.SetLiteral(elements);
                }
                throw unexpected(token, "an expression");
            }
            default -> throw unexpected(token, "an expression");
        }
    }

    private Ast.Expr map() {
        expectSymbol("{");
        List<Ast.Entry> entries = new ArrayList<>();
        if (!acceptSymbol("}")) {
            do {
                Token key = take();
                if (key.kind() != Token.Kind.STRING) {
                    throw unexpected(key, "a string key in single quotes");
                }
                expectSymbol(":");
                entries.add(new Ast.Entry(key.text(), additive()));
            } while (acceptSymbol(","));
            expectSymbol("}");
        }
        return new Ast.MapLiteral(entries);
    }

    private Ast.PathExpr path() {
        String first = name("an attribute name");
        List<Ast.Step> steps = new ArrayList<>();
        while (true) {
            if (peek().isSymbol(".") && (peek(1).kind() == Token.Kind.WORD || peek(1).kind() == Token.Kind.QUOTED)) {
                take();
                steps.add(new Ast.Field(take().text()));
            } else if (peek().isSymbol("[")) {
                take();
                Token index = take();
                if (index.kind() != Token.Kind.NUMBER || !index.text().chars().allMatch(Character::isDigit)) {
                    throw unexpected(index, "a list index");
                }
                try {
                    steps.add(new Ast.Index(Integer.parseInt(index.text())));
                } catch (NumberFormatException e) {
                    throw Lexer.malformed("List index is too large " + index.position());
                }
                expectSymbol("]");
            } else {
                return new Ast.PathExpr(first, steps);
            }
        }
    }

    /** A table, index or attribute name: a bare word (not a keyword of the statement's shape) or "quoted". */
    private String name(String what) {
        Token token = peek();
        if (token.kind() == Token.Kind.QUOTED || (token.kind() == Token.Kind.WORD && !Keywords.isReserved(token.text()))) {
            take();
            return token.text();
        }
        throw unexpected(token, what);
    }

    private static AttributeValue number(String text, Token token) {
        try {
            return new AttributeValue.N(Num.parse(text));
        } catch (InvalidValueException | NumberFormatException e) {
            throw DynamoException.validation("Statement wasn't well formed, can't be processed: Invalid number "
                    + text + " " + token.position());
        }
    }

    // ---- tokens

    private Token peek() {
        return tokens.get(next);
    }

    private Token peek(int ahead) {
        return tokens.get(Math.min(next + ahead, tokens.size() - 1));
    }

    private Token take() {
        Token token = tokens.get(next);
        if (token.kind() != Token.Kind.END) {
            next++;
        }
        return token;
    }

    private boolean acceptWord(String keyword) {
        if (peek().isWord(keyword)) {
            take();
            return true;
        }
        return false;
    }

    private boolean acceptSymbol(String symbol) {
        if (peek().isSymbol(symbol)) {
            take();
            return true;
        }
        return false;
    }

    private void expectWord(String keyword) {
        if (!acceptWord(keyword)) {
            throw unexpected(peek(), keyword);
        }
    }

    private void expectSymbol(String symbol) {
        if (!acceptSymbol(symbol)) {
            throw unexpected(peek(), symbol);
        }
    }

    private void expectEnd() {
        if (peek().kind() != Token.Kind.END) {
            throw unexpected(peek(), "end of statement");
        }
    }

    private static DynamoException unexpected(Token token, String expected) {
        String found = token.kind() == Token.Kind.END ? "Unexpected end of statement"
                : (token.kind() == Token.Kind.WORD && Keywords.isReserved(token.text()) ? "Unexpected keyword "
                : "Unexpected token ") + token.describe();
        return Lexer.malformed(found + " " + token.position() + ", expected " + expected);
    }
}
