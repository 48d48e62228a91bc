package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import graphql.parser.Parser;
import org.junit.jupiter.api.Test;

class GraphqlQueryCostUnitTests {

    private static final GraphqlQueryCost COST = new GraphqlQueryCost(
            GraphqlAdminSchema.build(new GraphqlAdminFields(null, null, EmulatorSettings.defaults())));

    private static int requested(String query) {
        return requested(query, null, Map.of());
    }

    private static int requested(String query, String operationName, Map<String, Object> variables) {
        return COST.requested(Parser.parse(query), operationName, variables);
    }

    private static int actual(String query, Object data) {
        return COST.actual(Parser.parse(query), null, Map.of(), data);
    }

    @Test
    void scalars_and_enums_are_free_and_an_object_costs_one() {
        assertThat(requested("{ shop { id name myshopifyDomain } }")).isEqualTo(1);
        assertThat(requested("{ webhookSubscriptionsCount { count precision } }")).isEqualTo(1);
        assertThat(requested("{ __typename }")).isZero();
    }

    @Test
    void a_connection_costs_two_plus_its_page_size_times_one_node() {
        assertThat(requested("{ webhookSubscriptions(first: 10) { edges { cursor node { id topic } } pageInfo { hasNextPage } } }"))
                .isEqualTo(2 + 10);
        assertThat(requested("{ webhookSubscriptions(last: 5) { nodes { id } } }")).isEqualTo(2 + 5);
    }

    @Test
    void nested_objects_and_unions_raise_the_cost_of_each_node() {
        String query = """
                { webhookSubscriptions(first: 10) { edges { node {
                    id
                    apiVersion { handle }
                    endpoint { ... on WebhookHttpEndpoint { callbackUrl } ... on WebhookPubSubEndpoint { pubSubTopic } }
                } } } }""";
        assertThat(requested(query)).isEqualTo(2 + 10 * 3);
    }

    @Test
    void the_page_size_may_come_from_a_variable() {
        String query = "query Page($n: Int) { webhookSubscriptions(first: $n) { nodes { id } } }";
        assertThat(requested(query, null, Map.of("n", 25))).isEqualTo(27);
    }

    @Test
    void edges_and_nodes_together_are_charged_once_per_node_at_the_dearer_selection() {
        String query = "{ webhookSubscriptions(first: 4) { nodes { id } edges { node { id apiVersion { handle } } } } }";
        assertThat(requested(query)).isEqualTo(2 + 4 * 2);
    }

    @Test
    void fragments_count_like_the_fields_they_hold() {
        String query = """
                query { webhookSubscriptions(first: 3) { nodes { ...Sub } } shop { id } }
                fragment Sub on WebhookSubscription { id endpoint { __typename } }""";
        assertThat(requested(query)).isEqualTo(2 + 3 * 2 + 1);
    }

    @Test
    void a_mutation_costs_ten_per_field_whatever_it_selects() {
        assertThat(requested("""
                mutation { webhookSubscriptionCreate(topic: ORDERS_CREATE, webhookSubscription: {callbackUrl: "https://a.example"}) {
                    webhookSubscription { id apiVersion { handle } } userErrors { field message } } }""")).isEqualTo(10);
        assertThat(requested("""
                mutation { a: webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/1") { deletedWebhookSubscriptionId }
                           b: webhookSubscriptionDelete(id: "gid://shopify/WebhookSubscription/2") { deletedWebhookSubscriptionId } }"""))
                .isEqualTo(20);
    }

    @Test
    void only_the_named_operation_is_charged() {
        String document = """
                query Small { shop { id } }
                query Large { webhookSubscriptions(first: 50) { nodes { id } } }""";
        assertThat(requested(document, "Small", Map.of())).isEqualTo(1);
        assertThat(requested(document, "Large", Map.of())).isEqualTo(52);
        assertThat(requested(document, null, Map.of())).isZero();
    }

    @Test
    void the_actual_cost_charges_the_nodes_returned_and_not_the_null_objects() {
        String query = "{ s: webhookSubscriptions(first: 10) { edges { node { id apiVersion { handle } } } } "
                + "webhookSubscription(id: \"gid://shopify/WebhookSubscription/9\") { id } }";
        Map<String, Object> node = Map.of("id", "x", "apiVersion", Map.of("handle", "2025-10"));
        Map<String, Object> data = new HashMap<>();
        data.put("s", Map.of("edges", List.of(Map.of("node", node), Map.of("node", node), Map.of("node", node))));
        data.put("webhookSubscription", null);
        assertThat(requested(query)).isEqualTo(2 + 10 * 2 + 1);
        assertThat(actual(query, data)).isEqualTo(2 + 3 * 2);
        assertThat(actual(query, null)).isZero();
    }
}
