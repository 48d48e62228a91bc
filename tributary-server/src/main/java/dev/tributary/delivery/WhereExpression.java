package dev.tributary.delivery;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The {@code where} language of the delivery API (SPEC 2.7): {@code field op value} terms joined by
 * {@code and}, with {@code = != > >= < <=} and {@code in (...)}, single-quoted strings ({@code ''}
 * inside is a quote) and whole numbers. Pure: parsing only, so it can be unit-tested and fuzzed;
 * errors name the position and token at fault.
 */
final class WhereExpression {

    /** The fields a term may use, and the kind of value each takes. */
    public enum Field {
        CHANNEL("channel", Kind.TEXT, Set.of("webhook")),
        STATUS("status", Kind.TEXT, Set.of("pending", "retrying", "delivered", "queued", "cancelled")),
        CONFIG_URL("config.url", Kind.TEXT, null),
        INSTANCE_ID("instanceId", Kind.NUMBER, null),
        EVENT_ID("eventId", Kind.TEXT, null),
        CREATED_DATE("createdDate", Kind.TIME, null);

        private final String name;
        private final Kind kind;
        private final Set<String> allowed;

        Field(String name, Kind kind, Set<String> allowed) {
            this.name = name;
            this.kind = kind;
            this.allowed = allowed;
        }

        public String fieldName() {
            return name;
        }
    }

    enum Kind { TEXT, NUMBER, TIME }

    /** A comparison operator. {@code IN} takes a list. */
    public enum Operator {
        EQ("="), NE("!="), GT(">"), GE(">="), LT("<"), LE("<="), IN("in");

        private final String symbol;

        Operator(String symbol) {
            this.symbol = symbol;
        }

        public String symbol() {
            return symbol;
        }
    }

    /** One term; values are String, Long or Instant according to the field. */
    public record Condition(Field field, Operator operator, List<Object> values) {
    }

    static final int MAX_LENGTH = 4096;
    static final int MAX_TERMS = 50;
    static final int MAX_LIST = 500;
    static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

    private static final Map<String, Field> FIELDS = Map.of(
            "channel", Field.CHANNEL, "status", Field.STATUS, "config.url", Field.CONFIG_URL,
            "instanceid", Field.INSTANCE_ID, "eventid", Field.EVENT_ID, "createddate", Field.CREATED_DATE);

    private final List<Condition> conditions;

    private WhereExpression(List<Condition> conditions) {
        this.conditions = List.copyOf(conditions);
    }

    public List<Condition> conditions() {
        return conditions;
    }

    /** An absent or blank expression matches everything. */
    public static WhereExpression parse(String text) {
        if (text == null || text.isBlank()) {
            return new WhereExpression(List.of());
        }
        if (text.length() > MAX_LENGTH) {
            throw new WhereSyntaxException("is longer than " + MAX_LENGTH + " characters", MAX_LENGTH, "");
        }
        return new WhereExpression(new Parser(Lexer.tokens(text)).expression());
    }

    /** A problem in a where expression, with the position (0-based) and token at fault. */
    public static final class WhereSyntaxException extends RuntimeException {

        private final int position;
        private final String token;

        WhereSyntaxException(String problem, int position, String token) {
            super("where " + problem + " at position " + position + (token.isEmpty() ? " (end of input)" : " near '" + token + "'"));
            this.position = position;
            this.token = token;
        }

        public int position() {
            return position;
        }

        public String token() {
            return token;
        }
    }

    private enum TokenType { WORD, STRING, NUMBER, SYMBOL, END }

    private record Token(TokenType type, String text, int position) {
    }

    private static final class Lexer {

        static List<Token> tokens(String text) {
            List<Token> tokens = new ArrayList<>();
            int i = 0;
            while (i < text.length()) {
                char c = text.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (Character.isLetter(c)) {
                    int start = i;
                    while (i < text.length() && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '.'
                            || text.charAt(i) == '_')) {
                        i++;
                    }
                    tokens.add(new Token(TokenType.WORD, text.substring(start, i), start));
                } else if (Character.isDigit(c) || (c == '-' && i + 1 < text.length() && Character.isDigit(text.charAt(i + 1)))) {
                    int start = i++;
                    while (i < text.length() && Character.isDigit(text.charAt(i))) {
                        i++;
                    }
                    tokens.add(new Token(TokenType.NUMBER, text.substring(start, i), start));
                } else if (c == '\'') {
                    int start = i++;
                    StringBuilder value = new StringBuilder();
                    boolean closed = false;
                    while (i < text.length()) {
                        char d = text.charAt(i++);
                        if (d == '\'') {
                            if (i < text.length() && text.charAt(i) == '\'') {
                                value.append('\'');
                                i++;
                            } else {
                                closed = true;
                                break;
                            }
                        } else {
                            value.append(d);
                        }
                    }
                    if (!closed) {
                        throw new WhereSyntaxException("has a string that is never closed", start, text.substring(start, Math.min(text.length(), start + 20)));
                    }
                    tokens.add(new Token(TokenType.STRING, value.toString(), start));
                } else if (c == '!' || c == '>' || c == '<') {
                    int start = i++;
                    if (i < text.length() && text.charAt(i) == '=') {
                        i++;
                    } else if (c == '!') {
                        throw new WhereSyntaxException("expects '!='", start, "!");
                    }
                    tokens.add(new Token(TokenType.SYMBOL, text.substring(start, i), start));
                } else if (c == '=' || c == '(' || c == ')' || c == ',') {
                    tokens.add(new Token(TokenType.SYMBOL, String.valueOf(c), i++));
                } else {
                    throw new WhereSyntaxException("has an unexpected character", i, String.valueOf(c));
                }
            }
            tokens.add(new Token(TokenType.END, "", text.length()));
            return tokens;
        }
    }

    private static final class Parser {

        private final List<Token> tokens;
        private int next;

        Parser(List<Token> tokens) {
            this.tokens = tokens;
        }

        List<Condition> expression() {
            List<Condition> conditions = new ArrayList<>();
            conditions.add(term());
            while (peek().type() == TokenType.WORD && peek().text().equalsIgnoreCase("and")) {
                next++;
                if (conditions.size() >= MAX_TERMS) {
                    throw error("has more than " + MAX_TERMS + " terms", peek());
                }
                conditions.add(term());
            }
            if (peek().type() != TokenType.END) {
                throw error("expects 'and' or the end", peek());
            }
            return conditions;
        }

        private Condition term() {
            Token fieldToken = take();
            if (fieldToken.type() != TokenType.WORD) {
                throw error("expects a field (" + fieldNames() + ")", fieldToken);
            }
            Field field = FIELDS.get(fieldToken.text().toLowerCase(Locale.ROOT));
            if (field == null) {
                throw error("has an unknown field; fields are " + fieldNames(), fieldToken);
            }
            Token operatorToken = take();
            Operator operator = operator(operatorToken);
            if (operator == Operator.IN) {
                expectSymbol("(");
                List<Object> values = new ArrayList<>();
                values.add(value(field, take()));
                while (peek().type() == TokenType.SYMBOL && peek().text().equals(",")) {
                    next++;
                    if (values.size() >= MAX_LIST) {
                        throw error("has an in list longer than " + MAX_LIST, peek());
                    }
                    values.add(value(field, take()));
                }
                expectSymbol(")");
                return new Condition(field, operator, values);
            }
            if (field.kind == Kind.TEXT && operator != Operator.EQ && operator != Operator.NE
                    && field != Field.EVENT_ID && field != Field.CONFIG_URL) {
                throw error("compares " + field.name + " only with =, != or in", operatorToken);
            }
            return new Condition(field, operator, List.of(value(field, take())));
        }

        private Operator operator(Token token) {
            if (token.type() == TokenType.WORD && token.text().equalsIgnoreCase("in")) {
                return Operator.IN;
            }
            if (token.type() == TokenType.SYMBOL) {
                for (Operator operator : Operator.values()) {
                    if (operator.symbol.equals(token.text())) {
                        return operator;
                    }
                }
            }
            throw error("expects an operator (=, !=, >, >=, <, <=, in)", token);
        }

        private Object value(Field field, Token token) {
            switch (field.kind) {
                case NUMBER -> {
                    String text = token.type() == TokenType.STRING ? token.text() : token.type() == TokenType.NUMBER ? token.text() : null;
                    if (text == null) {
                        throw error("expects a number for " + field.name, token);
                    }
                    try {
                        return Long.parseLong(text.strip());
                    } catch (NumberFormatException e) {
                        throw error("expects a whole number for " + field.name, token);
                    }
                }
                case TIME -> {
                    if (token.type() != TokenType.STRING) {
                        throw error("expects a quoted time such as '2026-11-28T15:04:05Z' for " + field.name, token);
                    }
                    Instant time;
                    try {
                        time = Instant.parse(token.text());
                    } catch (DateTimeParseException e) {
                        try {
                            time = java.time.OffsetDateTime.parse(token.text()).toInstant();
                        } catch (DateTimeParseException again) {
                            throw error("expects an ISO-8601 time such as '2026-11-28T15:04:05Z' for " + field.name, token);
                        }
                    }
                    // Times are compared as epoch milliseconds, which do not reach Instant's far years.
                    if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
                        throw error("expects a time in the years 0000 to 9999 for " + field.name, token);
                    }
                    return time;
                }
                default -> {
                    if (token.type() != TokenType.STRING) {
                        throw error("expects a quoted string for " + field.name, token);
                    }
                    if (field.allowed != null && !field.allowed.contains(token.text())) {
                        throw error("has a " + field.name + " that is not one of " + new java.util.TreeSet<>(field.allowed), token);
                    }
                    return token.text();
                }
            }
        }

        private void expectSymbol(String symbol) {
            Token token = take();
            if (token.type() != TokenType.SYMBOL || !token.text().equals(symbol)) {
                throw error("expects '" + symbol + "'", token);
            }
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token token = tokens.get(next);
            if (token.type() != TokenType.END) {
                next++;
            }
            return token;
        }

        private static WhereSyntaxException error(String problem, Token token) {
            String shown = token.text();
            return new WhereSyntaxException(problem, token.position(), shown.length() > 40 ? shown.substring(0, 40) : shown);
        }

        private static String fieldNames() {
            return "channel, status, config.url, instanceId, eventId, createdDate";
        }
    }
}
