package dev.tributary.platform.paging;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import dev.tributary.platform.web.ApiException;

/**
 * One page of a list endpoint (SPEC 2.8): at most {@code size} items after the key that
 * {@code nextPage} carries. Keys are ids in ascending order, so tokens stay valid under inserts.
 */
public record PageRequest(int size, long afterId) {

    public static final int DEFAULT_SIZE = 200;
    public static final int MAX_SIZE = 500;
    public static final String NEXT_PAGE_HEADER = "Elements-Next-Page-Token";

    private static final String TOKEN_PREFIX = "after:";

    /** Reads the {@code pageSize} and {@code nextPage} query parameters; null means absent. */
    public static PageRequest of(String pageSize, String nextPage) {
        return new PageRequest(parseSize(pageSize), parseToken(nextPage));
    }

    /** The token that continues after {@code lastId}. */
    public static String tokenAfter(long lastId) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((TOKEN_PREFIX + lastId).getBytes(StandardCharsets.US_ASCII));
    }

    /** How many rows to fetch: one more than the page, to learn whether another page follows. */
    public int fetchSize() {
        return size + 1;
    }

    private static int parseSize(String pageSize) {
        if (pageSize == null || pageSize.isEmpty()) {
            return DEFAULT_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(pageSize);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("pageSize must be a whole number from 1 to " + MAX_SIZE);
        }
        if (size < 1 || size > MAX_SIZE) {
            throw ApiException.badRequest("pageSize must be from 1 to " + MAX_SIZE + ", not " + size);
        }
        return size;
    }

    private static long parseToken(String nextPage) {
        if (nextPage == null || nextPage.isEmpty()) {
            return 0;
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(nextPage), StandardCharsets.US_ASCII);
            if (decoded.startsWith(TOKEN_PREFIX)) {
                long id = Long.parseLong(decoded.substring(TOKEN_PREFIX.length()));
                if (id >= 0) {
                    return id;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the error below
        }
        throw ApiException.badRequest("nextPage is not a token this server gave out");
    }
}
