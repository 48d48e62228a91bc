package dev.tributary.shopify;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every call Tributary makes to Shopify goes through here: the Admin base from settings, the API
 * version, {@code X-Shopify-Access-Token}, timeouts, and Shopify's rate limits (REST's call-limit
 * header and 429 {@code Retry-After}, GraphQL's cost and {@code THROTTLED}): it waits and tries
 * again rather than failing. Calls that are safe to repeat are retried on network errors and 5xx.
 * Tokens and secrets never reach a log line.
 */
@Component
public class ShopifyClient {

    public static final String TOKEN_HEADER = "X-Shopify-Access-Token";

    private static final Logger log = LoggerFactory.getLogger(ShopifyClient.class);

    private final ShopifyProperties properties;
    private final ShopifyAdminBase adminBase;
    private final JsonMapper json;
    private final HttpClient http;
    private final Pause pause;
    private final Timer graphqlThrottled;
    private final Timer restThrottled;

    @Autowired
    ShopifyClient(ShopifyProperties properties, ShopifyAdminBase adminBase, JsonMapper json, MeterRegistry metrics) {
        this(properties, adminBase, json, metrics, Pause.SLEEP);
    }

    ShopifyClient(ShopifyProperties properties, ShopifyAdminBase adminBase, JsonMapper json, MeterRegistry metrics,
            Pause pause) {
        this.properties = properties;
        this.adminBase = adminBase;
        this.json = json;
        this.pause = pause;
        this.graphqlThrottled = throttleWaits(metrics, "graphql");
        this.restThrottled = throttleWaits(metrics, "rest");
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** The URL a merchant opens to grant an app access: Shopify's authorize page for the shop. */
    public String authorizeUrl(ShopDomain shop) {
        return adminBase.of(shop) + "/admin/oauth/authorize";
    }

    /**
     * Exchanges an authorization code for an access token. Not retried: a code is single use, so a
     * repeat after a lost answer would fail anyway.
     */
    public AccessGrant exchangeCode(ShopDomain shop, String clientId, String clientSecret, String code) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("client_id", clientId);
        body.put("client_secret", clientSecret);
        body.put("code", code);
        HttpResponse<String> response = send(shop, "POST", "/admin/oauth/access_token", null, body, false);
        JsonNode answer = parse(response);
        if (response.statusCode() != 200 || !answer.path("access_token").isString()) {
            throw new ShopifyException.Refused(response.statusCode(), providerMessage(answer, response));
        }
        return new AccessGrant(answer.get("access_token").asString(), answer.path("scope").asString(""),
                answer.path("refresh_token").isString() ? answer.get("refresh_token").asString() : null,
                answer.path("expires_in").isNumber() ? answer.get("expires_in").asLong() : null);
    }

    /**
     * Runs a GraphQL Admin query or mutation and answers its {@code data}. Throttling is waited
     * out; {@code errors} become a refusal with Shopify's messages.
     *
     * @param idempotent whether the call may be repeated after a network error (queries: yes)
     */
    public JsonNode graphql(ShopDomain shop, String accessToken, String query, Map<String, Object> variables,
            boolean idempotent) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("query", query);
        body.put("variables", variables == null ? Map.of() : variables);
        String path = "/admin/api/" + properties.apiVersion() + "/graphql.json";
        for (int attempt = 1; ; attempt++) {
            HttpResponse<String> response = send(shop, "POST", path, accessToken, body, idempotent);
            JsonNode answer = parse(response);
            if (response.statusCode() == 200 && isThrottled(answer) && attempt < properties.maxAttempts()) {
                Duration wait = ShopifyRateLimits.graphqlWait(answer.path("extensions").path("cost"),
                        properties.maxThrottleWait());
                log.info("Shopify GraphQL throttled for {}; waiting {} ms", shop, wait.toMillis());
                graphqlThrottled.record(wait);
                pause.sleep(wait);
                continue;
            }
            if (response.statusCode() != 200) {
                throw new ShopifyException.Refused(response.statusCode(), providerMessage(answer, response));
            }
            if (answer.has("errors") && !answer.get("errors").isEmpty()) {
                throw new ShopifyException.Refused(response.statusCode(), providerMessage(answer, response));
            }
            return answer.path("data");
        }
    }

    /** A REST Admin call ({@code path} below {@code /admin/api/{version}/}); the answer, whatever its status. */
    public RestAnswer rest(ShopDomain shop, String accessToken, String method, String path, Object body) {
        boolean idempotent = !method.equals("POST");
        HttpResponse<String> response = send(shop, method, "/admin/api/" + properties.apiVersion() + "/" + path,
                accessToken, body, idempotent);
        return new RestAnswer(response.statusCode(), parse(response),
                response.headers().firstValue("Link").orElse(null));
    }

    /** Sends with waits for 429 and, where {@code idempotent}, retries after network errors and 5xx. */
    private HttpResponse<String> send(ShopDomain shop, String method, String path, String accessToken, Object body,
            boolean idempotent) {
        URI uri = URI.create(adminBase.of(shop) + path);
        for (int attempt = 1; ; attempt++) {
            long started = System.nanoTime();
            try {
                HttpResponse<String> response = http.send(request(uri, method, accessToken, body),
                        HttpResponse.BodyHandlers.ofString());
                log.info("Shopify {} {}{} -> {} in {} ms", method, shop, path, response.statusCode(),
                        (System.nanoTime() - started) / 1_000_000);
                if (response.statusCode() == 429 && attempt < properties.maxAttempts()) {
                    Duration wait = ShopifyRateLimits.retryAfter(
                            response.headers().firstValue("Retry-After").orElse(null), properties.maxThrottleWait());
                    log.info("Shopify rate limit reached for {}; waiting {} ms", shop, wait.toMillis());
                    restThrottled.record(wait);
                    pause.sleep(wait);
                    continue;
                }
                if (response.statusCode() >= 500) {
                    if (idempotent && attempt < properties.maxAttempts()) {
                        pause.sleep(ShopifyRateLimits.backoff(attempt));
                        continue;
                    }
                    throw new ShopifyException.Unavailable("Shopify answered " + response.statusCode()
                            + " to " + method + " " + path, null, response.statusCode(), saidSomething(response));
                }
                if (response.statusCode() == 429) {
                    throw new ShopifyException.Unavailable("Shopify kept answering 429 to " + method + " " + path, null,
                            429, saidSomething(response));
                }
                pause.sleep(ShopifyRateLimits.restPause(
                        response.headers().firstValue("X-Shopify-Shop-Api-Call-Limit").orElse(null)));
                return response;
            } catch (IOException e) {
                log.warn("Shopify {} {}{} failed: {}", method, shop, path, e.toString());
                if (!idempotent || attempt >= properties.maxAttempts()) {
                    throw new ShopifyException.Unavailable("Shopify could not be reached for " + method + " " + path
                            + ": " + e.getMessage(), e);
                }
                pause.sleep(ShopifyRateLimits.backoff(attempt));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShopifyException.Unavailable("Interrupted while calling Shopify", e);
            }
        }
    }

    private static Timer throttleWaits(MeterRegistry metrics, String api) {
        return Timer.builder("tributary.shopify.throttle.waits").tag("api", api)
                .description("Waits for Shopify's rate limit (GraphQL THROTTLED, REST 429) before trying a call again")
                .register(metrics);
    }

    private HttpRequest request(URI uri, String method, String accessToken, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(properties.requestTimeout())
                .header("Accept", "application/json")
                .header("User-Agent", "Tributary");
        if (accessToken != null) {
            request.header(TOKEN_HEADER, accessToken);
        }
        if (body == null) {
            return request.method(method, HttpRequest.BodyPublishers.noBody()).build();
        }
        return request.header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build();
    }

    private JsonNode parse(HttpResponse<String> response) {
        String body = response.body();
        if (body == null || body.isBlank()) {
            return json.createObjectNode();
        }
        try {
            return json.readTree(body);
        } catch (RuntimeException e) {
            return json.createObjectNode();
        }
    }

    private static boolean isThrottled(JsonNode answer) {
        for (JsonNode error : answer.path("errors")) {
            if ("THROTTLED".equals(error.path("extensions").path("code").asString(""))) {
                return true;
            }
        }
        return false;
    }

    /** Shopify's words in a failed answer, or null when its body had none. */
    private String saidSomething(HttpResponse<String> response) {
        String words = providerMessage(parse(response), response.statusCode());
        return words.equals("HTTP " + response.statusCode()) ? null : words;
    }

    static String providerMessage(JsonNode answer, HttpResponse<String> response) {
        return providerMessage(answer, response.statusCode());
    }

    /** Shopify's own words from the shapes it uses: error_description, errors (text, list, map). */
    static String providerMessage(JsonNode answer, int status) {
        if (answer.path("error_description").isString()) {
            return answer.get("error_description").asString();
        }
        JsonNode errors = answer.path("errors");
        if (errors.isString()) {
            return errors.asString();
        }
        if (errors.isArray()) {
            StringBuilder text = new StringBuilder();
            for (JsonNode error : errors) {
                if (!text.isEmpty()) {
                    text.append("; ");
                }
                text.append(error.path("message").asString(error.toString()));
            }
            return text.toString();
        }
        if (errors.isObject()) {
            return errors.toString();
        }
        if (answer.path("error").isString()) {
            return answer.get("error").asString();
        }
        return "HTTP " + status;
    }

    /** What a code exchange grants. {@code refreshToken} and {@code expiresIn} only for expiring tokens. */
    public record AccessGrant(String accessToken, String scope, String refreshToken, Long expiresIn) {

        @Override
        public String toString() {
            return "AccessGrant[scope=" + scope + ", expiring=" + (expiresIn != null) + "]";
        }
    }

    /** A REST answer: status, parsed body and the {@code Link} header for paging. */
    public record RestAnswer(int status, JsonNode body, String link) {

        /** Shopify's words in this answer ({@code errors}, {@code error_description}, ...), or "HTTP status". */
        public String providerMessage() {
            return ShopifyClient.providerMessage(body, status);
        }
    }

    /** Waiting, replaceable in tests so they need not sleep. */
    @FunctionalInterface
    interface Pause {

        Pause SLEEP = duration -> {
            if (duration.isZero() || duration.isNegative()) {
                return;
            }
            try {
                Thread.sleep(duration.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ShopifyException.Unavailable("Interrupted while waiting for Shopify's rate limit", e);
            }
        };

        void sleep(Duration duration);
    }
}
