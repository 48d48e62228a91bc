package dev.tributary.hub;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Paging of the hub resources over Shopify's cursor paging: {@code pageSize} becomes Shopify's
 * {@code limit}; the {@code page_info} of Shopify's {@code Link: <...>; rel="next"} travels to the
 * client inside an opaque {@code Elements-Next-Page-Token}, with the resource and the limit. Pure.
 */
final class HubPaging {

    static final int DEFAULT_SIZE = 50;
    /** Shopify's largest REST page. */
    static final int MAX_SIZE = 250;

    private static final String VERSION = "hub1";
    private static final Pattern LINK = Pattern.compile("<([^>]*)>\\s*;\\s*rel=\"?([a-zA-Z]+)\"?");
    /** What Shopify's page_info values are made of; anything else in a token is not ours. */
    private static final Pattern PAGE_INFO = Pattern.compile("[A-Za-z0-9_.~=%+/-]{1,2048}");

    private HubPaging() {
    }

    /** Where a page continues: Shopify's page_info and the page size it was asked with. */
    record Cursor(HubResource resource, int limit, String pageInfo) {
    }

    /** {@code pageSize}: 50 when absent, 1 to 250. */
    static int size(String pageSize) {
        if (pageSize == null || pageSize.isEmpty()) {
            return DEFAULT_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(pageSize.strip());
        } catch (NumberFormatException e) {
            throw new InvalidPaging("pageSize must be a whole number from 1 to " + MAX_SIZE + ", not '" + pageSize + "'");
        }
        if (size < 1 || size > MAX_SIZE) {
            throw new InvalidPaging("pageSize must be from 1 to " + MAX_SIZE + " (Shopify's largest page), not " + size);
        }
        return size;
    }

    static String token(Cursor cursor) {
        String text = VERSION + "|" + cursor.resource().plural() + "|" + cursor.limit() + "|" + cursor.pageInfo();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a token carries, for {@code resource}. */
    static Cursor cursor(String token, HubResource resource) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token.strip()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new InvalidPaging("nextPage is not a token this server gave out");
        }
        String[] parts = text.split("\\|", -1);
        if (parts.length != 4 || !parts[0].equals(VERSION) || !PAGE_INFO.matcher(parts[3]).matches()) {
            throw new InvalidPaging("nextPage is not a token this server gave out");
        }
        if (!parts[1].equals(resource.plural())) {
            throw new InvalidPaging("nextPage continues a list of " + parts[1] + ", not of " + resource.plural());
        }
        int limit;
        try {
            limit = Integer.parseInt(parts[2]);
        } catch (NumberFormatException e) {
            throw new InvalidPaging("nextPage is not a token this server gave out");
        }
        if (limit < 1 || limit > MAX_SIZE) {
            throw new InvalidPaging("nextPage is not a token this server gave out");
        }
        return new Cursor(resource, limit, parts[3]);
    }

    /** The page_info of the {@code rel="next"} link in Shopify's {@code Link} header, if there is one. */
    static Optional<String> nextPageInfo(String linkHeader) {
        if (linkHeader == null) {
            return Optional.empty();
        }
        Matcher link = LINK.matcher(linkHeader);
        while (link.find()) {
            if (link.group(2).equalsIgnoreCase("next")) {
                return pageInfoOf(link.group(1));
            }
        }
        return Optional.empty();
    }

    private static Optional<String> pageInfoOf(String url) {
        String query;
        try {
            query = URI.create(url).getRawQuery();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        if (query == null) {
            return Optional.empty();
        }
        for (String parameter : query.split("&")) {
            if (parameter.startsWith("page_info=")) {
                String value = URLDecoder.decode(parameter.substring("page_info=".length()), StandardCharsets.UTF_8);
                return value.isEmpty() ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /** A pageSize or nextPage that cannot be used. */
    static final class InvalidPaging extends RuntimeException {

        InvalidPaging(String message) {
            super(message, null, false, false);
        }
    }
}
