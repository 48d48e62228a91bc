package dev.tributary.console;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.Browser;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.RecordingReceiver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.openqa.selenium.By;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console in a real headless Chromium against the packaged jar in sandbox mode: a new user
 * goes from sign-in to a delivered notification through the browser only, along the seed's steps.
 * Screenshots go to docs/img for docs/console.md.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsoleBrowserIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String XSS = "<img src=x onerror=alert(1)>";

    private static Path dataDir;
    private static PackagedServer server;
    private static Credentials admin;
    private static String controlApi;
    private static String receiverUrl;

    private Browser browser;

    @BeforeAll
    static void startServer() throws Exception {
        if (Browser.required()) {
            assertThat(Browser.installed()).as("chromium and chromedriver in /usr/bin (.ci/run installs them)").isTrue();
        }
        assumeTrue(Browser.installed(), "chromium and chromedriver are not installed (.ci/run installs them)");
        assertThat(PackagedServer.JAR).as("run ./mvnw package first").exists();
        dataDir = Files.createTempDirectory("tributary-console");
        server = PackagedServer.start(dataDir, PackagedServer.freePort(), Map.of());
        admin = Credentials.fromFile(dataDir.resolve("bootstrap-credentials"));
        JsonNode sandbox = JSON.readTree(server.get("/sandbox", null).body());
        controlApi = sandbox.get("shopify").get("controlApi").asString();
        receiverUrl = sandbox.get("receiverUrl").asString();
    }

    @AfterAll
    static void stopServer() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void openBrowser() {
        browser = Browser.start();
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            List<String> errors = browser.consoleErrors().stream()
                    // A refused call the console shows as a message (wrong secrets) is also logged by Chromium.
                    .filter(message -> !message.contains("Failed to load resource"))
                    .toList();
            browser.close();
            assertThat(errors).as("script errors or Content-Security-Policy violations in the page").isEmpty();
        }
    }

    @Test
    @Order(0)
    void the_console_is_served_under_a_policy_that_runs_only_its_own_scripts() throws Exception {
        HttpResponse<String> root = send("GET", server.baseUrl() + "/", null);
        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.headers().firstValue("Location")).hasValue("/console/");
        assertThat(JSON.readTree(root.body()).get("openapi").asString()).isEqualTo("/v3/api-docs");

        HttpResponse<String> page = send("GET", server.baseUrl() + "/console/", null);
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElseThrow()).startsWith("text/html");
        String policy = page.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertThat(policy).contains("script-src 'self'", "frame-ancestors 'none'").doesNotContain("unsafe");
        assertThat(page.headers().firstValue("X-Frame-Options")).hasValue("DENY");
        assertThat(page.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
        assertThat(page.body()).doesNotContain("<script>").contains("src=\"/console/app.js\"");

        HttpResponse<String> script = send("GET", server.baseUrl() + "/console/app.js", null);
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.headers().firstValue("Content-Type").orElseThrow()).contains("javascript");
        HttpResponse<String> missing = send("GET", server.baseUrl() + "/console/no-such-file.js", null);
        assertThat(missing.statusCode()).isEqualTo(404);
        // Only the console's folder is served: the jar's other resources stay private.
        assertThat(send("GET", server.baseUrl() + "/console/../application.yml", null).statusCode()).isNotEqualTo(200);
        assertThat(send("GET", server.baseUrl() + "/application.yml", null).statusCode()).isEqualTo(404);
    }

    @Test
    @Order(1)
    void a_new_user_creates_an_instance_through_the_form_and_shopify_and_gets_its_token_and_id() throws Exception {
        browser.open(server.baseUrl() + "/");
        browser.shown("#sign-in");
        assertThat(browser.url()).isEqualTo(server.baseUrl() + "/console/");
        assertThat(browser.driver().getPageSource()).contains("data/bootstrap-credentials")
                .doesNotContain(admin.user()).doesNotContain(admin.organization());
        browser.screenshot("console-sign-in");
        signIn(admin);

        browser.click("a[data-route=elements]");
        browser.shown("#element-shopify");
        browser.screenshot("console-elements");
        browser.click("#authenticate-shopify");

        // The seed's steps, in its words: the Shopify URL, Show Optional Fields, Webhook Topics, the
        // signature key, Events Enabled, the callback URL, tags, Create Instance.
        browser.type("#name", "My sandbox store");
        browser.click("#use-sandbox");
        assertThat(browser.shown("#siteAddress").getDomProperty("value")).isEqualTo("sandbox-shop");
        browser.click("#show-optional");
        browser.type("#topics", "orders/create");
        browser.click("#topic-choices input[data-topic='customers/update']");
        assertThat(browser.shown("#topics").getDomProperty("value")).isEqualTo("orders/create, customers/update");
        browser.type("#signatureKey", "MySecretEventSignatureKey");
        browser.click("#eventsEnabled");
        assertThat(browser.shown("#callbackUrl").getDomProperty("value")).isEqualTo(receiverUrl);
        browser.type("#tags", "console, sandbox");
        browser.script("document.getElementById('create-instance-button').scrollIntoView({block: 'end'})");
        browser.screenshot("console-create-instance");
        browser.click("#create-instance-button");

        // Shopify's (the emulator's) install page, then back to the console's return page.
        browser.shown("#install");
        browser.screenshot("console-shopify-approve");
        browser.click("#install");
        String id = browser.shown("#created-id").getText();
        String token = browser.shown("#created-token").getText();
        assertThat(browser.url()).doesNotContain("code=");
        browser.screenshot("console-instance-created");

        JsonNode instance = server.api().get(API + "/instances/" + id).as(admin).send().json();
        assertThat(instance.get("token").asString()).isEqualTo(token);
        assertThat(instance.get("name").asString()).isEqualTo("My sandbox store");
        assertThat(instance.get("eventsEnabled").asBoolean()).isTrue();
        assertThat(instance.get("tags").toString()).isEqualTo("[\"console\",\"sandbox\"]");
        assertThat(instance.get("configuration").get("event.notification.signature.key").asString()).isEqualTo("********");
        assertThat(subscribedTopics(instance)).contains("orders/create", "customers/update", "app/uninstalled");
        // The secrets and the pending form lived in this tab only.
        assertThat(browser.sessionStorage()).containsOnlyKeys("tributary.console.credentials");
        assertThat(browser.script("return document.cookie + JSON.stringify(localStorage)")).isEqualTo("{}");

        // Done when a change in the shop reaches the callback, signed with the key typed in the form.
        long order = createOrder(Map.of("email", "first@example.com", "total_price", "1.00"));
        JsonNode notification = awaitSandboxNotification(Long.parseLong(id), order);
        String body = send("GET", server.baseUrl() + "/sandbox/receiver/" + notification.get("id").asLong() + "/body", null).body();
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("MySecretEventSignatureKey".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        assertThat(notification.get("headers").get("elements-webhook-signature").asString())
                .isEqualTo("sha256=" + Base64.getEncoder().encodeToString(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
    }

    @Test
    @Order(2)
    void an_order_in_the_shop_shows_as_an_event_with_its_raw_body_and_a_delivered_delivery() throws Exception {
        long instanceId = connectThroughApi("Events store", receiverUrl);
        long order = createOrder(Map.of("email", "ada@example.com", "total_price", "42.00"));

        browser.open(server.baseUrl() + "/console/#/instances/" + instanceId);
        signIn(admin);
        browser.textContaining("#activity-chart", "1 event received");
        browser.textContaining("#activity-chart", "1 delivered");
        browser.screenshot("console-instance");
        browser.click("#open-events");
        WebElement row = awaitRow("#events tbody tr[data-event-id]", "#refresh-events");
        assertThat(row.getText()).contains("orders/create", "orders", Long.toString(order), "CREATED", "webhook");
        row.findElement(By.tagName("button")).click();
        browser.textContaining("#raw-body", "ada@example.com");
        assertThat(browser.shown("#notification-body").getText()).contains("\"instanceId\": " + instanceId);
        browser.textContaining("#event-detail", "1 delivery: delivered");
        browser.screenshot("console-event");

        browser.click("#event-detail a");
        browser.textContaining("#deliveries", "delivered");
        browser.screenshot("console-deliveries");
    }

    @Test
    @Order(3)
    void a_queued_delivery_to_a_dead_callback_is_redelivered_once_a_receiver_listens() throws Exception {
        int deadPort = PackagedServer.freePort();
        String deadCallback = "http://127.0.0.1:" + deadPort + "/events";
        long instanceId = connectThroughApi("Queue store", receiverUrl);
        browser.open(server.baseUrl() + "/console/#/settings");
        signIn(admin);
        browser.click("#policy-queue");
        browser.click("#save-settings");
        browser.textContaining("#settings-message", "Saved: failures are queued");
        browser.screenshot("console-settings");
        try {
            browser.open(server.baseUrl() + "/console/#/instances/" + instanceId);
            WebElement callback = browser.shown("#edit-instance #callbackUrl");
            callback.clear();
            callback.sendKeys(deadCallback);
            browser.click("#save-instance");
            browser.textContaining("#instance-message", "Saved.");
            createOrder(Map.of("email", "grace@example.com", "total_price", "7.00"));

            browser.open(server.baseUrl() + "/console/#/deliveries?instance=" + instanceId + "&status=queued");
            WebElement queued = awaitRow("#deliveries tbody[data-delivery-id]", "#status-queued");
            assertThat(queued.getText()).contains("queued", deadCallback);
            browser.textContaining("#queued-count", "1 queued");
            queued.findElement(By.xpath(".//button[text()='Attempts']")).click();
            assertThat(browser.textContaining("#deliveries .details", "connection refused")).contains("connection refused");
            browser.screenshot("console-deliveries-queued");

            try (RecordingReceiver receiver = RecordingReceiver.start(deadPort)) {
                browser.click("#deliveries button[data-redeliver]");
                browser.textContaining("#deliveries-message", "Redelivering 1 queued delivery");
                assertThat(receiver.await("/events", r -> !r.isEmpty(), 20)).hasSize(1);
                browser.click("#status-delivered");
                browser.textContaining("#deliveries", deadCallback);
            }

            browser.open(server.baseUrl() + "/console/#/instances/" + instanceId);
            browser.click("#toggle-events");
            browser.textContaining("#events-enabled", "no");
            assertThat(server.api().get(API + "/instances/" + instanceId).as(admin).send().json()
                    .get("eventsEnabled").asBoolean()).isFalse();
            browser.click("#delete-instance");
            browser.click("#confirm-delete");
            browser.textContaining("#deleted-message", "deleted");
            assertThat(server.api().get(API + "/instances/" + instanceId).as(admin).send().status()).isEqualTo(404);
        } finally {
            server.api().patch(API + "/accounts/1/settings", "{\"notification.webhook.failure.policy\": \"retry\"}")
                    .as(admin).send();
        }
    }

    @Test
    @Order(4)
    void wrong_secrets_and_bad_fields_are_shown_beside_their_field_and_nothing_is_created() throws Exception {
        int instancesBefore = instanceCount(admin);
        browser.open(server.baseUrl() + "/console/");
        browser.type("#user-secret", "wrong");
        browser.type("#organization-secret", admin.organization());
        browser.click("#sign-in-button");
        assertThat(browser.textContaining("#sign-in-error", "Invalid credentials")).contains("Invalid credentials");
        assertThat(browser.sessionStorage()).isEmpty();
        signIn(admin);

        browser.open(server.baseUrl() + "/console/#/instances/new");
        browser.type("#name", "Broken");
        browser.click("#use-sandbox");
        browser.click("#show-optional");
        browser.type("#topics", "orders/create, orders/teleported");
        browser.click("#create-instance-button");
        assertThat(browser.textContaining("#topics-error", "orders/teleported")).contains("Unknown Shopify webhook topic");

        // The API's own words for a shop that cannot exist, beside the Site Address.
        browser.type("#topics", "orders/create");
        browser.type("#siteAddress", "not a shop!");
        browser.click("#create-instance-button");
        assertThat(browser.textContaining("#siteAddress-error", "not a valid Shopify shop name")).contains("siteAddress");
        assertThat(browser.all("#topics-error").get(0).getText()).isEmpty();

        // A callback URL only the API refuses: through Shopify and back, shown beside its field, the form kept.
        browser.type("#siteAddress", "sandbox-shop");
        browser.type("#callbackUrl", "ftp://files.example.com/events");
        browser.click("#create-instance-button");
        browser.click("#install");
        String message = browser.textContaining("#callbackUrl-error", "refused");
        assertThat(message).contains("event.notification.callback.url", "only http and https");
        assertThat(browser.shown("#name").getDomProperty("value")).isEqualTo("Broken");
        assertThat(browser.shown("#topics").getDomProperty("value")).isEqualTo("orders/create");
        browser.screenshot("console-create-instance-error");
        assertThat(instanceCount(admin)).isEqualTo(instancesBefore);
    }

    @Test
    @Order(5)
    void shop_text_is_shown_as_text_and_another_accounts_instance_is_never_visible() throws Exception {
        long instanceId = connectThroughApi("XSS store " + XSS, receiverUrl);
        createOrder(Map.of("email", "mallory@example.com", "note", XSS));
        Credentials other = secondAccount();
        long othersInstance = connectThroughApi("Other account's store", receiverUrl, other);

        browser.open(server.baseUrl() + "/console/#/instances/" + instanceId + "/events");
        signIn(admin);
        awaitRow("#events tbody tr[data-event-id]", "#refresh-events").findElement(By.tagName("button")).click();
        assertThat(browser.textContaining("#raw-body", XSS)).contains("\"note\": \"" + XSS + "\"");
        assertThat(browser.all("img")).isEmpty();
        assertNoAlert();
        browser.open(server.baseUrl() + "/console/#/instances");
        assertThat(browser.textContaining("#instances", "XSS store")).contains("XSS store " + XSS)
                .doesNotContain("Other account's store");
        assertThat(browser.all("img")).isEmpty();
        assertNoAlert();

        browser.open(server.baseUrl() + "/console/#/instances/" + othersInstance);
        assertThat(browser.textContaining(".notice.error", "")).isNotBlank().doesNotContain("Other account's store");
        browser.open(server.baseUrl() + "/console/#/deliveries");
        browser.shown("#deliveries");
        assertThat(browser.all("#deliveries a[href='#/instances/" + instanceId + "']")).isNotEmpty();
        assertThat(browser.all("#deliveries a[href='#/instances/" + othersInstance + "']")).isEmpty();
        assertThat(browser.driver().getPageSource()).doesNotContain("Other account's store");

        // The other account signs in and sees its own instance, and none of the first account's.
        browser.click("#sign-out");
        signIn(other);
        assertThat(browser.textContaining("#instances", "Other account's store")).doesNotContain("XSS store");
    }

    // --- helpers -------------------------------------------------------------------------------

    private void signIn(Credentials credentials) {
        browser.type("#user-secret", credentials.user());
        browser.type("#organization-secret", credentials.organization());
        browser.click("#sign-in-button");
        browser.shown("#nav");
    }

    /** The first row once the list has one, pressing {@code refresh} while it has none. */
    private WebElement awaitRow(String rowCss, String refreshCss) {
        return browser.await("a row " + rowCss, driver -> {
            List<WebElement> rows = driver.findElements(By.cssSelector(rowCss));
            if (!rows.isEmpty()) {
                return rows.get(0);
            }
            driver.findElement(By.cssSelector(refreshCss)).click();
            return null;
        });
    }

    private void assertNoAlert() {
        try {
            browser.driver().switchTo().alert();
            throw new AssertionError("a script from the shop's data ran and opened an alert");
        } catch (NoAlertPresentException expected) {
            // nothing ran
        }
    }

    private static int instanceCount(Credentials credentials) {
        return server.api().get(API + "/instances").as(credentials).send().json().size();
    }

    private static List<String> subscribedTopics(JsonNode instance) throws Exception {
        String address = server.baseUrl().replace("127.0.0.1", "localhost") + API + "/events/shopify/";
        JsonNode subscriptions = JSON.readTree(send("GET", controlApi + "/shops/sandbox-shop/subscriptions", null).body());
        List<String> topics = new ArrayList<>();
        List<String> ids = List.of(instance.get("configuration").get("event.notification.subscription.id").asString().split(","));
        for (JsonNode subscription : subscriptions) {
            if (ids.contains(subscription.get("graphqlId").asString())) {
                assertThat(subscription.get("address").asString()).startsWith(address);
                topics.add(subscription.get("topic").asString());
            }
        }
        return topics;
    }

    private static long createOrder(Map<String, String> order) throws Exception {
        HttpResponse<String> created = send("POST", controlApi + "/shops/sandbox-shop/orders", ApiClient.json(order));
        assertThat(created.statusCode()).as(created.body()).isBetween(200, 201);
        return JSON.readTree(created.body()).get("id").asLong();
    }

    private static long connectThroughApi(String name, String callbackUrl) throws Exception {
        return connectThroughApi(name, callbackUrl, admin);
    }

    /** The quickstart's API steps, for scenarios that start from a connected shop. */
    private static long connectThroughApi(String name, String callbackUrl, Credentials credentials) throws Exception {
        JsonNode url = server.api().get(API + "/elements/shopify/oauth/url?apiKey=sandbox-app"
                + "&callbackUrl=https://app.example.com/callback&siteAddress=sandbox-shop").as(credentials).send().json();
        HttpResponse<String> authorize = send("GET", url.get("oauthUrl").asString(), null);
        String location = authorize.headers().firstValue("Location").orElseThrow();
        String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
        Map<String, Object> body = Map.of(
                "element", Map.of("key", "shopify"),
                "providerData", Map.of("code", code, "shop", "sandbox-shop.myshopify.com"),
                "configuration", Map.of("oauth.api.key", "sandbox-app", "oauth.api.secret", "sandbox-app-secret",
                        "event.notification.enabled", true, "shopify.webhook.topics", "orders/create",
                        "event.notification.callback.url", callbackUrl),
                "name", name);
        ApiClient.Answer created = server.api().post(API + "/instances", ApiClient.json(body)).as(credentials).send();
        assertThat(created.status()).as(created.toString()).isEqualTo(200);
        return created.json().get("id").asLong();
    }

    private static Credentials secondAccount() {
        ApiClient.Answer account = server.api().post(API + "/accounts", "{\"name\": \"Second\", \"externalId\": \"second\"}")
                .as(admin).send();
        assertThat(account.status()).as(account.toString()).isEqualTo(200);
        ApiClient.Answer user = server.api().post(API + "/accounts/" + account.json().get("id").asLong() + "/users",
                "{\"email\": \"second@example.com\", \"firstName\": \"Sec\", \"lastName\": \"Ond\"}").as(admin).send();
        assertThat(user.status()).as(user.toString()).isEqualTo(200);
        return new Credentials(user.json().get("secret").asString(), admin.organization());
    }

    private static JsonNode awaitSandboxNotification(long instanceId, long order) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            for (JsonNode record : JSON.readTree(send("GET", server.baseUrl() + "/sandbox/receiver", null).body())) {
                JsonNode message = JSON.readTree(record.get("body").asString()).get("message");
                if (message.get("instanceId").asLong() == instanceId && message.get("raw").get("id").asLong() == order) {
                    return record;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no notification of order " + order + " for instance " + instanceId + " at the sandbox receiver");
    }

    private static HttpResponse<String> send(String method, String url, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10));
        request.method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
