package dev.tributary.delivery;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature headers of a notification when the instance has a signature key (SPEC 2.6):
 * {@code Elements-Webhook-Signature} over the exact body, and the Standard Webhooks headers over
 * {@code <id>.<timestamp>.<body>}, so receivers can refuse replays.
 */
final class NotificationSignatures {

    public static final String ELEMENTS_SIGNATURE = "Elements-Webhook-Signature";
    public static final String WEBHOOK_ID = "webhook-id";
    public static final String WEBHOOK_TIMESTAMP = "webhook-timestamp";
    public static final String WEBHOOK_SIGNATURE = "webhook-signature";

    private NotificationSignatures() {
    }

    /** {@code sha256=<base64(HMAC-SHA256(key, body))>} */
    public static String elementsSignature(String key, byte[] body) {
        return "sha256=" + Base64.getEncoder().encodeToString(hmac(key.getBytes(StandardCharsets.UTF_8), body));
    }

    /** {@code v1,<base64(HMAC-SHA256(key, "<id>.<timestamp>.<body>"))>} */
    public static String standardWebhooksSignature(String key, String id, long timestampSeconds, byte[] body) {
        byte[] prefix = (id + "." + timestampSeconds + ".").getBytes(StandardCharsets.UTF_8);
        byte[] message = new byte[prefix.length + body.length];
        System.arraycopy(prefix, 0, message, 0, prefix.length);
        System.arraycopy(body, 0, message, prefix.length, body.length);
        return "v1," + Base64.getEncoder().encodeToString(hmac(key.getBytes(StandardCharsets.UTF_8), message));
    }

    /** The secret to give a Standard Webhooks library for this key: {@code whsec_<base64(key bytes)>}. */
    public static String standardWebhooksSecret(String key) {
        return "whsec_" + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
    }

    /** All signature headers for one attempt; {@code id} is the notification's event id. */
    public static Map<String, String> headers(String key, String id, long timestampSeconds, byte[] body) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put(ELEMENTS_SIGNATURE, elementsSignature(key, body));
        headers.put(WEBHOOK_ID, id);
        headers.put(WEBHOOK_TIMESTAMP, Long.toString(timestampSeconds));
        headers.put(WEBHOOK_SIGNATURE, standardWebhooksSignature(key, id, timestampSeconds, body));
        return headers;
    }

    private static byte[] hmac(byte[] key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
