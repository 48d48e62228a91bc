package dev.tributary.platform.logging;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What any text becomes before it reaches the log: registered secrets and secret-shaped values
 * masked, and control characters written as escapes, so a value from a request can neither leak a
 * credential nor forge a log line.
 */
public final class LoggedText {

    private static final String MASK = KnownSecrets.MASK;
    /** One per thread: MessageDigest.getInstance searches the security providers, and the access log asks per webhook. */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    });

    /**
     * Secret-shaped values, whoever logs them; group 1 is kept, the rest becomes the mask. Each
     * runs only when the line holds one of its words (lower case): scanning every access line with
     * every pattern would cost more than the rest of the request's logging.
     */
    private static final List<SecretShape> SECRET_SHAPES = List.of(
            // A whole Authorization header value, as Tomcat quotes a header line it refuses.
            new SecretShape(Pattern.compile("(?i)(authorization[\"']?\\s*[:=]\\s*[\"']?)[^\\]\"'\\r\\n]+"),
                    "authorization"),
            // The platform's schemes, wherever a header value is quoted in part.
            new SecretShape(Pattern.compile("\\b((?:User|Organization|Element|Bearer|Basic)\\s+)[^\\s,;\\]\\[\"'}<>]{6,}"),
                    "user", "organization", "element", "bearer", "basic"),
            new SecretShape(Pattern.compile("(?i)(x-shopify-access-token[\"']?\\s*[:=]\\s*[\"']?)[^\\s,;\\]\"']+"),
                    "x-shopify-access-token"),
            // Shopify's token and secret prefixes, and Standard Webhooks secrets.
            new SecretShape(Pattern.compile("\\b((?:shpat|shpca|shppa|shpua|shpss|shprt|whsec)_)[A-Za-z0-9+/=_-]{6,}"),
                    "shp", "whsec_"),
            // key=value and "key": "value" forms of the names secrets go by.
            new SecretShape(Pattern.compile("(?i)((?:access_token|refresh_token|client_secret|api_?secret|password"
                    + "|master[_.-]?key|signature[_.-]key|oauth\\.user\\.token|secret|token)[\"']?\\s*[:=]\\s*[\"']?)"
                    + "[^\\s,;&\"'}\\]]+"), "token", "secret", "password", "key"));

    private record SecretShape(Pattern pattern, String... words) {

        boolean mayMatch(String lowerCase) {
            for (String word : words) {
                if (lowerCase.contains(word)) {
                    return true;
                }
            }
            return false;
        }
    }

    private LoggedText() {
    }

    /** {@code text} as it may be logged: secrets masked, control characters escaped. */
    public static String safe(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String result = neutralize(KnownSecrets.mask(text));
        String lowerCase = result.toLowerCase(Locale.ROOT);
        for (SecretShape shape : SECRET_SHAPES) {
            if (!shape.mayMatch(lowerCase)) {
                continue;
            }
            Matcher matcher = shape.pattern().matcher(result);
            if (matcher.find()) {
                result = matcher.replaceAll(match -> Matcher.quoteReplacement(match.group(1) + MASK));
            }
        }
        return result;
    }

    /**
     * Control characters (CR, LF and the rest, and Unicode's line separators) written as escapes
     * such as {@code \n} and {@code \u0007}; tabs stay. One event stays one line.
     */
    static String neutralize(String text) {
        int first = firstControl(text);
        if (first < 0) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16).append(text, 0, first);
        for (int i = first; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!isControl(c)) {
                out.append(c);
            } else if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else {
                out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out.toString();
    }

    /**
     * A short stand-in for a capability (an instance key in a webhook address): the first 8 hex
     * digits of its SHA-256, enough to tell addresses apart in a log and useless to call one.
     */
    public static String fingerprint(String capability) {
        byte[] digest = SHA_256.get().digest(capability.getBytes(StandardCharsets.UTF_8));
        return "~" + HexFormat.of().formatHex(digest, 0, 4);
    }

    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (isControl(text.charAt(i))) {
                return i;
            }
        }
        return -1;
    }

    private static boolean isControl(char c) {
        return (c < 0x20 && c != '\t') || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
    }
}
