package dev.tributary.shopify;

import dev.tributary.sandbox.SandboxShopify;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class ShopifyConfiguration {

    /** A configured base wins; otherwise the sandbox's emulator, when it runs; otherwise Shopify. */
    @Bean
    ShopifyAdminBase shopifyAdminBase(ShopifyProperties properties, ObjectProvider<SandboxShopify> sandbox) {
        if (properties.baseUrl() != null) {
            return new ShopifyAdminBase(properties.baseUrl());
        }
        SandboxShopify emulator = sandbox.getIfAvailable();
        return new ShopifyAdminBase(emulator != null ? emulator.baseUrlTemplate() : ShopifyProperties.DEFAULT_BASE_URL);
    }
}
