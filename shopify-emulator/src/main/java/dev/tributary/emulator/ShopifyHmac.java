package dev.tributary.emulator;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Shopify's two HMAC-SHA256 signatures, keyed with the app's client secret. */
public final class ShopifyHmac {

    private ShopifyHmac() {
    }

    /** {@code X-Shopify-Hmac-Sha256} of a webhook: base64 of the HMAC of the raw body. */
    public static String webhook(String clientSecret, byte[] body) {
        return Base64.getEncoder().encodeToString(hmac(clientSecret, body));
    }

    /**
     * The {@code hmac} parameter of an OAuth redirect: lowercase hex of the HMAC of the other
     * parameters (without {@code hmac} and {@code signature}), sorted by name, joined as
     * {@code name=value} with {@code &}.
     */
    public static String query(String clientSecret, Map<String, String> parameters) {
        Map<String, String> sorted = new TreeMap<>(parameters);
        sorted.remove("hmac");
        sorted.remove("signature");
        String message = sorted.entrySet().stream()
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("&"));
        return HexFormat.of().formatHex(hmac(clientSecret, message.getBytes(StandardCharsets.UTF_8)));
    }

    public static boolean constantTimeEquals(String a, String b) {
        return a != null && b != null
                && MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] hmac(String key, byte[] message) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(message);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }
}
