package dev.tributary.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ShopDomainUnitTests {

    @ParameterizedTest
    @ValueSource(strings = {"mystore", "mystore.myshopify.com", "https://mystore.myshopify.com",
            "https://mystore.myshopify.com/", "https://mystore.myshopify.com/admin", "  MyStore  ", "http://mystore.myshopify.com"})
    void accepts_what_users_type(String siteAddress) {
        assertThat(ShopDomain.parse(siteAddress)).hasValueSatisfying(shop -> {
            assertThat(shop.handle()).isEqualTo("mystore");
            assertThat(shop.domain()).isEqualTo("mystore.myshopify.com");
        });
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"-mystore", "my store", "my_store", "mystore.example.com", "https://evil.com/mystore.myshopify.com",
            "https://user@mystore.myshopify.com", "https://mystore.myshopify.com:8443", "../admin", "mystore.myshopify.com.evil.com",
            "ftp://mystore.myshopify.com", "mystore%2e"})
    void refuses_anything_that_is_not_a_shop(String siteAddress) {
        assertThat(ShopDomain.parse(siteAddress)).isEmpty();
    }

    /**
     * Found by ShopDomainFuzzUnitTests: a handle ending in a hyphen was accepted as typed but not in the URL
     * form, since no host name label ends with one; it is no shop in any form.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sssssssssssssssssssssss-", "mystore-.myshopify.com", "https://mystore-.myshopify.com/admin"})
    void a_name_ending_in_a_hyphen_is_refused_in_every_form(String siteAddress) {
        assertThat(ShopDomain.parse(siteAddress)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void a_very_long_name_is_refused() {
        assertThat(ShopDomain.parse("a".repeat(101))).isEmpty();
    }
}
