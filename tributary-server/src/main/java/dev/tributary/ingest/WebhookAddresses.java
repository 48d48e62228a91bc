package dev.tributary.ingest;

import dev.tributary.platform.web.ErrorResponseWriter;
import dev.tributary.platform.web.HttpProperties;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Mounts {@link WebhookServlet} on the webhook addresses: the container hands it these paths
 * directly, so neither Spring MVC nor its filters run for a webhook.
 */
@Configuration(proxyBeanMethods = false)
class WebhookAddresses {

    @Bean
    ServletRegistrationBean<WebhookServlet> webhookServlet(WebhookIngest ingest, HttpProperties http,
            ErrorResponseWriter errors, MeterRegistry metrics) {
        ServletRegistrationBean<WebhookServlet> registration = new ServletRegistrationBean<>(
                new WebhookServlet(ingest, http, errors, metrics), WebhookServlet.ADDRESS, WebhookServlet.ADDRESS + "/*");
        registration.setName("webhookServlet");
        registration.setLoadOnStartup(1);
        return registration;
    }
}
