package dev.tributary.elements;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A polled resource's {@code url} with the placeholders of SPEC 5: {@code ${gmtDate:<pattern>}},
 * {@code ${date:<pattern>}} and {@code ${epoch:s|ms}}. Parsed once, so every mistake is found when
 * the configuration is saved; filled in for each poll without failing. Everything outside a
 * placeholder, a lone {@code $} included, is kept as written.
 */
public final class PollUrlTemplate {

    static final int MAX_LENGTH = 2048;

    // The url goes to the hub, not to a person: month and day names must not follow the server's locale.
    private static final Locale LOCALE = Locale.ENGLISH;
    // Every numeric field at its widest; with padding refused, a pattern that formats this formats any time.
    private static final LocalDateTime TRIAL = LocalDateTime.of(2099, 12, 31, 23, 59, 59, 999_999_999);
    // Zone names and offsets print differently for UTC and for a region.
    private static final List<ZoneId> TRIAL_ZONES = List.of(ZoneOffset.UTC, ZoneId.of("America/St_Johns"));

    private sealed interface Part permits Text, DateTime, Epoch {

        void appendTo(StringBuilder url, Instant from, ZoneId zone);
    }

    private record Text(String text) implements Part {

        @Override
        public void appendTo(StringBuilder url, Instant from, ZoneId zone) {
            url.append(text);
        }
    }

    /** {@code fixedZone} is null for {@code ${date:...}}: its zone is given when the url is filled in. */
    private record DateTime(DateTimeFormatter formatter, ZoneId fixedZone) implements Part {

        @Override
        public void appendTo(StringBuilder url, Instant from, ZoneId zone) {
            formatter.formatTo(from.atZone(fixedZone == null ? zone : fixedZone), url);
        }
    }

    private record Epoch(boolean millis) implements Part {

        @Override
        public void appendTo(StringBuilder url, Instant from, ZoneId zone) {
            url.append(millis ? from.toEpochMilli() : from.getEpochSecond());
        }
    }

    private final List<Part> parts;

    private PollUrlTemplate(List<Part> parts) {
        this.parts = List.copyOf(parts);
    }

    /**
     * Reads a url template.
     *
     * @throws PollUrlSyntaxException naming the position (0-based) of the first mistake
     */
    public static PollUrlTemplate parse(String url) {
        Objects.requireNonNull(url, "url");
        if (url.length() > MAX_LENGTH) {
            throw new PollUrlSyntaxException("is longer than " + MAX_LENGTH + " characters", MAX_LENGTH);
        }
        return new PollUrlTemplate(new Parser(url).parts());
    }

    /**
     * The url for a poll: {@code from} is the last poll time minus the poll delay; {@code zone} is
     * the one {@code ${date:...}} is written in ({@code ${gmtDate:...}} is always UTC).
     */
    public String expand(Instant from, ZoneId zone) {
        StringBuilder url = new StringBuilder();
        for (Part part : parts) {
            part.appendTo(url, from, zone);
        }
        return url.toString();
    }

    /** A mistake in a url template, with the position (0-based) it was found at. */
    public static final class PollUrlSyntaxException extends RuntimeException {

        private final int position;

        PollUrlSyntaxException(String problem, int position) {
            super(problem + " at position " + position);
            this.position = position;
        }

        public int position() {
            return position;
        }
    }

    private static final class Parser {

        private final String url;
        private final List<Part> parts = new ArrayList<>();

        Parser(String url) {
            this.url = url;
        }

        List<Part> parts() {
            int i = 0;
            int textStart = 0;
            while (i < url.length()) {
                if (url.startsWith("${", i)) {
                    if (i > textStart) {
                        parts.add(new Text(url.substring(textStart, i)));
                    }
                    i = placeholder(i);
                    textStart = i;
                } else {
                    i++;
                }
            }
            if (textStart < url.length()) {
                parts.add(new Text(url.substring(textStart)));
            }
            return parts;
        }

        /** Reads the placeholder starting at {@code start} (its {@code $}); returns the index just after it. */
        private int placeholder(int start) {
            int nameStart = start + 2;
            int i = nameStart;
            while (i < url.length() && url.charAt(i) != ':' && url.charAt(i) != '}') {
                i++;
            }
            if (i == url.length()) {
                throw neverClosed(start);
            }
            String name = url.substring(nameStart, i);
            if (!name.equals("gmtDate") && !name.equals("date") && !name.equals("epoch")) {
                throw new PollUrlSyntaxException((name.isEmpty() ? "placeholder without a name"
                        : "unknown placeholder '" + shorten(name) + "'") + " (use gmtDate, date or epoch)", nameStart);
            }
            if (url.charAt(i) == '}') {
                throw new PollUrlSyntaxException("placeholder '" + name + "' needs "
                        + (name.equals("epoch") ? "a unit" : "a date pattern") + " after ':'", i);
            }
            return name.equals("epoch") ? epoch(start, i + 1) : dateTime(start, i + 1, name.equals("gmtDate") ? ZoneOffset.UTC : null);
        }

        private int epoch(int start, int unitStart) {
            int end = url.indexOf('}', unitStart);
            if (end < 0) {
                throw neverClosed(start);
            }
            String unit = url.substring(unitStart, end);
            if (!unit.equals("s") && !unit.equals("ms")) {
                throw new PollUrlSyntaxException("epoch unit must be s or ms, not '" + shorten(unit) + "'", unitStart);
            }
            parts.add(new Epoch(unit.equals("ms")));
            return end + 1;
        }

        private int dateTime(int start, int patternStart, ZoneId zone) {
            int i = patternStart;
            int quote = -1;
            // A quoted literal may hold '}'; '' (in or out of quotes) is a quote and toggles twice.
            while (i < url.length() && (quote >= 0 || url.charAt(i) != '}')) {
                char c = url.charAt(i);
                if (c == '\'') {
                    quote = quote >= 0 ? -1 : i;
                } else if (c == 'p' && quote < 0) {
                    // Padding fails at run time when a value is wider than the pad (a long zone name, say).
                    throw new PollUrlSyntaxException("date pattern letter 'p' (padding) is not supported", i);
                }
                i++;
            }
            if (i == url.length()) {
                throw quote >= 0 ? new PollUrlSyntaxException("quoted text in the date pattern is never closed", quote)
                        : neverClosed(start);
            }
            String pattern = url.substring(patternStart, i);
            if (pattern.isEmpty()) {
                throw new PollUrlSyntaxException("empty date pattern", i);
            }
            DateTimeFormatter formatter;
            try {
                formatter = DateTimeFormatter.ofPattern(pattern, LOCALE);
            } catch (IllegalArgumentException e) {
                throw new PollUrlSyntaxException("invalid date pattern '" + shorten(pattern) + "' ("
                        + shorten(String.valueOf(e.getMessage())) + ")", patternStart);
            }
            try {
                for (ZoneId trialZone : TRIAL_ZONES) {
                    formatter.format(TRIAL.atZone(trialZone));
                }
            } catch (RuntimeException e) {
                // Not only DateTimeException: JDK 17 throws ArrayIndexOutOfBoundsException for a year of 11 to 18 letters.
                throw new PollUrlSyntaxException("date pattern '" + shorten(pattern) + "' cannot format a date", patternStart);
            }
            parts.add(new DateTime(formatter, zone));
            return i + 1;
        }

        private PollUrlSyntaxException neverClosed(int start) {
            return new PollUrlSyntaxException("placeholder '" + shorten(url.substring(start)) + "' is never closed with '}'", start);
        }

        private static String shorten(String text) {
            return text.length() > 40 ? text.substring(0, 40) + "..." : text;
        }
    }
}
