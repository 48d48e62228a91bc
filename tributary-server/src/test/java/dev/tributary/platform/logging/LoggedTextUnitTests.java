package dev.tributary.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LoggedTextUnitTests {

    @Test
    void tomcats_refused_header_line_loses_the_whole_authorization_value() {
        String line = "The HTTP header line [Authorization: User u-secret-1234, Organization o-secret-5678\u0007] does "
                + "not conform to RFC 9112. The request has been rejected.";
        assertThat(LoggedText.safe(line)).isEqualTo("The HTTP header line [Authorization: ********] does not conform "
                + "to RFC 9112. The request has been rejected.");
    }

    @Test
    void platform_schemes_shopify_tokens_and_named_secrets_are_masked() {
        assertThat(LoggedText.safe("header User abcdef123, Organization xyz987654, Element tok-12345678"))
                .isEqualTo("header User ********, Organization ********, Element ********");
        assertThat(LoggedText.safe("got shpat_0123456789abcdef and shpss_fedcba9876543210"))
                .isEqualTo("got shpat_******** and shpss_********");
        assertThat(LoggedText.safe("{\"access_token\":\"abc\",\"scope\":\"read_orders\"}"))
                .isEqualTo("{\"access_token\":\"********\",\"scope\":\"read_orders\"}");
        assertThat(LoggedText.safe("url?apiKey=k&apiSecret=hunter2&x=1")).isEqualTo("url?apiKey=k&apiSecret=********&x=1");
        assertThat(LoggedText.safe("X-Shopify-Access-Token: shpat_x123456")).isEqualTo("X-Shopify-Access-Token: ********");
        assertThat(LoggedText.safe("secret whsec_TXlTZWNyZXQ=")).isEqualTo("secret whsec_********");
    }

    @Test
    void ordinary_lines_are_left_alone() {
        String line = "Instance 3 of account 1 connected mystore.myshopify.com with 2 webhook subscription(s)";
        assertThat(LoggedText.safe(line)).isSameAs(line);
        assertThat(LoggedText.safe("Created the organization, account 'Default' and admin user admin@localhost"))
                .isEqualTo("Created the organization, account 'Default' and admin user admin@localhost");
    }

    @Test
    void line_breaks_and_control_characters_become_visible_escapes() {
        assertThat(LoggedText.safe("where: status = 'x'\r\n2026-12-02 INFO forged line\u0000\u2028end\ttab"))
                .isEqualTo("where: status = 'x'\\r\\n2026-12-02 INFO forged line\\u0000\\u2028end\ttab");
    }

    @Test
    void a_fingerprint_is_short_stable_and_not_the_key() {
        String key = "8Be2vw1vrpQkflbEh1yIMh2oJX81bUVH-FqHVoyg8xc";
        assertThat(LoggedText.fingerprint(key)).matches("~[0-9a-f]{8}").isEqualTo(LoggedText.fingerprint(key))
                .isNotEqualTo(LoggedText.fingerprint(key + "x"));
    }
}
