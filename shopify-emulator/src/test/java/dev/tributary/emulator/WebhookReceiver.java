package dev.tributary.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/** A real subscriber endpoint for tests: records requests by path and answers each path from a script. */
final class WebhookReceiver implements AutoCloseable {

    record Received(String path, Map<String, String> headers, byte[] body, Instant at) {

        String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, Long> hangs = new ConcurrentHashMap<>();

    WebhookReceiver() {
        try {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.createContext("/", this::handle);
        server.setExecutor(Executors.newCachedThreadPool());
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Status codes in turn; the last one repeats. 302 answers with a Location. */
    void script(String path, Integer... statuses) {
        scripts.put(path, new ArrayList<>(List.of(statuses)));
    }

    void hang(String path, long millis) {
        hangs.put(path, millis);
    }

    List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    List<Received> await(String path, Predicate<List<Received>> done, long millis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < deadline && !done.test(received(path))) {
            Thread.sleep(10);
        }
        return received(path);
    }

    int count() {
        return received.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        received.add(new Received(path, headers, exchange.getRequestBody().readAllBytes(), Instant.now()));
        Long hang = hangs.get(path);
        if (hang != null) {
            try {
                Thread.sleep(hang);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = 200;
        List<Integer> script = scripts.get(path);
        if (script != null) {
            synchronized (script) {
                status = script.size() > 1 ? script.remove(0) : script.get(0);
            }
        }
        if (status == 302) {
            exchange.getResponseHeaders().set("Location", url("/elsewhere"));
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
