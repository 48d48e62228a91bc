package dev.tributary.console;

import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.web.servlet.config.annotation.ResourceHandlerRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;

/**
 * Serves the console's scripts and styles. Static serving is otherwise off (an unknown path is a JSON
 * 404), so only this folder is exposed; revalidated on each load so an upgrade shows at once.
 */
@Configuration
class ConsoleResources implements WebMvcConfigurer {

    @Override
    public void addResourceHandlers(ResourceHandlerRegistry registry) {
        registry.addResourceHandler(ConsolePages.CONSOLE + "**")
                .addResourceLocations("classpath:/static/console/")
                .setCacheControl(CacheControl.noCache());
    }
}
