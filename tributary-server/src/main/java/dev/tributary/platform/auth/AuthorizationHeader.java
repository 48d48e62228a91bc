package dev.tributary.platform.auth;

import java.util.Locale;

/**
 * The parts of a platform {@code Authorization} header:
 * {@code User <secret>, Organization <secret>[, Element <token>]} in any order, with any
 * whitespace around the commas. {@code User} is always required, with {@code Organization} or
 * {@code Element} or both; whether the secrets are right is for the {@link Authenticator} to decide.
 */
public record AuthorizationHeader(String user, String organization, String element) {

    /** Longer headers are refused unread; real ones are a few hundred bytes. */
    static final int MAX_LENGTH = 4096;

    private static final String EXPECTED = "expected 'User <secret>, Organization <secret>'";

    public static AuthorizationHeader parse(String header) {
        if (header == null || header.isBlank()) {
            throw new MalformedAuthorizationException("Authorization header is missing; " + EXPECTED);
        }
        if (header.length() > MAX_LENGTH) {
            throw new MalformedAuthorizationException("Authorization header is too long");
        }
        String user = null;
        String organization = null;
        String element = null;
        for (String rawPart : header.split(",", -1)) {
            String part = rawPart.strip();
            if (part.isEmpty()) {
                throw new MalformedAuthorizationException("Authorization header has an empty part; " + EXPECTED);
            }
            String[] schemeAndValue = part.split("\\s+");
            if (schemeAndValue.length != 2) {
                throw new MalformedAuthorizationException("Authorization part must be '<Scheme> <value>'; " + EXPECTED);
            }
            String value = schemeAndValue[1];
            if (!isPrintableAscii(value)) {
                throw new MalformedAuthorizationException("Authorization value has characters a secret never has");
            }
            switch (schemeAndValue[0].toLowerCase(Locale.ROOT)) {
                case "user" -> user = once(user, value, "User");
                case "organization" -> organization = once(organization, value, "Organization");
                case "element" -> element = once(element, value, "Element");
                default -> throw new MalformedAuthorizationException(
                        "Authorization scheme must be User, Organization or Element; " + EXPECTED);
            }
        }
        if (user == null) {
            throw new MalformedAuthorizationException("Authorization header has no User part; " + EXPECTED);
        }
        if (organization == null && element == null) {
            throw new MalformedAuthorizationException("Authorization header has no Organization part; " + EXPECTED
                    + " (or 'User <secret>, Element <token>' for calls about one instance)");
        }
        return new AuthorizationHeader(user, organization, element);
    }

    private static String once(String previous, String value, String scheme) {
        if (previous != null) {
            throw new MalformedAuthorizationException("Authorization header names " + scheme + " twice");
        }
        return value;
    }

    private static boolean isPrintableAscii(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return "AuthorizationHeader[user=***, organization=" + (organization == null ? "none" : "***")
                + ", element=" + (element == null ? "none" : "***") + "]";
    }
}
