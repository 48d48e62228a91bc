package dev.tributary.platform.web;

import org.springframework.boot.http.converter.autoconfigure.ServerHttpMessageConvertersCustomizer;
import org.springframework.core.Ordered;
import org.springframework.http.converter.HttpMessageConverters;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.stereotype.Component;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are read strictly: a JSON object that names a property twice is a 400, not "the
 * last one wins", so no two readers of one body can see different values; a property the request
 * type does not have is a 400 naming it, not silently dropped (a typo would otherwise change nothing). Only the server's JSON
 * converter is strict (in its usual place, after the byte-array one the webhook address reads
 * with); stored provider payloads are read by the application's mapper as they came.
 */
@Component
class StrictJsonInput implements ServerHttpMessageConvertersCustomizer, Ordered {

    private final JsonMapper strict;

    StrictJsonInput(JsonMapper jsonMapper) {
        this.strict = jsonMapper.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
    }

    @Override
    public void customize(HttpMessageConverters.ServerBuilder builder) {
        builder.withJsonConverter(new JacksonJsonHttpMessageConverter(strict));
    }

    /** After Spring Boot's own customizer, which sets the default JSON converter. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
