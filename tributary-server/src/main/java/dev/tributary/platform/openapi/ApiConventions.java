package dev.tributary.platform.openapi;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.tributary.platform.auth.InstanceScoped;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.web.ApiError;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.Paths;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.oas.models.tags.Tag;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.method.HandlerMethod;

/**
 * What every operation of the API shares, added to what springdoc reads from the controllers so
 * that no controller repeats it: who may call (SPEC 2.1), the error answers in the common format
 * (2.2), and the paging parameters and header of list calls (2.8). An operation's own annotations
 * win where they say something.
 */
final class ApiConventions {

    static final String PLATFORM = SharedComponents.PLATFORM_SECURITY;
    static final String INSTANCE = SharedComponents.INSTANCE_SECURITY;

    static final String ERROR_SCHEMA = "ApiError";
    static final String PAGE_SIZE = "pageSize";
    static final String NEXT_PAGE = "nextPage";
    static final String NEXT_PAGE_TOKEN = "NextPageToken";

    static final String BAD_REQUEST = "BadRequest";
    static final String UNAUTHORIZED = "Unauthorized";
    static final String FORBIDDEN = "Forbidden";
    static final String NOT_FOUND = "NotFound";
    static final String TOO_LARGE = "PayloadTooLarge";
    static final String UNSUPPORTED_MEDIA_TYPE = "UnsupportedMediaType";
    static final String OTHER_ERROR = "Error";

    private ApiConventions() {
    }

    /** What an operation takes from the conventions, given its handler. */
    static Operation operation(Operation operation, HandlerMethod handler) {
        instanceScope(operation, handler);
        pagingOf(operation);
        errorsOf(operation, takesOnlyJson(handler));
        return operation;
    }

    /** The shared components, the server, and paths and tags in a stable order. */
    static void document(OpenAPI openApi, String serverUrl) {
        openApi.setServers(List.of(new Server().url(serverUrl)
                .description("This Tributary: TRIBUTARY_PUBLIC_URL, or http://localhost:<port> when unset")));
        addComponents(openApi.getComponents());
        Paths sorted = new Paths();
        new TreeMap<>(openApi.getPaths()).forEach(sorted::addPathItem);
        openApi.setPaths(sorted);
        orderTags(openApi);
    }

    /**
     * Handlers marked {@link InstanceScoped} also take the Element form of the Authorization header,
     * unless their own annotations say which forms they take.
     */
    private static void instanceScope(Operation operation, HandlerMethod handler) {
        boolean instanceScoped = handler.hasMethodAnnotation(InstanceScoped.class)
                || AnnotatedElementUtils.hasAnnotation(handler.getBeanType(), InstanceScoped.class);
        if (instanceScoped && operation.getSecurity() == null) {
            operation.setSecurity(List.of(new SecurityRequirement().addList(PLATFORM),
                    new SecurityRequirement().addList(INSTANCE)));
        }
    }

    /** Whether the handler's mapping takes {@code application/json} bodies only, so others get a 415. */
    private static boolean takesOnlyJson(HandlerMethod handler) {
        RequestMapping method = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        RequestMapping type = AnnotatedElementUtils.findMergedAnnotation(handler.getBeanType(), RequestMapping.class);
        String[] consumes = method != null && method.consumes().length > 0 ? method.consumes()
                : type != null ? type.consumes() : new String[0];
        return consumes.length > 0 && Arrays.stream(consumes)
                .allMatch(org.springframework.http.MediaType.APPLICATION_JSON_VALUE::equals);
    }

    private static void addComponents(Components components) {
        ModelConverters.getInstance(true).readAll(ApiError.class).forEach(components::addSchemas);
        components.addParameters(PAGE_SIZE, new Parameter().in("query").name(PAGE_SIZE).required(false)
                .description("Items per page: at most " + PageRequest.MAX_SIZE)
                .schema(new JsonSchema().typesItem("integer").minimum(BigDecimal.ONE)
                        .maximum(BigDecimal.valueOf(PageRequest.MAX_SIZE))._default(PageRequest.DEFAULT_SIZE)));
        components.addParameters(NEXT_PAGE, new Parameter().in("query").name(NEXT_PAGE).required(false)
                .description("The `" + PageRequest.NEXT_PAGE_HEADER + "` of the previous page's answer; "
                        + "absent for the first page")
                .schema(string()));
        components.addHeaders(NEXT_PAGE_TOKEN, new Header()
                .description("Present when another page follows: pass it as `nextPage` to get it. Opaque; "
                        + "stays valid when items are added")
                .schema(string()));

        components.addResponses(BAD_REQUEST, error("The request is malformed or a value is not allowed; the "
                + "message names the field and why. Nothing was changed."));
        components.addResponses(UNAUTHORIZED, error("The Authorization header is missing or malformed, or a "
                + "secret or token in it is wrong."));
        components.addResponses(FORBIDDEN, error("These credentials may not make this call: an Element-only "
                + "caller outside its instance or its operations, or a call for organization admins."));
        components.addResponses(NOT_FOUND, error("Nothing by that id or name that this account may see (another "
                + "account's instance is a 404 too)."));
        components.addResponses(TOO_LARGE, error("The body is over `TRIBUTARY_MAX_BODY_SIZE` (10 MiB unless set)."));
        components.addResponses(UNSUPPORTED_MEDIA_TYPE, error("The body is not `application/json`."));
        components.addResponses(SharedComponents.SHOPIFY_REFUSED, error("Shopify refused: its validation errors, "
                + "or an access token it no longer accepts; `providerMessage` has Shopify's words."));
        components.addResponses(SharedComponents.SHOPIFY_FAILED, error("Shopify failed or could not be reached; "
                + "`providerMessage` has what it said, if anything."));
        components.addResponses(SharedComponents.SHOPIFY_THROTTLED, error("Shopify is still rate limiting calls "
                + "to the shop after the waits allowed; try again after `Retry-After` seconds.")
                .addHeaderObject("Retry-After", new Header().description("Seconds to wait before trying again")
                        .schema(new JsonSchema().typesItem("integer").minimum(BigDecimal.ZERO))));
        components.addResponses(OTHER_ERROR, error("Any other failure, in the same format: 405, 406, 408 "
                + "(a body too slow to arrive), 409, 500 (never with a stack trace), 503 (overloaded), ..."));
    }

    /** List calls (those taking {@code pageSize} and {@code nextPage}) share their parameters and header. */
    private static void pagingOf(Operation operation) {
        List<Parameter> parameters = operation.getParameters();
        if (parameters == null || parameters.stream().filter(p -> PAGE_SIZE.equals(p.getName())
                || NEXT_PAGE.equals(p.getName())).count() != 2) {
            return;
        }
        List<Parameter> shared = new ArrayList<>();
        for (Parameter parameter : parameters) {
            boolean paging = PAGE_SIZE.equals(parameter.getName()) || NEXT_PAGE.equals(parameter.getName());
            shared.add(paging ? new Parameter().$ref(parameter.getName()) : parameter);
        }
        operation.setParameters(shared);
        ApiResponse ok = operation.getResponses().get("200");
        if (ok != null) {
            ok.addHeaderObject(PageRequest.NEXT_PAGE_HEADER, new Header().$ref(NEXT_PAGE_TOKEN));
        }
    }

    /**
     * The error answers an operation can give, by what it takes: 400 for parameters or a body, 401
     * and 403 where credentials are asked for, 404 for an id in the path, 413 for a body, 415 for a
     * body that must be JSON, {@code default} for the rest. All in the {@link ApiError} format.
     */
    private static void errorsOf(Operation operation, boolean onlyJson) {
        List<Parameter> parameters = operation.getParameters() == null ? List.of() : operation.getParameters();
        boolean body = operation.getRequestBody() != null;
        boolean input = body || parameters.stream().anyMatch(p -> p.get$ref() != null || !"path".equals(p.getIn()));
        boolean secured = operation.getSecurity() == null || !operation.getSecurity().isEmpty();
        boolean pathId = parameters.stream().anyMatch(p -> "path".equals(p.getIn()));

        ApiResponses responses = operation.getResponses();
        addIfAbsent(responses, "400", BAD_REQUEST, input);
        addIfAbsent(responses, "401", UNAUTHORIZED, secured);
        addIfAbsent(responses, "403", FORBIDDEN, secured);
        addIfAbsent(responses, "404", NOT_FOUND, pathId);
        addIfAbsent(responses, "413", TOO_LARGE, body);
        addIfAbsent(responses, "415", UNSUPPORTED_MEDIA_TYPE, body && onlyJson);
        addIfAbsent(responses, "default", OTHER_ERROR, true);

        ApiResponses ordered = new ApiResponses();
        responses.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.comparing((String code) -> code.equals("default"))
                        .thenComparing(Comparator.naturalOrder())))
                .forEach(entry -> ordered.addApiResponse(entry.getKey(), entry.getValue()));
        operation.setResponses(ordered);
    }

    private static void addIfAbsent(ApiResponses responses, String code, String component, boolean applies) {
        if (applies && !responses.containsKey(code)) {
            responses.addApiResponse(code, new ApiResponse().$ref(component));
        }
    }

    /** Tags in the order their first operation appears in the (sorted) paths. */
    private static void orderTags(OpenAPI openApi) {
        if (openApi.getTags() == null) {
            return;
        }
        Set<String> order = new LinkedHashSet<>();
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(operation -> {
            if (operation.getTags() != null) {
                order.addAll(operation.getTags());
            }
        }));
        List<String> names = new ArrayList<>(order);
        List<Tag> tags = new ArrayList<>(openApi.getTags());
        tags.sort(Comparator.comparingInt(tag -> names.indexOf(tag.getName()) < 0 ? names.size() : names.indexOf(tag.getName())));
        openApi.setTags(tags);
    }

    private static ApiResponse error(String description) {
        return new ApiResponse().description(description).content(new Content().addMediaType(
                org.springframework.http.MediaType.APPLICATION_JSON_VALUE,
                new MediaType().schema(new JsonSchema().$ref(ERROR_SCHEMA))));
    }

    private static Schema<Object> string() {
        return new JsonSchema().typesItem("string");
    }
}
