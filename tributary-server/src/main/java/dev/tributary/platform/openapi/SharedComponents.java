package dev.tributary.platform.openapi;

/**
 * Names of the parts of the API description that controllers refer to in their annotations
 * ({@code @ApiResponse(ref = ...)}, {@code @SecurityRequirement(name = ...)}); {@link ApiConventions}
 * defines them.
 */
public final class SharedComponents {

    /** Security scheme: {@code User <secret>, Organization <secret>}. */
    public static final String PLATFORM_SECURITY = "platform";
    /** Security scheme: {@code User <secret>, Organization <secret>, Element <token>} or {@code User, Element}. */
    public static final String INSTANCE_SECURITY = "instance";

    /** 422: Shopify refused (its validation errors, or a token it no longer accepts). */
    public static final String SHOPIFY_REFUSED = "ShopifyRefused";
    /** 502: Shopify failed or could not be reached. */
    public static final String SHOPIFY_FAILED = "ShopifyFailed";
    /** 503 with {@code Retry-After}: Shopify still rate limits after the waits allowed. */
    public static final String SHOPIFY_THROTTLED = "ShopifyThrottled";

    private SharedComponents() {
    }
}
