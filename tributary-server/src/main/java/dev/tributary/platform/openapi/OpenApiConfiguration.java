package dev.tributary.platform.openapi;

import java.util.List;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.web.PublicUrl;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.JsonSchema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springdoc.core.utils.SpringDocUtils;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI 3.1 description of the public API at {@code /v3/api-docs} (Swagger UI at
 * {@code /swagger-ui.html}): what springdoc reads from the controllers and their annotations, plus
 * what every operation shares ({@link ApiConventions}): the two forms of the Authorization header,
 * the error format, the paging parameters and header.
 */
@Configuration(proxyBeanMethods = false)
class OpenApiConfiguration {

    static {
        SpringDocUtils.getConfig()
                // Made from the Authorization header by the authentication filter, not a request parameter.
                .addRequestWrapperToIgnore(Caller.class)
                // Jackson's tree is any JSON; the operations that take or give one say which in their annotations.
                .replaceWithSchema(JsonNode.class, new JsonSchema());
    }

    static final String DESCRIPTION = """
            Tributary's HTTP API: connect Shopify stores as element instances, receive their webhooks, \
            and get normalized events delivered to your callback URL. It is compatible with the Shopify \
            events capability of a commercial integration platform.

            **Authentication.** Every call under `/elements/api-v2` carries `Authorization: User <userSecret>, \
            Organization <organizationSecret>`; calls that act through an instance add `, Element <instanceToken>` \
            (or send `User <userSecret>, Element <instanceToken>` alone, which reaches only that instance). \
            The exceptions are the addresses Shopify sends webhooks to, which are authenticated by \
            `X-Shopify-Hmac-Sha256`.

            **Errors.** Every error answer is JSON: `{"message", "requestId", "providerMessage"}`, \
            `providerMessage` only when Shopify said something. The `requestId` is also in the server's log.

            **Paging.** List calls take `pageSize` (default 200, at most 500) and `nextPage`; an answer with more \
            pages carries `Elements-Next-Page-Token`, whose value is the next call's `nextPage`.
            """;

    @Bean
    OpenAPI tributaryOpenApi(ObjectProvider<BuildProperties> build) {
        BuildProperties properties = build.getIfAvailable();
        return new OpenAPI()
                .info(new Info().title("Tributary API")
                        .version(properties == null ? "development" : properties.getVersion())
                        .description(DESCRIPTION))
                .components(new Components()
                        .addSecuritySchemes(ApiConventions.PLATFORM, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("Authorization")
                                .description("`User <userSecret>, Organization <organizationSecret>`: a user of an "
                                        + "account with the organization's secret; acts for the whole account. "
                                        + "The parts may come in any order."))
                        .addSecuritySchemes(ApiConventions.INSTANCE, new SecurityScheme()
                                .type(SecurityScheme.Type.APIKEY).in(SecurityScheme.In.HEADER).name("Authorization")
                                .description("`User <userSecret>, Organization <organizationSecret>, Element "
                                        + "<instanceToken>`: acts for the account through one instance (its "
                                        + "`token`). `User <userSecret>, Element <instanceToken>` is accepted too "
                                        + "and reaches only that instance: the operations that list this scheme, "
                                        + "for that instance; any other answers 403.")))
                .security(List.of(new SecurityRequirement().addList(ApiConventions.PLATFORM)));
    }

    @Bean
    OperationCustomizer sharedOperationConventions() {
        return ApiConventions::operation;
    }

    @Bean
    OpenApiCustomizer sharedDocumentConventions(PublicUrl publicUrl) {
        return openApi -> ApiConventions.document(openApi, publicUrl.base());
    }
}
