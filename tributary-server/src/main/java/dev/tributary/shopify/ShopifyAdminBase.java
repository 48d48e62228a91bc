package dev.tributary.shopify;

/**
 * Where shops' Admin APIs live: {@code https://{shop}.myshopify.com}, {@code TRIBUTARY_SHOPIFY_BASE_URL},
 * or the sandbox's emulator. {@code {shop}} in the template becomes the shop's handle.
 */
record ShopifyAdminBase(String template) {

    public String of(ShopDomain shop) {
        return template.contains("{shop}") ? template.replace("{shop}", shop.handle()) : template;
    }
}
