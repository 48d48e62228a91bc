package dev.tributary.platform.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import java.util.HashSet;
import java.util.Set;

import dev.tributary.platform.logging.LoggedText;
import org.junit.jupiter.api.Test;

class SecretsUnitTests {

    private static final byte[] KEY = new byte[32];
    private static final byte[] OTHER_KEY = new byte[32];

    static {
        for (int i = 0; i < 32; i++) {
            KEY[i] = (byte) i;
            OTHER_KEY[i] = (byte) (i + 1);
        }
    }

    private final Secrets secrets = new Secrets(KEY);

    @Test
    void encryption_round_trips() {
        String sealed = secrets.encrypt("shpat_0123456789abcdef", "instance:1:oauth.user.token");
        assertThat(sealed).startsWith("v1:").doesNotContain("shpat");
        assertThat(secrets.decrypt(sealed, "instance:1:oauth.user.token")).isEqualTo("shpat_0123456789abcdef");
    }

    @Test
    void round_trips_empty_and_unicode_text() {
        assertThat(secrets.decrypt(secrets.encrypt("", "c"), "c")).isEmpty();
        assertThat(secrets.decrypt(secrets.encrypt("clé ключ 鍵 🔑", "c"), "c")).isEqualTo("clé ключ 鍵 🔑");
    }

    @Test
    void secrets_it_generates_encrypts_or_decrypts_never_show_in_a_log_line() {
        String generated = secrets.generate();
        String sealed = secrets.encrypt("app-secret-for-logs-test", "c");
        String opened = new Secrets(KEY).decrypt(secrets.encrypt("token-decrypted-for-logs-test", "c"), "c");
        assertThat(LoggedText.safe("a " + generated + " b app-secret-for-logs-test c " + opened))
                .isEqualTo("a ******** b ******** c ********");
        assertThat(sealed).isNotBlank();
    }

    @Test
    void the_master_key_check_proves_the_key_and_is_no_secret() {
        String check = secrets.sealKeyCheck();
        assertThat(secrets.opensKeyCheck(check)).isTrue();
        assertThat(new Secrets(OTHER_KEY).opensKeyCheck(check)).isFalse();
        assertThat(secrets.opensKeyCheck("v1:not-base64!")).isFalse();
        // Its plain value is a word that appears in ordinary lines (the pool is named after it).
        assertThat(LoggedText.safe("tributary - Shutdown completed.")).isEqualTo("tributary - Shutdown completed.");
    }

    @Test
    void the_same_text_encrypts_differently_each_time() {
        assertThat(secrets.encrypt("same", "c")).isNotEqualTo(secrets.encrypt("same", "c"));
    }

    @Test
    void any_changed_byte_is_detected() {
        String sealed = secrets.encrypt("signature-key", "context");
        byte[] raw = Base64.getDecoder().decode(sealed.substring(3));
        for (int i = 0; i < raw.length; i++) {
            byte[] tampered = raw.clone();
            tampered[i] ^= 0x01;
            String altered = "v1:" + Base64.getEncoder().encodeToString(tampered);
            assertThatThrownBy(() -> secrets.decrypt(altered, "context"))
                    .as("byte %d", i)
                    .isInstanceOf(TamperedSecretException.class);
        }
    }

    @Test
    void a_ciphertext_does_not_decrypt_in_another_context() {
        String sealed = secrets.encrypt("token", "instance:1:oauth.user.token");
        assertThatThrownBy(() -> secrets.decrypt(sealed, "instance:2:oauth.user.token"))
                .isInstanceOf(TamperedSecretException.class);
    }

    @Test
    void a_ciphertext_does_not_decrypt_under_another_key() {
        String sealed = secrets.encrypt("token", "c");
        assertThatThrownBy(() -> new Secrets(OTHER_KEY).decrypt(sealed, "c")).isInstanceOf(TamperedSecretException.class);
    }

    @Test
    void garbage_and_truncated_values_are_refused() {
        for (String bad : new String[] {null, "", "plain", "v1:", "v1:%%%", "v1:AAAA", "v2:" + "A".repeat(60)}) {
            assertThatThrownBy(() -> secrets.decrypt(bad, "c")).as(String.valueOf(bad))
                    .isInstanceOf(TamperedSecretException.class);
        }
    }

    @Test
    void hashes_are_keyed_stable_and_matched() {
        String hash = secrets.hash("user-secret");
        assertThat(hash).hasSize(64).isEqualTo(secrets.hash("user-secret")).isNotEqualTo(secrets.hash("user-secreT"));
        assertThat(new Secrets(OTHER_KEY).hash("user-secret")).isNotEqualTo(hash);
        assertThat(secrets.matches("user-secret", hash)).isTrue();
        assertThat(secrets.matches("user-secret ", hash)).isFalse();
        assertThat(secrets.matches(null, hash)).isFalse();
        assertThat(secrets.matches("user-secret", null)).isFalse();
    }

    @Test
    void generated_secrets_are_long_url_safe_and_distinct() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String secret = secrets.generate();
            assertThat(secret).matches("[A-Za-z0-9_-]{43}");
            assertThat(seen.add(secret)).isTrue();
        }
    }

    @Test
    void refuses_keys_of_the_wrong_size() {
        assertThatThrownBy(() -> new Secrets(new byte[16])).hasMessageContaining("32 bytes");
    }

    @Test
    void constant_time_comparison_agrees_with_equals() {
        assertThat(Secrets.constantTimeEquals("abc", "abc")).isTrue();
        assertThat(Secrets.constantTimeEquals("abc", "abd")).isFalse();
        assertThat(Secrets.constantTimeEquals("abc", "abcd")).isFalse();
        assertThat(Secrets.constantTimeEquals(null, "abc")).isFalse();
    }
}
