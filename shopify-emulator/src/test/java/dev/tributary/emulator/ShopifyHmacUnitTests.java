package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

class ShopifyHmacUnitTests {

    @Test
    void oauth_query_hmac_matches_shopifys_documented_answer() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("shop", "some-shop.myshopify.com");
        query.put("code", "0907a61c0c8d55e99db179b68161bc00");
        query.put("timestamp", "1337178173");
        assertThat(ShopifyHmac.query("hush", query))
                .isEqualTo("4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20");
    }

    @Test
    void oauth_query_hmac_with_state_matches_shopifys_documented_answer() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", "0907a61c0c8d55e99db179b68161bc00");
        query.put("shop", "some-shop.myshopify.com");
        query.put("state", "0.6784241404160823");
        query.put("timestamp", "1337178173");
        assertThat(ShopifyHmac.query("hush", query))
                .isEqualTo("700e2dadb827fcc8609e9d5ce208b2e9cdaab9df07390d2cbca10d7c328fc4bf");
    }

    @Test
    void the_hmac_and_signature_parameters_are_left_out_of_the_message() {
        Map<String, String> query = new LinkedHashMap<>();
        query.put("code", "0907a61c0c8d55e99db179b68161bc00");
        query.put("hmac", "anything");
        query.put("signature", "legacy");
        query.put("shop", "some-shop.myshopify.com");
        query.put("timestamp", "1337178173");
        assertThat(ShopifyHmac.query("hush", query))
                .isEqualTo("4712bf92ffc2917d15a2f5a273e39f0116667419aa4b6ac0b3baaf26fa3c4d20");
    }

    @Test
    void webhook_hmac_is_base64_of_the_raw_body_hmac() {
        // Known answer made with: printf '{"id":1}' | openssl dgst -sha256 -hmac hush -binary | base64
        assertThat(ShopifyHmac.webhook("hush", "{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=");
        assertThat(ShopifyHmac.webhook("hush", "{\"id\":2}".getBytes(StandardCharsets.UTF_8)))
                .isNotEqualTo("VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY=");
    }
}
