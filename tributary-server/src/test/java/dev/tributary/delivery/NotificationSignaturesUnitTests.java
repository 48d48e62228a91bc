package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

class NotificationSignaturesUnitTests {

    private static final byte[] SEED_BODY = "<INSERT_EVENT_NOTIFICATION_RESPONSE_BODY>".getBytes(StandardCharsets.UTF_8);

    @Test
    void elements_signature_matches_the_seeds_known_answer() {
        assertThat(NotificationSignatures.elementsSignature("MySecretEventSignatureKey", SEED_BODY))
                .isEqualTo("sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ=");
    }

    @Test
    void any_changed_byte_changes_the_signature() {
        byte[] changed = SEED_BODY.clone();
        changed[3] ^= 1;
        assertThat(NotificationSignatures.elementsSignature("MySecretEventSignatureKey", changed))
                .isNotEqualTo("sha256=jHdbRx5EZAsOfTwAPJOGkNUzQMVVdu5VJlxcsk+G6jQ=");
    }

    @Test
    void standard_webhooks_signature_covers_id_timestamp_and_body() {
        // Known answer made with:
        // printf 'msg_1.1700000000.{"a":1}' | openssl dgst -sha256 -hmac MySecretEventSignatureKey -binary | base64
        assertThat(NotificationSignatures.standardWebhooksSignature("MySecretEventSignatureKey", "msg_1", 1700000000L,
                "{\"a\":1}".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("v1,e5EfR1YslzsoKw4BDkyI/6gOEx57Gyr8rZyI2dWB1lc=");
        assertThat(NotificationSignatures.standardWebhooksSignature("k", "msg_1", 1700000000L, SEED_BODY))
                .isNotEqualTo(NotificationSignatures.standardWebhooksSignature("k", "msg_1", 1700000001L, SEED_BODY))
                .isNotEqualTo(NotificationSignatures.standardWebhooksSignature("k", "msg_2", 1700000000L, SEED_BODY));
    }

    @Test
    void the_standard_webhooks_secret_is_whsec_and_the_base64_key() {
        assertThat(NotificationSignatures.standardWebhooksSecret("MySecretEventSignatureKey"))
                .isEqualTo("whsec_TXlTZWNyZXRFdmVudFNpZ25hdHVyZUtleQ==");
    }

    @Test
    void headers_carry_all_four_values() {
        assertThat(NotificationSignatures.headers("k", "evt", 1L, SEED_BODY)).containsOnlyKeys(
                "Elements-Webhook-Signature", "webhook-id", "webhook-timestamp", "webhook-signature");
    }
}
