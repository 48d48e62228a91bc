package dev.tributary.emulator.http;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import tools.jackson.databind.json.JsonMapper;

/** What an endpoint answers: status, headers and body bytes. */
public final class Response {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    private final int status;
    private final Map<String, String> headers = new LinkedHashMap<>();
    private final byte[] body;

    private Response(int status, byte[] body, String contentType) {
        this.status = status;
        this.body = body;
        if (contentType != null) {
            headers.put("Content-Type", contentType);
        }
    }

    public static Response json(int status, Object body) {
        return new Response(status, JSON.writeValueAsBytes(body), "application/json; charset=utf-8");
    }

    public static Response html(int status, String html) {
        return new Response(status, html.getBytes(StandardCharsets.UTF_8), "text/html; charset=utf-8");
    }

    public static Response text(int status, String text) {
        return new Response(status, text.getBytes(StandardCharsets.UTF_8), "text/plain; charset=utf-8");
    }

    public static Response redirect(String location) {
        return new Response(302, new byte[0], null).header("Location", location);
    }

    public static Response empty(int status) {
        return new Response(status, new byte[0], null);
    }

    /** Shopify's usual error shape: {@code {"errors": ...}}. */
    public static Response errors(int status, Object errors) {
        return json(status, Map.of("errors", errors));
    }

    public Response header(String name, String value) {
        headers.put(name, value);
        return this;
    }

    public int status() {
        return status;
    }

    public Map<String, String> headers() {
        return headers;
    }

    public byte[] body() {
        return body;
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
