package dev.tributary.instances;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;
import dev.tributary.elements.ShopifyElement;
import io.swagger.v3.oas.annotations.media.Schema;

/**
 * An instance as the API shows it: secrets masked, Shopify subscription ids listed;
 * {@code invalidReason} says why {@code valid} is false (null while it is true).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
@Schema(name = "Instance")
record InstanceView(long id, String name, String token, ShopifyElement.Description element,
        Map<String, String> configuration, List<String> tags, boolean eventsEnabled, boolean valid,
        String invalidReason, boolean disabled, Instant createdDate, Instant updatedDate) {
}
