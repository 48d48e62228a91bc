package dev.tributary.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.HdrHistogram.Histogram;

/**
 * The callback receiver: {@code /ok} answers 200 at once and, for a webhook the generator sent,
 * records the time from sending it to its notification arriving; {@code /slow} answers 200 after
 * {@link #slowMillis} (50 ms), for the delivered rate against a callback that takes its time;
 * {@code /gone} answers 410, which makes the server deactivate that callback so deliveries are stored
 * as queued and never sent (the ingest runs measure storing, not delivering).
 *
 * <p>Each exchange gets a thread of its own (virtual on Java 21+, else a cached pool), so the slow
 * path's sleeps never make the receiver the limit: the server's own concurrency is.
 */
final class Receiver implements AutoCloseable {

    private static final byte[] WEBHOOK_ID = "\"webhookId\":\"".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final ExecutorService executor = threadPerExchange();
    final AtomicLong delivered = new AtomicLong();
    /** Notifications {@code /slow} has answered. */
    final AtomicLong slowDelivered = new AtomicLong();
    /** How long {@code /slow} waits before answering; 0 lets a backlog drain at once. */
    volatile int slowMillis = 50;
    final AtomicLong gone = new AtomicLong();
    final ConcurrentHashMap<String, Long> sent = new ConcurrentHashMap<>();
    private volatile Histogram latency = new Histogram(TimeUnit.SECONDS.toMicros(300), 3);
    private volatile boolean tracking;
    /** Webhooks still undelivered when tracking last stopped. */
    volatile int undelivered;

    Receiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
        server.setExecutor(executor);
        server.createContext("/ok", this::ok);
        server.createContext("/slow", exchange -> {
            exchange.getRequestBody().readAllBytes();
            int delay = slowMillis;
            if (delay > 0) {
                try {
                    Thread.sleep(delay);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            slowDelivered.incrementAndGet();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/gone", exchange -> {
            exchange.getRequestBody().readAllBytes();
            gone.incrementAndGet();
            exchange.sendResponseHeaders(410, -1);
            exchange.close();
        });
        server.start();
    }

    /**
     * A thread per exchange: virtual threads where the JDK has them (21+, found reflectively: the
     * bench compiles for 17), else a cached pool of platform threads.
     */
    private static ExecutorService threadPerExchange() {
        try {
            return (ExecutorService) Executors.class.getMethod("newVirtualThreadPerTaskExecutor").invoke(null);
        } catch (ReflectiveOperationException e) {
            return Executors.newCachedThreadPool(runnable -> {
                Thread thread = new Thread(runnable, "receiver");
                thread.setDaemon(true);
                return thread;
            });
        }
    }

    /** Webhooks registered through {@link #sending} whose notification has not arrived yet. */
    int pending() {
        return sent.size();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /**
     * Starts (or stops) recording end-to-end latency of webhooks registered through {@link #sending};
     * answers what was recorded so far, with every webhook not yet delivered counted at the time it
     * has waited until now (a lower bound), so slow deliveries are not left out of the percentiles.
     */
    synchronized Histogram track(boolean on) {
        Histogram previous = latency;
        long now = System.nanoTime();
        undelivered = sent.size();
        synchronized (previous) {
            for (Long sentAt : sent.values()) {
                previous.recordValue(Math.min((now - sentAt) / 1000, previous.getHighestTrackableValue()));
            }
        }
        latency = new Histogram(TimeUnit.SECONDS.toMicros(300), 3);
        tracking = on;
        sent.clear();
        return previous;
    }

    void sending(String webhookId, long nanos) {
        if (tracking) {
            sent.put(webhookId, nanos);
        }
    }

    private void ok(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        long now = System.nanoTime();
        delivered.incrementAndGet();
        if (tracking) {
            String id = webhookId(body);
            Long sentAt = id == null ? null : sent.remove(id);
            if (sentAt != null) {
                Histogram histogram = latency;
                synchronized (histogram) {
                    histogram.recordValue(Math.min((now - sentAt) / 1000, histogram.getHighestTrackableValue()));
                }
            }
        }
        exchange.sendResponseHeaders(200, -1);
        exchange.close();
    }

    private static String webhookId(byte[] body) {
        outer:
        for (int i = 0; i + WEBHOOK_ID.length <= body.length; i++) {
            for (int j = 0; j < WEBHOOK_ID.length; j++) {
                if (body[i + j] != WEBHOOK_ID[j]) {
                    continue outer;
                }
            }
            int start = i + WEBHOOK_ID.length;
            int end = start;
            while (end < body.length && body[end] != '"') {
                end++;
            }
            return new String(body, start, end - start, StandardCharsets.US_ASCII);
        }
        return null;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
