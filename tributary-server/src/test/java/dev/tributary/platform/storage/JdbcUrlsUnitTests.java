package dev.tributary.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JdbcUrlsUnitTests {

    @Test
    void drops_the_query_string_and_driver_properties() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db:5432/tributary?user=t&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db:5432/tributary");
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db/tributary;password=s3cret"))
                .isEqualTo("jdbc:postgresql://db/tributary");
    }

    @Test
    void drops_user_info_even_when_the_password_holds_an_at_sign() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://tributary:s3cret@db:5432/tributary"))
                .isEqualTo("jdbc:postgresql://db:5432/tributary");
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://tributary:p@ss@db/tributary?ssl=true"))
                .isEqualTo("jdbc:postgresql://db/tributary");
    }

    @Test
    void an_at_sign_in_the_query_is_not_taken_for_user_info() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://db/tributary?user=me@example.com&password=s3cret"))
                .isEqualTo("jdbc:postgresql://db/tributary");
    }

    @Test
    void leaves_urls_without_credentials_as_they_are() {
        assertThat(JdbcUrls.withoutCredentials("jdbc:postgresql://127.0.0.1:5432/tributary"))
                .isEqualTo("jdbc:postgresql://127.0.0.1:5432/tributary");
        assertThat(JdbcUrls.withoutCredentials("jdbc:sqlite:/var/lib/tributary/tributary.db"))
                .isEqualTo("jdbc:sqlite:/var/lib/tributary/tributary.db");
        assertThat(JdbcUrls.withoutCredentials(null)).isEmpty();
    }
}
