package dev.tributary.hub;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code where} of the hub resources, turned into Shopify's REST list filters: terms
 * {@code field = 'value'} (bare whole numbers for ids) joined by {@code and}, and
 * {@code ids in (1, 2, 3)}. The fields are exactly Shopify's: {@code updated_at_min},
 * {@code updated_at_max}, {@code created_at_min}, {@code created_at_max}, {@code status} (orders),
 * {@code since_id}, {@code ids}. Pure, so every answer and error has a unit test; errors name the
 * field or the position (counted from 0) at fault.
 */
final class HubFilter {

    public static final List<String> FIELDS = List.of("updated_at_min", "updated_at_max", "created_at_min",
            "created_at_max", "status", "since_id", "ids");
    public static final List<String> ORDER_STATUSES = List.of("open", "closed", "cancelled", "any");

    static final int MAX_LENGTH = 4096;
    /** Shopify's page limit: more ids than one page holds cannot come back anyway. */
    static final int MAX_IDS = 250;

    private static final HubFilter NONE = new HubFilter(Map.of());

    private final Map<String, String> parameters;

    private HubFilter(Map<String, String> parameters) {
        this.parameters = Collections.unmodifiableMap(new LinkedHashMap<>(parameters));
    }

    /** The Shopify query parameters, in the order the terms came. */
    public Map<String, String> parameters() {
        return parameters;
    }

    /**
     * Reads {@code where} for a list of {@code resource}; absent or blank means no filter.
     *
     * @throws InvalidWhere naming what is wrong
     */
    public static HubFilter parse(String where, HubResource resource) {
        if (where == null || where.isBlank()) {
            return NONE;
        }
        if (where.length() > MAX_LENGTH) {
            throw new InvalidWhere("where is longer than " + MAX_LENGTH + " characters");
        }
        return new HubFilter(new Parser(tokens(where), resource).expression());
    }

    /** A {@code where} that cannot be used; the message says why. */
    public static final class InvalidWhere extends RuntimeException {

        InvalidWhere(String message) {
            super(message, null, false, false);
        }
    }

    private enum Type { WORD, STRING, NUMBER, SYMBOL, END }

    private record Token(Type type, String text, int position) {

        String shown() {
            return type == Type.END ? "the end" : "'" + text + "'";
        }
    }

    private static InvalidWhere syntax(String problem, Token at) {
        return new InvalidWhere("where " + problem + " at position " + at.position() + " (found " + at.shown() + ")");
    }

    private static List<Token> tokens(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (isAsciiLetter(c) || c == '_') {
                int start = i;
                while (i < text.length() && (isAsciiLetter(text.charAt(i)) || isAsciiDigit(text.charAt(i))
                        || text.charAt(i) == '_')) {
                    i++;
                }
                tokens.add(new Token(Type.WORD, text.substring(start, i), start));
            } else if (isAsciiDigit(c)) {
                int start = i;
                while (i < text.length() && isAsciiDigit(text.charAt(i))) {
                    i++;
                }
                tokens.add(new Token(Type.NUMBER, text.substring(start, i), start));
            } else if (c == '\'') {
                int start = i++;
                StringBuilder value = new StringBuilder();
                boolean closed = false;
                while (i < text.length()) {
                    char d = text.charAt(i++);
                    if (d != '\'') {
                        value.append(d);
                    } else if (i < text.length() && text.charAt(i) == '\'') {
                        value.append('\'');
                        i++;
                    } else {
                        closed = true;
                        break;
                    }
                }
                if (!closed) {
                    throw new InvalidWhere("where has a string that is never closed, opened at position " + start);
                }
                tokens.add(new Token(Type.STRING, value.toString(), start));
            } else if (c == '=' || c == '(' || c == ')' || c == ',') {
                tokens.add(new Token(Type.SYMBOL, String.valueOf(c), i++));
            } else {
                throw new InvalidWhere("where has an unexpected character '" + c + "' at position " + i
                        + "; terms are field = 'value' joined by and");
            }
        }
        tokens.add(new Token(Type.END, "", text.length()));
        return tokens;
    }

    private static boolean isAsciiLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static final class Parser {

        private final List<Token> tokens;
        private final HubResource resource;
        private final Map<String, String> parameters = new LinkedHashMap<>();
        private int next;

        Parser(List<Token> tokens, HubResource resource) {
            this.tokens = tokens;
            this.resource = resource;
        }

        Map<String, String> expression() {
            term();
            while (isWord(peek(), "and")) {
                next++;
                term();
            }
            if (peek().type() != Type.END) {
                throw syntax("expects 'and' between terms", peek());
            }
            return parameters;
        }

        private void term() {
            Token name = take();
            if (name.type() != Type.WORD || isWord(name, "and") || isWord(name, "in")) {
                throw syntax("expects a field name", name);
            }
            String field = name.text();
            if (!FIELDS.contains(field)) {
                throw new InvalidWhere("where names an unknown field '" + field + "' at position " + name.position()
                        + "; the fields are Shopify's filters: " + String.join(", ", FIELDS));
            }
            if (parameters.containsKey(field)) {
                throw new InvalidWhere("where gives " + field + " twice (again at position " + name.position()
                        + "); give each field once");
            }
            Token operator = take();
            String value;
            if (isWord(operator, "in")) {
                if (!field.equals("ids")) {
                    throw syntax("takes 'in (...)' only for ids; " + field + " takes '='", operator);
                }
                value = idList();
            } else if (operator.type() == Type.SYMBOL && operator.text().equals("=")) {
                value = value(field, take());
            } else {
                throw syntax("expects '=' after " + field, operator);
            }
            parameters.put(field, value);
        }

        private String value(String field, Token value) {
            if (value.type() != Type.STRING && value.type() != Type.NUMBER) {
                throw syntax("expects a value for " + field + " ('text' or a whole number)", value);
            }
            return switch (field) {
                case "updated_at_min", "updated_at_max", "created_at_min", "created_at_max" -> time(field, value);
                case "status" -> status(value);
                case "since_id" -> id(field, value.text());
                case "ids" -> ids(value.text());
                default -> throw new IllegalStateException(field);
            };
        }

        private static String time(String field, Token value) {
            if (value.type() != Type.STRING) {
                throw new InvalidWhere("where: " + field + " takes a quoted time such as '2026-11-28T10:00:00Z', not "
                        + value.text());
            }
            try {
                OffsetDateTime.parse(value.text(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
                return value.text();
            } catch (DateTimeParseException e) {
                throw new InvalidWhere("where: " + field + " '" + value.text() + "' is not an ISO-8601 time with an offset; "
                        + "write it as '2026-11-28T10:00:00Z' or '2026-11-28T10:00:00+01:00'");
            }
        }

        private String status(Token value) {
            if (resource != HubResource.ORDERS) {
                throw new InvalidWhere("where: status filters orders only, not " + resource.plural());
            }
            if (value.type() != Type.STRING || !ORDER_STATUSES.contains(value.text())) {
                throw new InvalidWhere("where: status '" + value.text() + "' is not an order status; use one of: "
                        + String.join(", ", ORDER_STATUSES));
            }
            return value.text();
        }

        private static String id(String field, String text) {
            String digits = text.strip();
            if (digits.isEmpty() || digits.length() > 18 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
                throw new InvalidWhere("where: " + field + " takes a whole number id, not '" + text + "'");
            }
            return String.valueOf(Long.parseLong(digits));
        }

        private static String ids(String text) {
            List<String> ids = new ArrayList<>();
            for (String part : text.split(",", -1)) {
                ids.add(id("ids", part));
            }
            return joined(ids);
        }

        private String idList() {
            Token open = take();
            if (open.type() != Type.SYMBOL || !open.text().equals("(")) {
                throw syntax("expects '(' after ids in", open);
            }
            List<String> ids = new ArrayList<>();
            while (true) {
                Token value = take();
                if (value.type() != Type.NUMBER) {
                    throw syntax("expects a whole number id in ids in (...)", value);
                }
                ids.add(id("ids", value.text()));
                Token after = take();
                if (after.type() == Type.SYMBOL && after.text().equals(")")) {
                    return joined(ids);
                }
                if (after.type() != Type.SYMBOL || !after.text().equals(",")) {
                    throw syntax("expects ',' or ')' in ids in (...)", after);
                }
            }
        }

        private static String joined(List<String> ids) {
            if (ids.size() > MAX_IDS) {
                throw new InvalidWhere("where: ids names " + ids.size() + " ids; at most " + MAX_IDS);
            }
            return String.join(",", ids);
        }

        private Token peek() {
            return tokens.get(next);
        }

        private Token take() {
            Token token = tokens.get(next);
            if (token.type() != Type.END) {
                next++;
            }
            return token;
        }

        private static boolean isWord(Token token, String word) {
            return token.type() == Type.WORD && token.text().equalsIgnoreCase(word);
        }
    }
}
