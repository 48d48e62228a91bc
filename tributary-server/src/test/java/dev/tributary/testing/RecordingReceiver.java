package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real callback receiver for tests: records every request (headers, exact body, time) by path,
 * and answers each path with a script of status codes (the last one repeats), optionally with a
 * Retry-After header and after a delay.
 */
public final class RecordingReceiver implements AutoCloseable {

    /**
     * {@code TRIBUTARY_CALLBACK_ALLOW} for a server that must reach this receiver in production mode,
     * which otherwise refuses loopback callbacks.
     */
    public static final String LOOPBACK_ALLOW = "127.0.0.0/8,::1/128";

    /** One request as received. */
    public record Received(String path, Map<String, String> headers, byte[] body, Instant at, int status) {

        /** Whether the receiver acknowledged it (answered 2xx). */
        public boolean acknowledged() {
            return status >= 200 && status < 300;
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(java.util.Locale.ROOT));
        }
    }

    private final HttpServer server;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final Map<String, List<Integer>> scripts = new ConcurrentHashMap<>();
    private final Map<String, String> retryAfter = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.IntSupplier> answers = new ConcurrentHashMap<>();
    private final Map<String, java.util.function.ToIntFunction<Received>> deciders = new ConcurrentHashMap<>();
    private final Map<String, Duration> delays = new ConcurrentHashMap<>();

    private RecordingReceiver(HttpServer server) {
        this.server = server;
    }

    public static RecordingReceiver start() {
        return start(0);
    }

    /** On a chosen port: a callback that was down comes up where the deliveries point. */
    public static RecordingReceiver start(int port) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 256);
            RecordingReceiver receiver = new RecordingReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newFixedThreadPool(16));
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL of a path on this receiver. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Answers the path's requests with these codes in turn; the last one repeats. */
    public void script(String path, Integer... statuses) {
        answers.remove(path);
        scripts.put(path, new ArrayList<>(List.of(statuses)));
    }

    /** Answers the path's requests with whatever {@code statuses} gives (a flapping receiver), until scripted again. */
    public void answer(String path, java.util.function.IntSupplier statuses) {
        answers.put(path, statuses);
    }

    /** Answers each of the path's requests with the code {@code decide} picks for it, seeing its headers and body. */
    public void decide(String path, java.util.function.ToIntFunction<Received> decide) {
        deciders.put(path, decide);
    }

    public void retryAfter(String path, String seconds) {
        retryAfter.put(path, seconds);
    }

    /**
     * Holds each of the path's requests this long before answering (a slow callback host); the
     * request is recorded when it arrives. Each held request takes one of the receiver's 16 threads.
     */
    public void delay(String path, Duration delay) {
        delays.put(path, delay);
    }

    public List<Received> received(String path) {
        return received.stream().filter(r -> r.path().equals(path)).toList();
    }

    /** Waits up to {@code seconds} for the path to have received what the condition wants. */
    public List<Received> await(String path, Predicate<List<Received>> condition, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (System.nanoTime() < deadline) {
            List<Received> now = received(path);
            if (condition.test(now)) {
                return now;
            }
            Thread.sleep(20);
        }
        return received(path);
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        Map<String, String> headers = new TreeMap<>();
        exchange.getRequestHeaders().forEach((name, values) -> headers.put(name.toLowerCase(java.util.Locale.ROOT), values.get(0)));
        byte[] body = exchange.getRequestBody().readAllBytes();
        Instant at = Instant.now();
        int status = 200;
        List<Integer> script = scripts.get(path);
        java.util.function.IntSupplier answer = answers.get(path);
        java.util.function.ToIntFunction<Received> decider = deciders.get(path);
        if (decider != null) {
            status = decider.applyAsInt(new Received(path, headers, body, at, 0));
        } else if (answer != null) {
            status = answer.getAsInt();
        } else if (script != null) {
            synchronized (script) {
                status = script.size() > 1 ? script.remove(0) : script.get(0);
            }
        }
        received.add(new Received(path, headers, body, at, status));
        Duration delay = delays.get(path);
        if (delay != null) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        String wait = retryAfter.get(path);
        if (wait != null) {
            exchange.getResponseHeaders().set("Retry-After", wait);
        }
        exchange.sendResponseHeaders(status, -1);
        exchange.close();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
