package dev.tributary.platform.web;

import java.util.List;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.ServerHttpObservationFilter;

/**
 * Micrometer's HTTP observation ({@code http.server.requests}) for Spring MVC's requests only: it
 * is most of a webhook's framework cost, and the addresses served by {@link LeanPostServlet} time
 * themselves ({@code tributary.http.lean.requests}).
 */
@Component
class MvcOnlyHttpObservation implements BeanPostProcessor {

    @Override
    public Object postProcessBeforeInitialization(Object bean, String beanName) {
        if (bean instanceof FilterRegistrationBean<?> registration
                && registration.getFilter() instanceof ServerHttpObservationFilter) {
            registration.setUrlPatterns(List.of());
            registration.setServletNames(List.of(DispatcherServletAutoConfiguration.DEFAULT_DISPATCHER_SERVLET_BEAN_NAME));
        }
        return bean;
    }
}
