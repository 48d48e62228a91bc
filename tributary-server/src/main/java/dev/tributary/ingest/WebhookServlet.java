package dev.tributary.ingest;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;

import dev.tributary.platform.web.ErrorResponseWriter;
import dev.tributary.platform.web.HttpProperties;
import dev.tributary.platform.web.LeanPostServlet;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Serves the addresses Shopify sends webhooks to, ahead of Spring MVC: an instance's own
 * ({@code /events/shopify/{instanceKey}}) and the shop-routed one. It reads the five Shopify
 * headers and the body and calls {@link WebhookIngest}; the API description of both is
 * {@link WebhookApiDescription}.
 */
final class WebhookServlet extends LeanPostServlet {

    /** The shop-routed address; an instance's own is this, a slash and its key. */
    static final String ADDRESS = "/elements/api-v2/events/shopify";

    /** The three possible answers, serialized once: this is the hot path. */
    private static final Map<WebhookIngest.Outcome, byte[]> ANSWERS = new EnumMap<>(WebhookIngest.Outcome.class);

    static {
        for (WebhookIngest.Outcome outcome : WebhookIngest.Outcome.values()) {
            ANSWERS.put(outcome, ("{\"outcome\":\"" + outcome.name().toLowerCase(Locale.ROOT) + "\"}")
                    .getBytes(StandardCharsets.UTF_8));
        }
    }

    private final WebhookIngest ingest;

    WebhookServlet(WebhookIngest ingest, HttpProperties http, ErrorResponseWriter errors, MeterRegistry metrics) {
        super(http, errors, metrics, true, ADDRESS, ADDRESS + "/{instanceKey}");
        this.ingest = ingest;
    }

    /** None (the shop-routed address) or one non-empty segment, the instance key: what MVC's two mappings took. */
    @Override
    protected boolean takes(String path) {
        return path == null || (path.length() > 1 && path.indexOf('/', 1) < 0);
    }

    @Override
    protected int addressOf(String path) {
        return path == null ? 0 : 1;
    }

    @Override
    protected byte[] answer(HttpServletRequest request, String path, byte[] body) {
        WebhookIngest.ShopifyHeaders headers = new WebhookIngest.ShopifyHeaders(
                request.getHeader(WebhookIngest.TOPIC), request.getHeader(WebhookIngest.HMAC),
                request.getHeader(WebhookIngest.SHOP_DOMAIN), request.getHeader(WebhookIngest.WEBHOOK_ID),
                request.getHeader(WebhookIngest.TRIGGERED_AT));
        WebhookIngest.Outcome outcome = path == null
                ? ingest.receiveForShop(headers, body)
                : ingest.receive(path.substring(1), headers, body);
        return ANSWERS.get(outcome);
    }
}
