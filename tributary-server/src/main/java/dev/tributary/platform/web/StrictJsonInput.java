package dev.tributary.platform.web;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Request bodies are read strictly: a JSON object that names a property twice is a 400, not "the
 * last one wins", so no two readers of one body can see different values. Only the HTTP
 * converter is strict; stored provider payloads are read by the application's mapper as they came.
 */
@Configuration(proxyBeanMethods = false)
class StrictJsonInput {

    @Bean
    JacksonJsonHttpMessageConverter strictJsonHttpMessageConverter(JsonMapper jsonMapper) {
        return new JacksonJsonHttpMessageConverter(
                jsonMapper.rebuild().enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build());
    }
}
