package dev.tributary.platform.web;

import dev.tributary.platform.logging.LoggedText;
import jakarta.servlet.http.HttpServletRequest;

/**
 * A request's path as log lines show it: without the query (it may carry secrets, as
 * {@code oauth/url}'s {@code apiSecret}), and with the instance key of a webhook address, a
 * capability, replaced by its {@link LoggedText#fingerprint fingerprint}.
 */
public final class LoggedPaths {

    private LoggedPaths() {
    }

    public static String of(HttpServletRequest request) {
        return of(request.getRequestURI());
    }

    static String of(String uri) {
        if (uri == null) {
            return "";
        }
        if (uri.startsWith(PublicUrl.WEBHOOK_PATH) && uri.length() > PublicUrl.WEBHOOK_PATH.length()) {
            return webhookAddress(uri.substring(PublicUrl.WEBHOOK_PATH.length()));
        }
        return uri;
    }

    /** An instance's webhook path as logs show it: {@code /elements/api-v2/events/shopify/~1a2b3c4d}. */
    public static String webhookAddress(String instanceKey) {
        return PublicUrl.WEBHOOK_PATH + LoggedText.fingerprint(instanceKey);
    }
}
