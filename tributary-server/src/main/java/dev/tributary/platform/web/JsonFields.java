package dev.tributary.platform.web;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import tools.jackson.databind.JsonNode;

/** Request bodies read as JSON trees: a field the call does not take is a 400, never silently ignored. */
public final class JsonFields {

    private JsonFields() {
    }

    /**
     * @param where    how the message names the object: "Request body", "providerData"
     * @param accepted the fields the object may have
     * @throws ApiException 400 naming the unknown fields and listing the accepted ones
     */
    public static void requireOnly(JsonNode object, String where, Collection<String> accepted) {
        if (object == null || !object.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        for (String name : object.propertyNames()) {
            if (!accepted.contains(name)) {
                unknown.add(name);
            }
        }
        if (!unknown.isEmpty()) {
            throw ApiException.badRequest(unknownMessage(where, unknown, accepted));
        }
    }

    /** "Unknown field(s) in ...: x, y; accepted: a, b, c". */
    public static String unknownMessage(String where, Collection<String> unknown, Collection<String> accepted) {
        return "Unknown field" + (unknown.size() == 1 ? "" : "s") + " in " + where + ": " + String.join(", ",
                unknown.stream().map(name -> "'" + name + "'").toList()) + "; accepted: " + String.join(", ", accepted);
    }
}
