package dev.tributary.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class KnownSecretsUnitTests {

    @AfterEach
    void forget() {
        KnownSecrets.clear();
    }

    @Test
    void a_registered_secret_is_masked_wherever_it_stands() {
        KnownSecrets.register("s3cr3t-v4lue");
        assertThat(KnownSecrets.mask("s3cr3t-v4lue")).isEqualTo("********");
        assertThat(KnownSecrets.mask("key=s3cr3t-v4lue&x=1")).isEqualTo("key=********&x=1");
        assertThat(KnownSecrets.mask("[s3cr3t-v4lue][s3cr3t-v4lue]")).isEqualTo("[********][********]");
        assertThat(KnownSecrets.mask("prefixs3cr3t-v4luesuffix")).isEqualTo("prefix********suffix");
    }

    @Test
    void text_without_a_secret_comes_back_unchanged() {
        KnownSecrets.register("s3cr3t-v4lue");
        String text = "POST /elements/api-v2/instances 200 35ms s3cr3t-v4lu";
        assertThat(KnownSecrets.mask(text)).isSameAs(text);
    }

    @Test
    void secrets_sharing_a_beginning_are_each_masked_whole() {
        KnownSecrets.register("abcdefgh");
        KnownSecrets.register("abcdefgh-longer-one");
        assertThat(KnownSecrets.mask("x abcdefgh-longer-one y abcdefgh z")).isEqualTo("x ******** y ******** z");
    }

    @Test
    void overlapping_secrets_are_masked_as_one() {
        KnownSecrets.register("12345678AB");
        KnownSecrets.register("5678ABCDEF");
        assertThat(KnownSecrets.mask("..12345678ABCDEF..")).isEqualTo("..********..");
    }

    @Test
    void short_values_are_not_registered() {
        KnownSecrets.register("key");
        KnownSecrets.register(null);
        assertThat(KnownSecrets.mask("the key is here")).isEqualTo("the key is here");
    }

    @Test
    void secrets_with_any_characters_are_found() {
        KnownSecrets.register("My Secret Key ü+/=");
        KnownSecrets.register("line\u0001break");
        assertThat(KnownSecrets.mask("signature key 'My Secret Key ü+/=' and line\u0001break"))
                .isEqualTo("signature key '********' and ********");
    }
}
