package dev.tributary.testing;

import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.UUID;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import dev.tributary.testing.ApiClient.Answer;

/** Webhooks as Shopify sends them, signed with the emulated app's secret, for tests that post them directly. */
public final class ShopifyWebhooks {

    private ShopifyWebhooks() {
    }

    /** Base64 HMAC-SHA256 of the exact bytes, as in {@code X-Shopify-Hmac-Sha256}. */
    public static String hmac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return Base64.getEncoder().encodeToString(mac.doFinal(body));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Posts an {@code orders/create} webhook with a fresh webhook id to an instance's webhook path. */
    public static Answer postOrder(ApiClient api, String webhookPath, byte[] body) {
        return api.call("POST", webhookPath).header("Content-Type", "application/json")
                .header("X-Shopify-Topic", "orders/create")
                .header("X-Shopify-Shop-Domain", EmulatedShopify.SHOP + ".myshopify.com")
                .header("X-Shopify-Webhook-Id", UUID.randomUUID().toString())
                .header("X-Shopify-Hmac-Sha256", hmac(EmulatedShopify.CLIENT_SECRET, body))
                .body(HttpRequest.BodyPublishers.ofByteArray(body)).send();
    }
}
