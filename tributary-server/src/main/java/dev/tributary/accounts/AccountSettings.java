package dev.tributary.accounts;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tributary.platform.web.ApiException;

/**
 * The settings an account may hold, their defaults and allowed values. Pure: no storage here, so
 * every rule is unit-tested on its own.
 */
public final class AccountSettings {

    public static final String FAILURE_POLICY = "notification.webhook.failure.policy";

    /** Setting name to allowed values; the first value is the default. */
    private static final Map<String, List<String>> ALLOWED = Map.of(
            FAILURE_POLICY, List.of("retry", "queue"));

    private AccountSettings() {
    }

    /** Every setting with its stored value or, where none is stored, its default. */
    public static Map<String, String> effective(Map<String, String> stored) {
        Map<String, String> all = new TreeMap<>();
        ALLOWED.forEach((name, values) -> all.put(name, stored.getOrDefault(name, values.get(0))));
        return all;
    }

    /**
     * Checks a change request as a whole, so that a bad request changes nothing.
     *
     * @return the validated changes, by setting name
     * @throws ApiException 400 naming the first bad field and what it may be
     */
    public static Map<String, String> validate(Map<String, Object> changes) {
        if (changes == null) {
            throw ApiException.badRequest("Request body must be a JSON object of settings, e.g. {\""
                    + FAILURE_POLICY + "\": \"retry\"}");
        }
        Map<String, String> valid = new LinkedHashMap<>();
        for (Map.Entry<String, Object> change : new TreeMap<>(changes).entrySet()) {
            String name = change.getKey();
            List<String> allowed = ALLOWED.get(name);
            if (allowed == null) {
                throw ApiException.badRequest("Unknown setting '" + name + "'; known settings: "
                        + String.join(", ", new TreeMap<>(ALLOWED).keySet()));
            }
            if (!(change.getValue() instanceof String value) || !allowed.contains(value)) {
                throw ApiException.badRequest("Setting '" + name + "' must be one of: " + String.join(", ", allowed)
                        + " (got " + describe(change.getValue()) + ")");
            }
            valid.put(name, value);
        }
        return valid;
    }

    private static String describe(Object value) {
        if (value == null) {
            return "null";
        }
        String text = value instanceof String s ? "'" + s + "'" : value.toString();
        return text.length() > 40 ? text.substring(0, 40) + "..." : text;
    }
}
