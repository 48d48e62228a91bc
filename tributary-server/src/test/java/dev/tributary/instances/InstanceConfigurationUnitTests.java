package dev.tributary.instances;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;

import dev.tributary.platform.web.ApiException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class InstanceConfigurationUnitTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static InstanceConfiguration read(String json) {
        return InstanceConfiguration.of(Map.of()).with(InstanceConfiguration.readChanges(JSON.readTree(json)));
    }

    private static final String SEED = """
            {"oauth.callback.url": "https://app.example.com/cb", "oauth.api.key": "key", "oauth.api.secret": "secret",
             "event.notification.enabled": true, "shopify.webhook.topics": "orders/create, customers/update ,products/delete",
             "event.notification.callback.url": "https://app.example.com/events", "event.notification.signature.key": "sig"}
            """;

    @Test
    void reads_the_seed_configuration() {
        InstanceConfiguration configuration = read(SEED).validate();
        assertThat(configuration.eventsEnabled()).isTrue();
        assertThat(configuration.vendorType()).isEqualTo("webhook");
        assertThat(configuration.topics()).containsExactly("orders/create", "customers/update", "products/delete");
        assertThat(configuration.subscribedTopics()).contains("orders/create", "app/uninstalled");
    }

    @Test
    void events_enabled_may_be_a_string_and_defaults_to_false() {
        assertThat(read("{\"oauth.api.key\":\"k\",\"oauth.api.secret\":\"s\"}").validate().eventsEnabled()).isFalse();
        assertThat(read(SEED.replace("true", "\"TRUE\"")).validate().eventsEnabled()).isTrue();
        assertThatThrownBy(() -> read(SEED.replace("true", "\"yes\"")).validate())
                .hasMessageContaining("event.notification.enabled");
    }

    @Test
    void vendor_type_accepts_webhooks_and_polling_only() {
        assertThat(read(SEED.replace("{", "{\"event.vendor.type\":\"webhooks\",")).validate().vendorType()).isEqualTo("webhook");
        assertThat(read(SEED.replace("{", "{\"event.vendor.type\":\"polling\",")).validate().vendorType()).isEqualTo("polling");
        assertThatThrownBy(() -> read(SEED.replace("{", "{\"event.vendor.type\":\"carrier-pigeon\",")).validate())
                .hasMessageContaining("webhook or polling");
    }

    @Test
    void delivery_is_ordered_per_object_and_flags_stale_ones_unless_told_otherwise() {
        InstanceConfiguration seed = read(SEED).validate();
        assertThat(seed.orderedPerObject()).isTrue();
        assertThat(seed.dropsStale()).isFalse();
        InstanceConfiguration chosen = read(SEED.replace("{",
                "{\"event.delivery.ordering\":\" None \",\"event.delivery.stale\":\"DROP\",")).validate();
        assertThat(chosen.orderedPerObject()).isFalse();
        assertThat(chosen.dropsStale()).isTrue();
        assertThatThrownBy(() -> read(SEED.replace("{", "{\"event.delivery.ordering\":\"fifo\",")).validate())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("event.delivery.ordering must be object or none, not 'fifo'");
        assertThatThrownBy(() -> read(SEED.replace("{", "{\"event.delivery.stale\":\"keep\",")).validate())
                .hasMessageContaining("event.delivery.stale must be deliver or drop, not 'keep'");
    }

    @Test
    void unknown_topics_are_named() {
        assertThatThrownBy(() -> read(SEED.replace("products/delete", "products/explode, orders/vanish")).validate())
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("products/explode")
                .hasMessageContaining("orders/vanish");
    }

    @Test
    void compliance_topics_point_to_the_app_settings() {
        assertThatThrownBy(() -> read(SEED.replace("products/delete", "shop/redact")).validate())
                .hasMessageContaining("shop/redact").hasMessageContaining("app's settings");
    }

    @Test
    void a_callback_url_is_required_and_must_be_http_when_events_are_enabled() {
        assertThatThrownBy(() -> read(SEED.replace("\"event.notification.callback.url\": \"https://app.example.com/events\",", ""))
                .validate()).hasMessageContaining("event.notification.callback.url is required");
        Map<String, String> refused = Map.of(
                "ftp://x.example.com/", "only http and https callbacks are allowed",
                "/relative", "only http and https callbacks are allowed",
                "not a url", "not a valid URL (Illegal character in path at position 3)",
                "javascript:alert(1)", "only http and https callbacks are allowed",
                "http://127.0.0.1:99999/x", "port 99999 is out of range (1-65535)",
                "http://127.0.0.1:0/x", "port 0 is out of range (1-65535)",
                "https://app.example.com/events#frag", "may not carry a fragment",
                " https://app.example.com/events", "spaces around the URL",
                "http://bad_host:8080/x", "the URL has no host (a malformed host or port?)");
        refused.forEach((bad, why) -> assertThatThrownBy(() -> read(SEED.replace("https://app.example.com/events", bad))
                .validate()).as(bad).isInstanceOf(ApiException.class)
                .hasMessageStartingWith("event.notification.callback.url '" + bad + "' is refused: ")
                .hasMessageContaining(why));
    }

    @Test
    void a_callback_url_is_checked_even_while_events_are_off() {
        assertThatThrownBy(() -> read(SEED.replace("https://app.example.com/events", "http://127.0.0.1:99999/x")
                .replace("\"event.notification.enabled\": true", "\"event.notification.enabled\": false")).validate())
                .hasMessageContaining("port 99999 is out of range");
    }

    @Test
    void a_callback_url_may_not_carry_credentials_in_its_user_info() {
        for (String bad : new String[] {"https://user:secret@app.example.com/events", "http://user@app.example.com/"}) {
            assertThatThrownBy(() -> read(SEED.replace("https://app.example.com/events", bad)).validate())
                    .as(bad).hasMessageContaining("may not carry user-info");
        }
    }

    @Test
    void app_credentials_are_required() {
        assertThatThrownBy(() -> read("{\"oauth.api.key\":\"k\"}").validate()).hasMessageContaining("oauth.api.secret");
    }

    @Test
    void unknown_and_read_only_keys_are_refused() {
        assertThatThrownBy(() -> InstanceConfiguration.readChanges(JSON.readTree("{\"colour\":\"blue\"}")))
                .hasMessageContaining("colour");
        assertThatThrownBy(() -> InstanceConfiguration.readChanges(JSON.readTree("{\"oauth.user.token\":\"x\"}")))
                .hasMessageContaining("set by Tributary");
        assertThatThrownBy(() -> InstanceConfiguration.readChanges(JSON.readTree("[1]")))
                .hasMessageContaining("JSON object");
        assertThatThrownBy(() -> InstanceConfiguration.readChanges(JSON.readTree("{\"oauth.api.key\":[1]}")))
                .hasMessageContaining("must be a string");
    }

    @Test
    void secrets_are_masked() {
        Map<String, String> shown = read(SEED).validate().masked();
        assertThat(shown).containsEntry("oauth.api.secret", "********")
                .containsEntry("event.notification.signature.key", "********")
                .containsEntry("oauth.api.key", "key");
        assertThat(shown.values()).doesNotContain("secret", "sig");
    }

    @Test
    void null_removes_a_key_and_the_poller_configuration_may_be_an_object() {
        JsonNode change = JSON.readTree("{\"event.notification.signature.key\": null,"
                + " \"event.poller.configuration\": {\"orders\": {\"url\": \"/hubs/ecommerce/orders\"}}}");
        InstanceConfiguration next = read(SEED).with(InstanceConfiguration.readChanges(change));
        assertThat(next.get("event.notification.signature.key")).isEmpty();
        assertThat(next.get("event.poller.configuration")).hasValue("{\"orders\":{\"url\":\"/hubs/ecommerce/orders\"}}");
    }

    @Test
    void poll_urls_must_be_valid_templates() {
        String good = "{\"orders\": {\"url\": \"/hubs/ecommerce/orders?where=updated_at_min='${gmtDate:yyyy-MM-dd}'\","
                + " \"pageSize\": 50}, \"customers\": {\"idField\": \"id\"}}";
        assertThat(read(SEED).with(Map.of("event.poller.configuration", good)).validate()
                .get("event.poller.configuration")).hasValue(good);
        assertThatThrownBy(() -> read(SEED).with(Map.of("event.poller.configuration",
                "{\"orders\": {\"url\": \"/hubs/ecommerce/orders?since=${foo:x}\"}}")).validate())
                .isInstanceOf(ApiException.class)
                .hasMessage("event.poller.configuration: orders.url: unknown placeholder 'foo' (use gmtDate, date or epoch)"
                        + " at position 31");
        for (String bad : new String[] {"not json", "[]", "{\"orders\": \"/hubs/ecommerce/orders\"}", "{\"orders\": {\"url\": 7}}"}) {
            assertThatThrownBy(() -> read(SEED).with(Map.of("event.poller.configuration", bad)).validate())
                    .as(bad).isInstanceOf(ApiException.class).hasMessageStartingWith("event.poller.configuration");
        }
    }

    @Test
    void poll_urls_must_name_a_hub_collection_and_nothing_else() {
        for (String bad : new String[] {"http://169.254.169.254/latest/meta-data", "file:///etc/passwd", "//127.0.0.1:1/x",
                "/hubs/ecommerce/../../../accounts", "/hubs/ecommerce/orders/../../accounts", "/hubs/ecommerce/orders%2F..",
                "/hubs/ecommerce/refunds", "/elements/api-v2/accounts", "hubs/ecommerce/orders", "/hubs/ecommerce/orders#x"}) {
            String configuration = "{\"orders\": {\"url\": \"" + bad + "\"}}";
            assertThatThrownBy(() -> read(SEED).with(Map.of("event.poller.configuration", configuration)).validate())
                    .as(bad).isInstanceOf(ApiException.class)
                    .hasMessageStartingWith("event.poller.configuration: orders.url ")
                    .hasMessageContaining(bad);
        }
        for (String good : new String[] {"/hubs/ecommerce/orders", "/hubs/ecommerce/customers?where=updated_at_min='x'",
                "/hubs/ecommerce/products?pageSize=50"}) {
            String configuration = "{\"orders\": {\"url\": \"" + good + "\"}}";
            assertThat(read(SEED).with(Map.of("event.poller.configuration", configuration)).validate()
                    .get("event.poller.configuration")).hasValue(configuration);
        }
    }

    @Test
    void the_poll_interval_is_minutes_and_fractions_are_accepted() {
        assertThat(read(SEED).validate().pollInterval()).isEqualTo(java.time.Duration.ofMinutes(15));
        assertThat(read(SEED).with(Map.of("event.poller.refresh_interval", "0.05")).validate().pollInterval())
                .isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(read(SEED).with(Map.of("event.poller.refresh_interval", "15")).validate().pollInterval())
                .isEqualTo(java.time.Duration.ofMinutes(15));
        for (String bad : new String[] {"0", "-1", "0.001", "soon", "1e9", "NaN"}) {
            assertThatThrownBy(() -> read(SEED).with(Map.of("event.poller.refresh_interval", bad)).validate())
                    .as(bad).isInstanceOf(ApiException.class)
                    .hasMessageStartingWith("event.poller.refresh_interval must be a number of minutes from 0.01 to 10080");
        }
    }

    @Test
    void webhook_instances_reconcile_every_ten_minutes_unless_turned_off() {
        assertThat(read(SEED).validate().reconciles()).isTrue();
        assertThat(read(SEED).validate().reconciliationInterval()).isEqualTo(java.time.Duration.ofMinutes(10));
        assertThat(read(SEED).with(Map.of("event.reconciliation.interval", "0.05")).validate().reconciliationInterval())
                .isEqualTo(java.time.Duration.ofSeconds(3));
        assertThat(read(SEED).with(Map.of("event.reconciliation.enabled", "false")).validate().reconciles()).isFalse();
        // Nothing to reconcile: polling reads the shop itself, and without events nothing is sent.
        assertThat(read(SEED).with(Map.of("event.vendor.type", "polling")).validate().reconciles()).isFalse();
        assertThat(read(SEED).with(Map.of("event.notification.enabled", "false")).validate().reconciles()).isFalse();
        assertThatThrownBy(() -> read(SEED).with(Map.of("event.reconciliation.enabled", "often")).validate())
                .isInstanceOf(ApiException.class).hasMessage("event.reconciliation.enabled must be true or false, not 'often'");
        assertThatThrownBy(() -> read(SEED).with(Map.of("event.reconciliation.interval", "0")).validate())
                .isInstanceOf(ApiException.class)
                .hasMessageStartingWith("event.reconciliation.interval must be a number of minutes from 0.01 to 10080");
    }

    @Test
    void polling_instances_subscribe_app_uninstalled_only() {
        assertThat(read(SEED).validate().subscribedTopics())
                .containsExactly("orders/create", "customers/update", "products/delete", "app/uninstalled");
        assertThat(read(SEED).with(Map.of("event.vendor.type", "polling")).validate().subscribedTopics())
                .containsExactly("app/uninstalled");
        assertThat(read(SEED).with(Map.of("event.notification.enabled", "false")).validate().subscribedTopics()).isEmpty();
    }
}
