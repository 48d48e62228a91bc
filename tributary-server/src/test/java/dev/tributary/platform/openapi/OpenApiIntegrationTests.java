package dev.tributary.platform.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.web.LeanPostServlet;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.NodeScripts;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.util.AntPathMatcher;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI description at {@code /v3/api-docs}, fetched over HTTP without credentials: it
 * describes every handler mapping of the public API with its method, carries the shared parts
 * (authentication, the error format, paging), passes Redocly's linter with its recommended rules,
 * and Swagger UI shows it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenApiIntegrationTests {

    static final String API = ApiClient.API;

    /**
     * The rule for what the document covers: the public API, which is every mapping under
     * {@code /elements/api-v2}, and nothing else. The mappings outside it are named here with the
     * reason; one that is neither in the document nor here fails the test until someone decides.
     */
    static final Map<String, String> NOT_API = Map.of(
            "/error", "the container's error page (it answers in the API's error format)",
            "/bench/noop", "the benchmark's no-op, only with TRIBUTARY_BENCH_NOOP",
            "/sandbox/**", "sandbox mode only: the quickstart's Shopify details and recording receiver",
            "/v3/api-docs/**", "the description itself",
            "/v3/api-docs.yaml/**", "the description itself",
            "/swagger-ui.html", "the description's page",
            "/", "the browser console's entry",
            "/console/**", "the browser console's pages");

    private static final AntPathMatcher PATHS = new AntPathMatcher();

    private TestStore store;
    private RunningService service;
    private ApiClient client;
    private JsonNode document;

    @BeforeAll
    void start() {
        store = TestStore.sqlite();
        // Sandbox mode (the default with SQLite) and the benchmark's no-op: the mappings left out exist too.
        service = RunningService.start(store, Map.of("tributary.bench.noop", "true"));
        client = service.client();
        Answer answer = client.get("/v3/api-docs").send();
        assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
        assertThat(answer.header("Content-Type")).startsWith("application/json");
        document = answer.json();
    }

    @AfterAll
    void stop() {
        service.close();
        store.close();
    }

    @Test
    void every_mapping_of_the_api_is_an_operation_of_the_document_and_nothing_else_is() {
        Set<String> expected = new TreeSet<>();
        Set<String> leftOut = new TreeSet<>();
        Set<String> undecided = new TreeSet<>();
        mappings().forEach((operation, handler) -> {
            String path = operation.substring(operation.indexOf(' ') + 1);
            if (path.startsWith(API + "/")) {
                expected.add(operation);
            } else if (NOT_API.keySet().stream().anyMatch(pattern -> PATHS.match(pattern, path))) {
                leftOut.add(operation);
            } else {
                undecided.add(operation);
            }
        });
        assertThat(undecided).as("mappings outside " + API + " that NOT_API does not name").isEmpty();
        assertThat(expected).as("a mapping without an HTTP method").noneMatch(operation -> operation.startsWith("ANY "));
        assertThat(operations()).as("the document's operations").containsExactlyInAnyOrderElementsOf(expected);
        // The rule was put to the test: what it leaves out was there to leave out.
        assertThat(leftOut).contains("GET /sandbox", "GET /v3/api-docs");
        assertThat(expected).hasSizeGreaterThan(20);
    }

    /**
     * The addresses served ahead of Spring MVC by servlets of their own (the webhook addresses and
     * the benchmark's no-op) are held to the same rule: every one under the API is an operation of
     * the document, with the method the servlet takes, and the others are in {@link #NOT_API}.
     */
    @Test
    void the_addresses_served_by_servlets_ahead_of_mvc_are_documented_by_the_same_rule() {
        Set<String> served = new TreeSet<>();
        for (ServletRegistrationBean<?> registration : service.beans(ServletRegistrationBean.class).values()) {
            if (registration.getServlet() instanceof LeanPostServlet) {
                served.addAll(registration.getUrlMappings());
            }
        }
        assertThat(served).containsExactlyInAnyOrder(
                API + "/events/shopify", API + "/events/shopify/*", "/bench/noop");
        Map<String, String> operationIds = new TreeMap<>();
        for (String mapping : served) {
            // A servlet's "/x/*" takes one more path segment: the document names it as a template.
            List<String> operations = mapping.endsWith("/*")
                    ? operations().stream().filter(o -> o.startsWith("POST " + mapping.substring(0, mapping.length() - 1) + "{")
                            && o.indexOf('/', o.indexOf('{')) < 0).toList()
                    : operations().stream().filter(o -> o.equals("POST " + mapping)).toList();
            if (mapping.startsWith(API + "/")) {
                assertThat(operations).as(mapping).hasSize(1);
                operationIds.put(operations.get(0), operationOf(operations.get(0)).get("operationId").asString());
            } else {
                assertThat(operations).as(mapping).isEmpty();
                assertThat(NOT_API.keySet()).as(mapping).anyMatch(pattern -> PATHS.match(pattern, mapping));
            }
        }
        assertThat(operationIds).containsExactlyInAnyOrderEntriesOf(Map.of(
                "POST " + API + "/events/shopify", "receiveShopWebhook",
                "POST " + API + "/events/shopify/{instanceKey}", "receiveWebhook"));
    }

    @Test
    void the_document_is_openapi_3_1_with_title_and_the_builds_version() {
        assertThat(document.get("openapi").asString()).startsWith("3.1.");
        assertThat(document.get("info").get("title").asString()).isEqualTo("Tributary API");
        assertThat(document.get("info").get("version").asString())
                .isEqualTo(service.bean(BuildProperties.class).getVersion());
        assertThat(document.get("info").get("description").asString()).contains("Elements-Next-Page-Token");
        assertThat(document.get("servers").get(0).get("url").asString()).isEqualTo(service.baseUrl()
                .replace("127.0.0.1", "localhost"));
        Answer yaml = client.get("/v3/api-docs.yaml").send();
        assertThat(yaml.status()).isEqualTo(200);
        assertThat(yaml.body()).startsWith("openapi: 3.1.");
    }

    @Test
    void the_platform_calls_ask_for_the_organization_form_and_instance_calls_take_the_element_form() {
        JsonNode schemes = document.get("components").get("securitySchemes");
        for (String scheme : List.of("platform", "instance")) {
            assertThat(schemes.get(scheme).get("type").asString()).isEqualTo("apiKey");
            assertThat(schemes.get(scheme).get("in").asString()).isEqualTo("header");
            assertThat(schemes.get(scheme).get("name").asString()).isEqualTo("Authorization");
        }
        assertThat(schemes.get("platform").get("description").asString())
                .contains("User <userSecret>, Organization <organizationSecret>");
        assertThat(schemes.get("instance").get("description").asString())
                .contains("User <userSecret>, Organization <organizationSecret>, Element <instanceToken>")
                .contains("User <userSecret>, Element <instanceToken>");
        assertThat(document.get("security").toString()).isEqualTo("[{\"platform\":[]}]");

        mappings().forEach((operation, handler) -> {
            if (!operation.contains(" " + API + "/")) {
                return;
            }
            JsonNode security = operationOf(operation).get("security");
            if (operation.contains(API + "/events/shopify")) {
                assertThat(security.toString()).as(operation).isEqualTo("[]");
                assertThat(operationOf(operation).get("parameters").toString()).as(operation)
                        .contains("{\"name\":\"X-Shopify-Hmac-Sha256\",\"in\":\"header\"");
            } else if (operation.contains(API + "/hubs/")) {
                assertThat(security.toString()).as(operation).isEqualTo("[{\"instance\":[]}]");
            } else if (instanceScoped(handler)) {
                assertThat(security.toString()).as(operation).isEqualTo("[{\"platform\":[]},{\"instance\":[]}]");
            } else {
                assertThat(security).as(operation + " takes the document's default").isNull();
            }
        });
    }

    @Test
    void every_operation_answers_its_errors_in_the_common_format() {
        JsonNode error = document.get("components").get("schemas").get("ApiError");
        assertThat(names(error.get("properties"))).containsExactly("message", "requestId", "providerMessage");
        assertThat(error.get("required").toString()).isEqualTo("[\"message\",\"requestId\"]");

        for (String operation : operations()) {
            JsonNode responses = operationOf(operation).get("responses");
            List<String> codes = names(responses);
            assertThat(codes).as(operation).anyMatch(code -> code.startsWith("2"))
                    .anyMatch(code -> code.startsWith("4")).contains("default");
            for (String code : codes) {
                if (code.startsWith("2")) {
                    continue;
                }
                JsonNode response = resolve(responses.get(code));
                assertThat(response.get("content").get("application/json").get("schema").get("$ref").asString())
                        .as(operation + " " + code).isEqualTo("#/components/schemas/ApiError");
            }
        }
        JsonNode throttled = resolve(operationOf("GET " + API + "/hubs/ecommerce/{resource}").get("responses").get("503"));
        assertThat(throttled.get("headers").has("Retry-After")).isTrue();
    }

    @Test
    void list_calls_take_the_paging_parameters_and_answer_the_next_page_header() {
        JsonNode instances = operationOf("GET " + API + "/instances");
        assertThat(instances.get("parameters").toString())
                .contains("{\"$ref\":\"#/components/parameters/pageSize\"}", "{\"$ref\":\"#/components/parameters/nextPage\"}");
        assertThat(instances.get("responses").get("200").get("headers").get("Elements-Next-Page-Token").get("$ref")
                .asString()).isEqualTo("#/components/headers/NextPageToken");
        JsonNode pageSize = document.get("components").get("parameters").get("pageSize").get("schema");
        assertThat(pageSize.get("maximum").asInt()).isEqualTo(500);
        assertThat(pageSize.get("default").asInt()).isEqualTo(200);

        List<String> paged = new ArrayList<>();
        for (String operation : operations()) {
            JsonNode parameters = operationOf(operation).get("parameters");
            if (parameters != null && parameters.toString().contains("#/components/parameters/pageSize")) {
                paged.add(operation);
                assertThat(operationOf(operation).get("responses").get("200").get("headers")
                        .has("Elements-Next-Page-Token")).as(operation).isTrue();
            }
        }
        assertThat(paged).contains("GET " + API + "/accounts", "GET " + API + "/instances/{id}/events",
                "GET " + API + "/notifications/subscriptions/deliveries", "GET " + API + "/hubs/ecommerce/{resource}");
    }

    @Test
    void swagger_ui_loads_from_this_server_without_credentials() {
        Answer page = client.get("/swagger-ui.html").send();
        assertThat(page.status()).isEqualTo(302);
        Answer index = client.get(page.header("Location").replaceFirst("^https?://[^/]+", "")).send();
        assertThat(index.status()).isEqualTo(200);
        assertThat(index.header("Content-Type")).startsWith("text/html");
        assertThat(index.body()).contains("swagger-ui-bundle.js").doesNotContain("://");

        Answer config = client.get("/v3/api-docs/swagger-config").send();
        assertThat(config.status()).isEqualTo(200);
        assertThat(config.json().get("url").asString()).isEqualTo("/v3/api-docs");
        Answer initializer = client.get("/swagger-ui/swagger-initializer.js").send();
        assertThat(initializer.body()).contains("/v3/api-docs/swagger-config").doesNotContain("petstore");
        for (String asset : List.of("swagger-ui-bundle.js", "swagger-ui-standalone-preset.js", "swagger-ui.css")) {
            assertThat(client.get("/swagger-ui/" + asset).send().status()).as(asset).isEqualTo(200);
        }
    }

    @Test
    void redocly_lints_the_document_clean_with_its_recommended_rules() throws IOException {
        Path file = Path.of("target", "openapi.json").toAbsolutePath();
        Files.createDirectories(file.getParent());
        Files.writeString(file, document.toString());
        NodeScripts.Run lint = NodeScripts.command(
                List.of("node", "node_modules/@redocly/cli/bin/cli.js", "lint", "--config", "redocly.yaml",
                        "--format", "stylish", file.toString()),
                // No usage report sent and no update check: the test needs nothing from the network.
                Map.of("REDOCLY_TELEMETRY", "off", "REDOCLY_SUPPRESS_UPDATE_NOTICE", "true"), 180);
        // recommended-strict: a warning of the recommended rules is an error, so a clean exit means no problems.
        assertThat(lint.exitCode()).as(lint.output()).isZero();
    }

    /** The schemas written beside handlers that answer maps, held to what the handlers answer. */
    @Test
    void answers_carry_the_properties_their_schemas_name() {
        ApiClient.Credentials admin = ApiClient.Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        long account = client.get(API + "/accounts/me").as(admin).send().json().get("id").asLong();
        Map<String, String> answers = Map.of(
                API + "/accounts/me", "Account",
                API + "/accounts/" + account + "/settings", "AccountSettings",
                API + "/elements/shopify", "Element",
                API + "/elements/shopify/oauth/url?apiKey=k&callbackUrl=https://app.example/cb&siteAddress=mystore",
                "OAuthUrl");
        answers.forEach((path, schema) -> {
            Answer answer = client.get(path).as(admin).send();
            assertThat(answer.status()).as(path).isEqualTo(200);
            assertThat(names(answer.json())).as(path)
                    .containsExactlyInAnyOrderElementsOf(names(document.get("components").get("schemas").get(schema)
                            .get("properties")));
        });
    }

    @Test
    void an_operator_can_switch_the_description_and_swagger_ui_off() {
        try (TestStore other = TestStore.sqlite();
                RunningService off = RunningService.start(other, Map.of("TRIBUTARY_API_DOCS", "false"))) {
            for (String path : List.of("/v3/api-docs", "/v3/api-docs.yaml", "/swagger-ui.html", "/swagger-ui/index.html")) {
                Answer answer = off.client().get(path).send();
                assertThat(answer.status()).as(path).isEqualTo(404);
                assertThat(answer.json().get("requestId").asString()).as(path).isNotBlank();
            }
        }
    }

    /** Every handler mapping as "METHOD /pattern" ("ANY" when it takes every method), with its handler. */
    private Map<String, HandlerMethod> mappings() {
        Map<String, HandlerMethod> mappings = new LinkedHashMap<>();
        for (RequestMappingHandlerMapping mapping : service.beans(RequestMappingHandlerMapping.class).values()) {
            for (Map.Entry<RequestMappingInfo, HandlerMethod> entry : mapping.getHandlerMethods().entrySet()) {
                Set<RequestMethod> methods = entry.getKey().getMethodsCondition().getMethods();
                for (String pattern : entry.getKey().getPatternValues()) {
                    if (methods.isEmpty()) {
                        mappings.put("ANY " + pattern, entry.getValue());
                    }
                    methods.forEach(method -> mappings.put(method.name() + " " + pattern, entry.getValue()));
                }
            }
        }
        return mappings;
    }

    /** The document's operations as "METHOD /path". */
    private Set<String> operations() {
        Set<String> operations = new TreeSet<>();
        for (Map.Entry<String, JsonNode> path : document.get("paths").properties()) {
            for (String method : names(path.getValue())) {
                operations.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey());
            }
        }
        return operations;
    }

    private JsonNode operationOf(String operation) {
        int space = operation.indexOf(' ');
        JsonNode path = document.get("paths").get(operation.substring(space + 1));
        assertThat(path).as(operation).isNotNull();
        JsonNode found = path.get(operation.substring(0, space).toLowerCase(java.util.Locale.ROOT));
        assertThat(found).as(operation).isNotNull();
        return found;
    }

    /** Follows a {@code #/components/...} reference. */
    private JsonNode resolve(JsonNode node) {
        JsonNode ref = node.get("$ref");
        if (ref == null) {
            return node;
        }
        JsonNode target = document;
        for (String part : ref.asString().substring(2).split("/")) {
            target = target.get(part);
        }
        assertThat(target).as(ref.asString()).isNotNull();
        return target;
    }

    private static boolean instanceScoped(HandlerMethod handler) {
        return handler.hasMethodAnnotation(InstanceScoped.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), InstanceScoped.class);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.properties().forEach(entry -> names.add(entry.getKey()));
        return names;
    }
}
