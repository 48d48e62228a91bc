package dev.tributary.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

import graphql.GraphQLContext;
import graphql.execution.CoercedVariables;
import graphql.language.EnumTypeDefinition;
import graphql.language.EnumValueDefinition;
import graphql.language.StringValue;
import graphql.language.Value;
import graphql.schema.Coercing;
import graphql.schema.CoercingParseLiteralException;
import graphql.schema.CoercingParseValueException;
import graphql.schema.GraphQLScalarType;
import graphql.schema.GraphQLSchema;
import graphql.schema.idl.RuntimeWiring;
import graphql.schema.idl.SchemaGenerator;
import graphql.schema.idl.SchemaParser;
import graphql.schema.idl.TypeDefinitionRegistry;

/** The executable schema: {@code shopify-admin-subset.graphqls}, the topic enum, scalars and root fields. */
final class GraphqlAdminSchema {

    static final String SDL = "/shopify-admin-subset.graphqls";

    private GraphqlAdminSchema() {
    }

    static GraphQLSchema build(GraphqlAdminFields fields) {
        TypeDefinitionRegistry types = new SchemaParser().parse(sdl());
        types.add(topicEnum());
        RuntimeWiring wiring = RuntimeWiring.newRuntimeWiring()
                .scalar(textScalar("URL", "An RFC 3986 URL"))
                .scalar(textScalar("ARN", "An Amazon Resource Name"))
                .scalar(textScalar("UnsignedInt64", "An unsigned 64-bit integer, as a string"))
                .scalar(dateTime())
                .type("QueryRoot", type -> type
                        .dataFetcher("shop", fields::shop)
                        .dataFetcher("webhookSubscription", fields::webhookSubscription)
                        .dataFetcher("webhookSubscriptions", fields::webhookSubscriptions)
                        .dataFetcher("webhookSubscriptionsCount", fields::webhookSubscriptionsCount))
                .type("Mutation", type -> type
                        .dataFetcher("webhookSubscriptionCreate", fields::webhookSubscriptionCreate)
                        .dataFetcher("webhookSubscriptionUpdate", fields::webhookSubscriptionUpdate)
                        .dataFetcher("webhookSubscriptionDelete", fields::webhookSubscriptionDelete))
                // Every subscription the emulator makes has an HTTP(S) address.
                .type("WebhookSubscriptionEndpoint", type -> type
                        .typeResolver(env -> env.getSchema().getObjectType("WebhookHttpEndpoint")))
                .build();
        return new SchemaGenerator().makeExecutableSchema(types, wiring);
    }

    /** {@code WebhookSubscriptionTopic}: every topic of {@link Topics#ALL}, as {@code ORDERS_CREATE}. */
    private static EnumTypeDefinition topicEnum() {
        List<EnumValueDefinition> values = Topics.ALL.stream()
                .map(Topics::toGraphql)
                .sorted()
                .map(name -> EnumValueDefinition.newEnumValueDefinition().name(name).build())
                .toList();
        return EnumTypeDefinition.newEnumTypeDefinition().name("WebhookSubscriptionTopic").enumValueDefinitions(values)
                .build();
    }

    private static String sdl() {
        try (InputStream in = GraphqlAdminSchema.class.getResourceAsStream(SDL)) {
            if (in == null) {
                throw new IllegalStateException(SDL + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A scalar that travels as a string either way; values are checked by the fields that take them. */
    private static GraphQLScalarType textScalar(String name, String description) {
        return GraphQLScalarType.newScalar().name(name).description(description).coercing(new Coercing<String, String>() {
            @Override
            public String serialize(Object value, GraphQLContext context, java.util.Locale locale) {
                return String.valueOf(value);
            }

            @Override
            public String parseValue(Object input, GraphQLContext context, java.util.Locale locale) {
                if (input instanceof String text) {
                    return text;
                }
                throw new CoercingParseValueException("Expected a string for " + name + " but got " + input);
            }

            @Override
            public String parseLiteral(Value<?> input, CoercedVariables variables, GraphQLContext context,
                    java.util.Locale locale) {
                if (input instanceof StringValue text) {
                    return text.getValue();
                }
                throw new CoercingParseLiteralException("Expected a string for " + name + " but got " + input);
            }
        }).build();
    }

    /**
     * ISO-8601 in UTC to the second, as Shopify writes {@code createdAt}: {@code 2025-10-01T12:00:00Z}.
     * Output only: no field of the subset takes a DateTime.
     */
    private static GraphQLScalarType dateTime() {
        return GraphQLScalarType.newScalar().name("DateTime").description("An ISO-8601 date and time in UTC")
                .coercing(new Coercing<Object, String>() {
                    @Override
                    public String serialize(Object value, GraphQLContext context, java.util.Locale locale) {
                        return value instanceof Instant instant
                                ? instant.truncatedTo(ChronoUnit.SECONDS).toString()
                                : String.valueOf(value);
                    }
                }).build();
    }
}
