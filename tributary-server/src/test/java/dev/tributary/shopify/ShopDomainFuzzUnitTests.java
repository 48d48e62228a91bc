package dev.tributary.shopify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

import com.code_intelligence.jazzer.junit.FuzzTest;

/**
 * Fuzzes reading a shop name as users type it. The normal build replays the seeds in
 * {@code ShopDomainFuzzUnitTestsInputs/}; {@code -Pfuzz} searches for new inputs
 * (docs/reliability.md, "Fuzzing").
 */
class ShopDomainFuzzUnitTests {

    @FuzzTest(maxDuration = "2m")
    void names_a_shop_or_nothing(byte[] input) {
        String siteAddress = new String(input, StandardCharsets.UTF_8);
        Optional<ShopDomain> shop = ShopDomain.parse(siteAddress);
        if (shop.isEmpty()) {
            return;
        }
        String handle = shop.get().handle();
        assertThat(handle).matches("[a-z0-9][a-z0-9-]{0,99}");
        assertThat(siteAddress.toLowerCase(Locale.ROOT)).contains(handle);
        // What we call the shop reads back as the same shop.
        assertThat(ShopDomain.parse(shop.get().domain())).contains(shop.get());
        assertThat(ShopDomain.parse("https://" + shop.get().domain() + "/admin")).contains(shop.get());
    }
}
