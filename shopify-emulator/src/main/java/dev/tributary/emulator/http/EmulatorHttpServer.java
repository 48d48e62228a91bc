package dev.tributary.emulator.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The JDK's HTTP server in front of a {@link Router}. */
public final class EmulatorHttpServer implements AutoCloseable {

    /** Bodies past this are refused; Shopify's own limits are far lower. */
    private static final int MAX_BODY_BYTES = 16 * 1024 * 1024;

    private static final Logger log = LoggerFactory.getLogger(EmulatorHttpServer.class);

    static {
        // Without it the JDK server leaves Nagle's algorithm on, and every small answer waits ~40 ms for a
        // delayed ACK. Read once, when the JDK's server classes load: set it before creating any server.
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final Router router;

    public EmulatorHttpServer(String host, int port, Router router) throws IOException {
        this.router = router;
        this.server = HttpServer.create(new InetSocketAddress(host, port), 1024);
        this.executor = newExecutor();
        server.setExecutor(executor);
        server.createContext("/", this::serve);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    private void serve(HttpExchange exchange) throws IOException {
        Response response;
        try {
            byte[] body = readBody(exchange.getRequestBody());
            Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().getRawPath(),
                    exchange.getRequestURI().getRawQuery(), exchange.getRequestHeaders(), body, java.util.Map.of());
            response = router.dispatch(request);
        } catch (ShopifyHttpException e) {
            response = e.response();
        } catch (BodyTooLarge e) {
            response = Response.errors(413, "Request Entity Too Large");
        } catch (Exception e) {
            log.error("Emulator failure on {} {}", exchange.getRequestMethod(), exchange.getRequestURI(), e);
            response = Response.errors(500, "Internal Server Error");
        }
        try (OutputStream out = exchange.getResponseBody()) {
            response.headers().forEach((name, value) -> exchange.getResponseHeaders().set(name, value));
            byte[] bytes = response.body();
            boolean noBody = bytes.length == 0 || "HEAD".equals(exchange.getRequestMethod());
            exchange.sendResponseHeaders(response.status(), noBody ? -1 : bytes.length);
            if (!noBody) {
                out.write(bytes);
            }
        }
    }

    private static byte[] readBody(InputStream in) throws IOException {
        byte[] body = in.readNBytes(MAX_BODY_BYTES + 1);
        if (body.length > MAX_BODY_BYTES) {
            throw new BodyTooLarge();
        }
        return body;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** Virtual threads where the JDK has them (21+), else a cached pool. */
    static ExecutorService newExecutor() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "shopify-emulator-http");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    private static final class BodyTooLarge extends IOException {
    }
}
