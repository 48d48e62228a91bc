package dev.tributary.emulator;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import com.sun.net.httpserver.HttpServer;
import tools.jackson.databind.node.ObjectNode;

/**
 * How many webhooks per second the emulator pushes to a local receiver that answers at once.
 * Run with {@code bench/emulator-webhooks.sh [count]}; prints webhooks/s and the body size.
 */
public final class WebhookThroughputBenchmark {

    private WebhookThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        AtomicLong received = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 4096);
        receiver.createContext("/", exchange -> {
            bytes.addAndGet(exchange.getRequestBody().readAllBytes().length);
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            received.incrementAndGet();
        });
        receiver.setExecutor(Executors.newFixedThreadPool(8));
        receiver.start();
        try (ShopifyEmulator emulator = ShopifyEmulator.start()) {
            App app = emulator.state().createApp("bench", "bench-secret", "Bench", null);
            Shop shop = emulator.state().createShop("bench");
            emulator.state().install(shop, app, java.util.Set.of("write_orders"));
            shop.subscriptions().put(1L, new Subscription(1L, "bench", "orders/create",
                    "http://127.0.0.1:" + receiver.getAddress().getPort() + "/webhooks", "json", null, null, "2025-10",
                    java.time.Instant.now(), java.time.Instant.now()));
            ObjectNode order = (ObjectNode) EmulatorTestClient.JSON.readTree(fixture());
            int warmup = Math.min(5_000, count / 5);
            run(emulator, shop, order, warmup, received);
            received.set(0);
            bytes.set(0);
            long started = System.nanoTime();
            run(emulator, shop, order, count, received);
            double seconds = (System.nanoTime() - started) / 1e9;
            System.out.printf("webhooks=%d seconds=%.2f rate=%.0f/s avgBody=%d bytes cores=%d java=%s%n", count, seconds,
                    count / seconds, bytes.get() / count, Runtime.getRuntime().availableProcessors(),
                    System.getProperty("java.version"));
        } finally {
            receiver.stop(0);
        }
    }

    private static void run(ShopifyEmulator emulator, Shop shop, ObjectNode order, int count, AtomicLong received)
            throws InterruptedException {
        for (int i = 0; i < count; i++) {
            emulator.resources().create(shop, ResourceType.ORDERS, order);
        }
        long deadline = System.currentTimeMillis() + 120_000;
        while (received.get() < count && System.currentTimeMillis() < deadline) {
            Thread.sleep(5);
        }
        if (received.get() < count) {
            throw new IllegalStateException("only " + received.get() + " of " + count + " arrived");
        }
    }

    private static byte[] fixture() throws IOException {
        for (Path candidate : new Path[] {Path.of("src/test/resources/orders_create.json"),
                Path.of("../tributary-server/src/test/resources/fixtures/shopify/orders_create.json")}) {
            if (Files.exists(candidate)) {
                return Files.readAllBytes(candidate);
            }
        }
        throw new IOException("orders_create.json fixture not found");
    }
}
