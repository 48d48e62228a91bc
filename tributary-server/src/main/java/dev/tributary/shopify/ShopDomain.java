package dev.tributary.shopify;

import java.net.URI;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A shop, as Shopify names it: the handle {@code mystore} of {@code mystore.myshopify.com}.
 * Accepts what users type: {@code mystore}, {@code mystore.myshopify.com} or
 * {@code https://mystore.myshopify.com/...}.
 */
public record ShopDomain(String handle) {

    /** A host name label: letters, digits and inner hyphens (a label never ends with one). */
    private static final Pattern HANDLE = Pattern.compile("[a-z0-9]([a-z0-9-]*[a-z0-9])?");
    private static final String SUFFIX = ".myshopify.com";
    private static final int MAX_HANDLE_LENGTH = 100;

    public ShopDomain {
        if (handle == null || !HANDLE.matcher(handle).matches() || handle.length() > MAX_HANDLE_LENGTH) {
            throw new IllegalArgumentException("not a Shopify shop name: " + handle);
        }
    }

    /** The shop a user named, or empty when it is not a valid Shopify shop name. */
    public static Optional<ShopDomain> parse(String siteAddress) {
        if (siteAddress == null) {
            return Optional.empty();
        }
        String text = siteAddress.strip().toLowerCase(Locale.ROOT);
        if (text.startsWith("https://") || text.startsWith("http://")) {
            try {
                URI uri = URI.create(text);
                if (uri.getHost() == null || uri.getUserInfo() != null || uri.getPort() != -1) {
                    return Optional.empty();
                }
                text = uri.getHost();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
        if (text.endsWith(SUFFIX)) {
            text = text.substring(0, text.length() - SUFFIX.length());
        }
        if (!HANDLE.matcher(text).matches() || text.length() > MAX_HANDLE_LENGTH) {
            return Optional.empty();
        }
        return Optional.of(new ShopDomain(text));
    }

    /** {@code mystore.myshopify.com} */
    public String domain() {
        return handle + SUFFIX;
    }

    @Override
    public String toString() {
        return domain();
    }
}
