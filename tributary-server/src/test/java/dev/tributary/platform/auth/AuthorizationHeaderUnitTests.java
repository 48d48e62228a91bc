package dev.tributary.platform.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class AuthorizationHeaderUnitTests {

    @Test
    void reads_user_and_organization() {
        assertThat(AuthorizationHeader.parse("User u1, Organization o1"))
                .isEqualTo(new AuthorizationHeader("u1", "o1", null));
    }

    @Test
    void reads_all_three_parts_in_any_order() {
        AuthorizationHeader expected = new AuthorizationHeader("u1", "o1", "e1");
        assertThat(AuthorizationHeader.parse("Element e1, User u1, Organization o1")).isEqualTo(expected);
        assertThat(AuthorizationHeader.parse("Organization o1,Element e1,User u1")).isEqualTo(expected);
    }

    @Test
    void accepts_user_and_element_without_organization() {
        assertThat(AuthorizationHeader.parse("User u1, Element e1")).isEqualTo(new AuthorizationHeader("u1", null, "e1"));
    }

    @Test
    void tolerates_any_whitespace_around_parts_and_scheme_case() {
        assertThat(AuthorizationHeader.parse("  user   u1 ,\t\tORGANIZATION\to1  "))
                .isEqualTo(new AuthorizationHeader("u1", "o1", null));
    }

    @Test
    void keeps_secret_characters_as_they_are() {
        assertThat(AuthorizationHeader.parse("User a+b/c=_-~!, Organization X.Y:Z").user()).isEqualTo("a+b/c=_-~!");
    }

    @Test
    void never_prints_secrets() {
        assertThat(AuthorizationHeader.parse("User secret-u, Organization secret-o").toString())
                .doesNotContain("secret-u").doesNotContain("secret-o");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {
            "   ",
            "Bearer abc",
            "Basic dXNlcjpwYXNz",
            "User",
            "User ",
            "User a b, Organization o",
            "User u,, Organization o",
            "User u, Organization o,",
            ", User u",
            "User u, User v",
            "User u, Organization o, Organization p",
            "Organization o",
            "Organization o, Element e",
            "User u, Foo bar",
            "User u, Organization",
            "Useru, Organization o",
            "User u\u0000x, Organization o",
            "User s\u00e9cret, Organization o",
            "User u; Organization o",
    })
    void refuses_malformed_headers(String header) {
        assertThatThrownBy(() -> AuthorizationHeader.parse(header)).isInstanceOf(MalformedAuthorizationException.class);
    }

    @Test
    void refuses_oversized_headers_unread() {
        String huge = "User " + "u".repeat(AuthorizationHeader.MAX_LENGTH) + ", Organization o";
        assertThatThrownBy(() -> AuthorizationHeader.parse(huge))
                .isInstanceOf(MalformedAuthorizationException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void says_what_was_expected() {
        assertThatThrownBy(() -> AuthorizationHeader.parse("Bearer x"))
                .hasMessageContaining("User <secret>, Organization <secret>");
    }
}
