package dev.tributary.testing;

import java.net.http.HttpRequest;
import java.util.UUID;

import dev.tributary.emulator.ShopifyHmac;
import dev.tributary.testing.ApiClient.Answer;

/** Webhooks as Shopify sends them, signed with the emulated app's secret, for tests that post them directly. */
public final class ShopifyWebhooks {

    private ShopifyWebhooks() {
    }

    /**
     * Base64 HMAC-SHA256 of the exact bytes, as in {@code X-Shopify-Hmac-Sha256} (and in Tributary's
     * own {@code Elements-Webhook-Signature}): the emulator's signer.
     */
    public static String hmac(String secret, byte[] body) {
        return ShopifyHmac.webhook(secret, body);
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
