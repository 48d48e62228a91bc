package dev.tributary.platform.web;

import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * {@code POST /bench/noop}, only with {@code TRIBUTARY_BENCH_NOOP=true}: reads the body and answers
 * 200 with nothing, through the same lean path as the webhook addresses ({@link LeanPostServlet}),
 * so a benchmark can tell the cost of ingesting from the cost of serving HTTP at all.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnBooleanProperty("tributary.bench.noop")
class BenchNoop {

    static final String ADDRESS = "/bench/noop";

    @Bean
    ServletRegistrationBean<NoopServlet> benchNoopServlet(HttpProperties http, ErrorResponseWriter errors,
            MeterRegistry metrics) {
        ServletRegistrationBean<NoopServlet> registration =
                new ServletRegistrationBean<>(new NoopServlet(http, errors, metrics), ADDRESS);
        registration.setName("benchNoopServlet");
        registration.setLoadOnStartup(1);
        return registration;
    }

    static final class NoopServlet extends LeanPostServlet {

        NoopServlet(HttpProperties http, ErrorResponseWriter errors, MeterRegistry metrics) {
            super(http, errors, metrics, false, ADDRESS);
        }

        @Override
        protected boolean takes(String path) {
            return path == null;
        }

        @Override
        protected byte[] answer(HttpServletRequest request, String path, byte[] body) {
            return null;
        }
    }
}
