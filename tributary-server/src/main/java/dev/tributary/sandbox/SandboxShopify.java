package dev.tributary.sandbox;

import java.io.UncheckedIOException;

import dev.tributary.emulator.EmulatorSettings;
import dev.tributary.emulator.ShopifyEmulator;
import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.web.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * In sandbox mode, the Shopify emulator runs inside this process with one shop and one app, so a
 * newcomer can connect a shop and see events without a Shopify account.
 */
@Component
@Conditional(RuntimeMode.SandboxOnly.class)
public class SandboxShopify implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(SandboxShopify.class);

    private final ShopifyEmulator emulator;
    private final SandboxProperties properties;

    SandboxShopify(SandboxProperties properties, PublicUrl publicUrl) {
        this.properties = properties;
        try {
            this.emulator = ShopifyEmulator.start(EmulatorSettings.defaults().withPort(properties.shopifyPort()));
        } catch (UncheckedIOException e) {
            throw new SandboxShopifyPortException(properties.shopifyPort(), e);
        }
        emulator.state().createApp(properties.apiKey(), properties.apiSecret(), "Tributary sandbox app",
                publicUrl.base() + "/elements/api-v2/events/shopify");
        emulator.state().createShop(properties.shop());
        log.info("Sandbox Shopify at {} with shop {} and app {} (control API at {}/_emulator)",
                emulator.shopBaseUrlTemplate(), properties.shop(), properties.apiKey(), emulator.baseUrl());
    }

    /** The Admin base with a {@code {shop}} placeholder. */
    public String baseUrlTemplate() {
        return emulator.shopBaseUrlTemplate();
    }

    /** The emulator's own address, for its control API. */
    public String emulatorUrl() {
        return emulator.baseUrl();
    }

    public SandboxProperties properties() {
        return properties;
    }

    @Override
    public void destroy() {
        emulator.close();
    }
}
