package dev.tributary.console;

import java.net.URI;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The console's own addresses: {@code /} points at it, and its page is also served at the OAuth
 * return address Shopify redirects the browser to. Everything else it shows comes from the public API.
 */
@RestController
class ConsolePages {

    static final String CONSOLE = "/console/";
    static final String OAUTH_RETURN = "/console/oauth/return";

    private static final Resource PAGE = new ClassPathResource("static/console/index.html");
    private static final String ROOT = """
            {"name":"Tributary","console":"/console/","api":"/elements/api-v2","openapi":"/v3/api-docs",\
            "swaggerUi":"/swagger-ui.html","docs":"docs/ in Tributary's source: quickstart.md, console.md"}
            """;

    /**
     * A browser follows the redirect; curl sees where the console and the API description are. The
     * body is JSON whatever the request accepts (a browser asks for HTML and never shows it).
     */
    @GetMapping("/")
    ResponseEntity<String> root() {
        return ResponseEntity.status(302).location(URI.create(CONSOLE)).contentType(MediaType.APPLICATION_JSON).body(ROOT);
    }

    @GetMapping("/console")
    ResponseEntity<Void> consoleWithoutSlash() {
        return ResponseEntity.status(302).location(URI.create(CONSOLE)).build();
    }

    @GetMapping(path = {CONSOLE, OAUTH_RETURN}, produces = MediaType.TEXT_HTML_VALUE)
    ResponseEntity<Resource> page() {
        return ResponseEntity.ok().cacheControl(CacheControl.noCache()).contentType(MediaType.TEXT_HTML).body(PAGE);
    }
}
