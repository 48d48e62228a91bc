package dev.tributary.sandbox;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.tributary.platform.RuntimeMode;
import dev.tributary.platform.web.PublicUrl;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** {@code GET /sandbox}: what the sandbox offers and where, for the quickstart. */
@RestController
@Conditional(RuntimeMode.SandboxOnly.class)
class SandboxController {

    private final SandboxShopify shopify;
    private final PublicUrl publicUrl;

    SandboxController(SandboxShopify shopify, PublicUrl publicUrl) {
        this.shopify = shopify;
        this.publicUrl = publicUrl;
    }

    @GetMapping(path = "/sandbox", produces = MediaType.APPLICATION_JSON_VALUE)
    Map<String, Object> describe() {
        Map<String, Object> shop = new LinkedHashMap<>();
        shop.put("shop", shopify.properties().shop());
        shop.put("apiKey", shopify.properties().apiKey());
        shop.put("apiSecret", shopify.properties().apiSecret());
        shop.put("adminBaseUrl", shopify.baseUrlTemplate());
        shop.put("controlApi", shopify.emulatorUrl() + "/_emulator");
        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("mode", "sandbox");
        answer.put("shopify", shop);
        answer.put("receiverUrl", publicUrl.base() + "/sandbox/receiver/events");
        return answer;
    }
}
