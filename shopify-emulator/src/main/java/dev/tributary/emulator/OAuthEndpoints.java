package dev.tributary.emulator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import tools.jackson.databind.JsonNode;

/**
 * Shopify's authorization code grant: the authorize page (approved at once for API clients in
 * auto-approve mode; a browser, or anyone in page mode, approves with a button), the signed
 * redirect, and the single-use code exchange for an access token.
 */
final class OAuthEndpoints {

    private final EmulatorState state;
    private final EmulatorSettings settings;
    private final Clock clock;

    OAuthEndpoints(EmulatorState state, EmulatorSettings settings, Clock clock) {
        this.state = state;
        this.settings = settings;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/{shop}/admin/oauth/authorize", this::authorize);
        router.add("POST", "/{shop}/admin/oauth/authorize", this::approve);
        router.add("POST", "/{shop}/admin/oauth/access_token", this::accessToken);
    }

    private Response authorize(Request request) {
        Shop shop = state.shop(request.pathVariable("shop")).orElse(null);
        if (shop == null) {
            return Response.html(404, page("There's no store at this address."));
        }
        App app = state.app(request.query("client_id")).orElse(null);
        if (app == null) {
            return Response.html(400, page("Oauth error invalid_request: Could not find Shopify API application with api_key "
                    + escape(String.valueOf(request.query("client_id")))));
        }
        String redirectUri = request.query("redirect_uri");
        if (redirectUri == null || !(redirectUri.startsWith("http://") || redirectUri.startsWith("https://"))) {
            return Response.html(400, page("Oauth error invalid_request: The redirect_uri is missing or not a URL"));
        }
        String scope = request.query("scope") == null ? "" : request.query("scope");
        String state = request.query("state");
        // A browser is shown the install page, as Shopify does; API clients (curl, tests) skip it in auto-approve mode.
        if (settings.autoApprove() && !fromBrowser(request)) {
            return redirectWithCode(shop, app, scope, redirectUri, state);
        }
        return Response.html(200, page("<h1>Install " + escape(app.name()) + "</h1>"
                + "<p>" + escape(app.name()) + " asks for: " + escape(scope) + "</p>"
                + "<form method=\"post\">"
                + hidden("client_id", app.clientId()) + hidden("scope", scope) + hidden("redirect_uri", redirectUri)
                + (state == null ? "" : hidden("state", state))
                + "<button id=\"install\" type=\"submit\">Install app</button></form>"));
    }

    private Response approve(Request request) {
        Map<String, List<String>> form = Request.parseQuery(request.bodyText());
        Shop shop = state.shop(request.pathVariable("shop")).orElse(null);
        App app = state.app(first(form, "client_id")).orElse(null);
        String redirectUri = first(form, "redirect_uri");
        if (shop == null || app == null || redirectUri == null) {
            return Response.html(400, page("Oauth error invalid_request: incomplete approval"));
        }
        return redirectWithCode(shop, app, first(form, "scope"), redirectUri, first(form, "state"));
    }

    private Response redirectWithCode(Shop shop, App app, String scope, String redirectUri, String oauthState) {
        Instant now = clock.instant();
        EmulatorState.AuthorizationCode code = state.issueCode(shop, app, scopes(scope),
                now.plus(settings.authorizationCodeTtl()));
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("code", code.code());
        parameters.put("host", Base64.getEncoder().withoutPadding()
                .encodeToString(("admin.shopify.com/store/" + shop.name()).getBytes(StandardCharsets.UTF_8)));
        parameters.put("shop", shop.domain());
        if (oauthState != null) {
            parameters.put("state", oauthState);
        }
        parameters.put("timestamp", Long.toString(now.getEpochSecond()));
        parameters.put("hmac", ShopifyHmac.query(app.clientSecret(), parameters));
        String query = parameters.entrySet().stream()
                .sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return Response.redirect(redirectUri + (redirectUri.contains("?") ? "&" : "?") + query);
    }

    private Response accessToken(Request request) {
        Map<String, String> parameters = exchangeParameters(request);
        Shop shop = state.shop(request.pathVariable("shop")).orElse(null);
        if (shop == null) {
            return Response.errors(404, "Not Found");
        }
        if ("refresh_token".equals(parameters.get("grant_type"))) {
            return oauthError(400, "invalid_request", "Refresh tokens are not issued by this emulator");
        }
        App app = state.app(parameters.get("client_id")).orElse(null);
        if (app == null || !ShopifyHmac.constantTimeEquals(app.clientSecret(), parameters.get("client_secret"))) {
            return oauthError(400, "invalid_client", "Client authentication failed: unknown client_id or wrong client_secret");
        }
        EmulatorState.AuthorizationCode code = state.code(parameters.get("code")).orElse(null);
        if (code == null || code.shop() != shop || code.app() != app || code.expiresAt().isBefore(clock.instant())
                || !code.used().compareAndSet(false, true)) {
            return oauthError(400, "invalid_request", "The authorization code was not found or was already used");
        }
        Installation installation = state.install(shop, app, code.scopes());
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("access_token", installation.accessToken());
        answer.put("scope", String.join(",", code.scopes()));
        return Response.json(200, answer);
    }

    /** The exchange takes JSON, a form body, or query parameters, as Shopify does. */
    private static Map<String, String> exchangeParameters(Request request) {
        Map<String, String> parameters = new LinkedHashMap<>();
        request.queryParameters().forEach((k, v) -> parameters.put(k, v.get(0)));
        String contentType = request.header("Content-Type");
        if (contentType != null && contentType.contains("json") && request.body().length > 0) {
            try {
                JsonNode body = Response.JSON.readTree(request.body());
                body.properties().forEach(e -> parameters.put(e.getKey(), e.getValue().asString()));
            } catch (RuntimeException e) {
                // a malformed body leaves the parameters incomplete: answered as a bad request
            }
        } else if (request.body().length > 0) {
            Request.parseQuery(request.bodyText()).forEach((k, v) -> parameters.put(k, v.get(0)));
        }
        return parameters;
    }

    private static Response oauthError(int status, String error, String description) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("error_description", description);
        return Response.json(status, body);
    }

    private static Set<String> scopes(String scope) {
        if (scope == null || scope.isBlank()) {
            return Set.of();
        }
        return Arrays.stream(scope.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String hidden(String name, String value) {
        return "<input type=\"hidden\" name=\"" + name + "\" value=\"" + escape(value) + "\">";
    }

    private static boolean fromBrowser(Request request) {
        String accept = request.header("Accept");
        return accept != null && accept.contains("text/html");
    }

    private static String page(String body) {
        return "<!doctype html><html><head><title>Shopify emulator</title></head><body>" + body + "</body></html>";
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
