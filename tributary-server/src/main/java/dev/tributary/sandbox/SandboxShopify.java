package dev.tributary.sandbox;

import java.io.UncheckedIOException;
import java.nio.file.Path;

import dev.tributary.emulator.App;
import dev.tributary.emulator.EmulatorSettings;
import dev.tributary.emulator.ShopifyEmulator;
import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.storage.StorageProperties;
import dev.tributary.platform.web.PublicUrl;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.annotation.Conditional;
import org.springframework.stereotype.Component;

/**
 * In sandbox mode, the Shopify emulator runs inside this process with one shop and one app, so a
 * newcomer can connect a shop and see events without a Shopify account. Its state lives in
 * {@code <data dir>/sandbox-shopify.json}, so a restart keeps the tokens and webhook subscriptions
 * of the instances Tributary holds.
 */
@Component
@Conditional(RuntimeMode.SandboxOnly.class)
public class SandboxShopify implements DisposableBean {

    static final String STATE_FILE = "sandbox-shopify.json";

    private static final Logger log = LoggerFactory.getLogger(SandboxShopify.class);

    private final ShopifyEmulator emulator;
    private final SandboxProperties properties;

    SandboxShopify(SandboxProperties properties, PublicUrl publicUrl, StorageProperties storage) {
        Path stateFile = storage.dataDir().resolve(STATE_FILE).toAbsolutePath();
        try {
            this.emulator = ShopifyEmulator.start(EmulatorSettings.defaults().withPort(properties.shopifyPort()),
                    stateFile);
        } catch (UncheckedIOException e) {
            throw new SandboxShopifyPortException(properties.shopifyPort(), e);
        }
        String complianceUrl = publicUrl.base() + "/elements/api-v2/events/shopify";
        App app = emulator.state().app(properties.apiKey()).orElse(null);
        if (app == null) {
            app = emulator.state().createApp(properties.apiKey(), properties.apiSecret(), "Tributary sandbox app",
                    complianceUrl);
        } else if (!complianceUrl.equals(app.complianceUrl())) {
            emulator.state().changeComplianceUrl(app, complianceUrl);
        }
        // A stored app keeps its secret even when another one is configured now: the instances made
        // with it verify its webhooks with it, and replacing it would break them without a word.
        if (!app.clientSecret().equals(properties.apiSecret())) {
            log.warn("The sandbox app {} keeps the secret stored in {}, not the configured one; delete the file "
                    + "to start the sandbox afresh with the configured secret", app.clientId(), stateFile);
        }
        this.properties = new SandboxProperties(properties.shopifyPort(), properties.shop(), app.clientId(),
                app.clientSecret());
        emulator.state().createShop(properties.shop());
        if (emulator.restored()) {
            log.info("Sandbox Shopify state restored from {}", stateFile);
        } else {
            log.info("Sandbox Shopify state created in {}", stateFile);
        }
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

    /** The sandbox's settings, with the secret the app really has (a restored one, see above). */
    public SandboxProperties properties() {
        return properties;
    }

    @Override
    public void destroy() {
        emulator.close();
    }
}
