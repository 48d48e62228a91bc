package dev.tributary.bench;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.tributary.emulator.ResourceType;
import dev.tributary.emulator.Shop;
import dev.tributary.emulator.ShopifyEmulator;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The polling benchmark: one poll of a shop holding many changed orders (objects per second, the
 * Shopify calls it made, server CPU per object), first with the server otherwise idle, then beside a
 * closed-loop ingest run whose rate is read before, during and after the poll.
 *
 * <p>The orders are made in the emulator just before a polling instance is created, and the
 * instance's {@code pollDelay} reaches back past them: its first poll, due at once, reads them all in
 * one poll that starts when the bench chooses (a later poll would start at the refresh interval's
 * whim). The poll is seen to start when the shop gets its first Admin API call after the instance
 * exists, and to end when the server logs {@code Polled orders of instance N: ...}; neither needs a
 * request to the server, which would cost it CPU during the measurement.
 */
final class Polling {

    private static final Pattern POLLED = Pattern.compile(
            "Polled orders of instance (\\d+): (\\d+) page\\(s\\), (\\d+) object\\(s\\), (\\d+) event\\(s\\), (\\d+) ms");

    /** One poll: what the server logged, the Shopify calls the emulator counted, and server CPU over it. */
    record Poll(String shop, int orders, int pages, int objects, int events, long serverMillis, long shopifyCalls,
            double cpuSeconds, Map<String, Double> cpuByKind, double seconds, double generatorCpuSeconds) {

        double objectsPerSecond() {
            return objects / (serverMillis / 1000.0);
        }

        double cpuMicrosPerObject() {
            return 1e6 * cpuSeconds / Math.max(1, objects);
        }

        String line() {
            return String.format("%s: %,d orders, %d page(s), %,d object(s), %,d event(s) in %,d ms: %,.0f objects/s;"
                    + " %d Shopify call(s); server CPU %.2f s, %.0f us per object; generator (emulator) CPU %.2f s",
                    shop, orders, pages, objects, events, serverMillis, objectsPerSecond(), shopifyCalls, cpuSeconds,
                    cpuMicrosPerObject(), generatorCpuSeconds);
        }
    }

    /** Ingest's rate in a window of the one closed-loop run: alone before the poll, during it, alone after. */
    record Window(String name, double seconds, long stored, double serverCpuSeconds) {

        double rate() {
            return stored / seconds;
        }

        double cores() {
            return serverCpuSeconds / seconds;
        }
    }

    /** The polling section's figures. */
    record Result(int orders, int pageSize, Poll warmUp, Poll alone, Poll beside, List<Window> windows) {
    }

    private static final long SELF = ProcessHandle.current().pid();

    private final String engine;
    private final ShopifyEmulator emulator;
    private final Bench.Api api;
    private final ServerProcess server;
    private final String callback;
    private final List<ObjectNode> templates = new ArrayList<>();
    private final int pageSize;
    private long logOffset;

    /**
     * @param fixture an order as Shopify renders it; the seeded orders are its variants (one to three
     *        line items, with or without fulfillments), the same shapes the ingest runs send
     * @param callback where the polling instances' notifications go: the receiver's 410, so polling
     *        is measured storing, as ingest is
     */
    Polling(String engine, ShopifyEmulator emulator, Bench.Api api, ServerProcess server, String callback,
            byte[] fixture, int pageSize) {
        this.engine = engine;
        this.emulator = emulator;
        this.api = api;
        this.server = server;
        this.callback = callback;
        this.pageSize = pageSize;
        ObjectNode order = (ObjectNode) Webhooks.parse(new String(fixture, StandardCharsets.UTF_8));
        // The emulator numbers and dates each order itself.
        for (String field : List.of("id", "admin_graphql_api_id", "name", "number", "order_number", "created_at",
                "updated_at", "processed_at")) {
            order.remove(field);
        }
        for (int v = 0; v < 6; v++) {
            ObjectNode copy = order.deepCopy();
            int items = 1 + v % 3;
            ArrayNode lines = (ArrayNode) copy.get("line_items");
            while (lines.size() > items) {
                lines.remove(lines.size() - 1);
            }
            if (items == 3 || v % 2 == 1) {
                copy.remove("fulfillments");
            }
            templates.add(copy);
        }
    }

    /**
     * A warm-up poll (the poller's paths compiled), the measured poll alone, then ingest alone for
     * {@code seconds}, ingest beside a poll, and ingest alone again for {@code seconds}.
     */
    Result run(int orders, int warmUpOrders, Load.Target ingest, int connections, double seconds) throws Exception {
        logOffset = server.log.toFile().length();
        Poll warmUp = null;
        if (warmUpOrders > 0) {
            Bench.log(engine, "polling: warm-up poll of " + warmUpOrders + " orders (" + Bench.uptime() + ")");
            warmUp = poll("pollwarm", warmUpOrders, () -> { });
            Bench.log(engine, warmUp.line());
        }
        Bench.log(engine, "polling: one poll of " + orders + " orders, nothing else running (" + Bench.uptime() + ")");
        Poll alone = poll("pollalone", orders, () -> { });
        Bench.log(engine, alone.line());

        Bench.log(engine, "polling: ingest (closed loop, " + connections + " connections) alone, beside a poll of "
                + orders + " orders, alone again (" + Bench.uptime() + ")");
        List<Window> windows = new ArrayList<>();
        Load.Running load = Load.start("ingest beside polling", ingest, connections);
        Poll beside;
        try {
            // As much ingest before the first window as the last window has behind it at least: right after
            // the poll alone, ingest ran at 54-76 % of the after window's rate in the first three runs.
            Thread.sleep((long) (Math.max(1, seconds) * 1000));
            windows.add(window("ingest alone, before", load, seconds));
            long[] mark = new long[1];
            double[] cpu = new double[1];
            long[] nanos = new long[1];
            beside = poll("pollbeside", orders, () -> {
                mark[0] = load.ok();
                cpu[0] = server.cpuSeconds();
                nanos[0] = System.nanoTime();
            });
            windows.add(new Window("ingest beside the poll", (System.nanoTime() - nanos[0]) / 1e9, load.ok() - mark[0],
                    server.cpuSeconds() - cpu[0]));
            windows.add(window("ingest alone, after", load, seconds));
        } finally {
            Load.Result whole = load.stop();
            Bench.log(engine, whole.line());
        }
        Bench.log(engine, beside.line());
        for (Window window : windows) {
            Bench.log(engine, String.format("%s: %,.0f/s stored over %.1f s (server %.2f cores)", window.name(),
                    window.rate(), window.seconds(), window.cores()));
        }
        return new Result(orders, pageSize, warmUp, alone, beside, windows);
    }

    private Window window(String name, Load.Running load, double seconds) throws InterruptedException {
        long ok = load.ok();
        double cpu = server.cpuSeconds();
        long started = System.nanoTime();
        Thread.sleep((long) (seconds * 1000));
        return new Window(name, (System.nanoTime() - started) / 1e9, load.ok() - ok, server.cpuSeconds() - cpu);
    }

    /**
     * Seeds the shop with {@code orders} orders (other polling shops emptied, to keep the generator's
     * heap small), creates a polling instance on it and waits for its poll; {@code started} runs the
     * moment the poll's first Shopify call arrives.
     */
    private Poll poll(String shopName, int orders, Runnable started) throws Exception {
        for (String other : List.of("pollwarm", "pollalone", "pollbeside")) {
            emulator.state().shop(other).ifPresent(shop -> shop.resources(ResourceType.ORDERS).clear());
        }
        // Between measurements, so the generator (-Xmx256m) does not collect the last shop's orders during one.
        System.gc();
        Shop shop = emulator.state().createShop(shopName);
        Instant seeded = Instant.now();
        for (int i = 0; i < orders; i++) {
            // No subscription to orders/create on these shops: no webhook fires.
            emulator.resources().create(shop, ResourceType.ORDERS, templates.get(i % templates.size()));
        }
        // Shopify's times are to the second; a minute's margin over the seeding.
        Bench.log(engine, String.format("seeded %s with %,d orders in %,d ms (generator heap used %.0f MiB)", shopName,
                orders, Duration.between(seeded, Instant.now()).toMillis(),
                (Runtime.getRuntime().totalMemory() - Runtime.getRuntime().freeMemory()) / 1048576.0));
        long pollDelay = Duration.between(seeded, Instant.now()).toSeconds() + 60;
        long instanceId = api.createPollingInstance(emulator, shopName, callback, pageSize, pollDelay);
        long callsBefore = emulator.admin().calls(shop);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (emulator.admin().calls(shop) == callsBefore) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the poll of " + shopName + " did not start within 30 s; see " + server.log);
            }
            Thread.sleep(2);
        }
        double cpu = server.cpuSeconds();
        double generatorCpu = ServerProcess.cpuSeconds(SELF);
        Map<String, Double> threads = server.cpuSecondsByThreadKind();
        long startedAt = System.nanoTime();
        started.run();
        Matcher polled = awaitPolled(instanceId, Duration.ofMinutes(10));
        double cpuAfter = server.cpuSeconds();
        double generatorCpuAfter = ServerProcess.cpuSeconds(SELF);
        Map<String, Double> threadsAfter = server.cpuSecondsByThreadKind();
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        long calls = emulator.admin().calls(shop) - callsBefore;
        Map<String, Double> byKind = new TreeMap<>();
        int objects = Integer.parseInt(polled.group(3));
        threadsAfter.forEach((kind, after) -> byKind.put(kind,
                1e6 * Math.max(0, after - threads.getOrDefault(kind, 0.0)) / Math.max(1, objects)));
        return new Poll(shopName, orders, Integer.parseInt(polled.group(2)), objects, Integer.parseInt(polled.group(4)),
                Long.parseLong(polled.group(5)), calls, cpuAfter - cpu, byKind, seconds, generatorCpuAfter - generatorCpu);
    }

    /** Reads the server's log from where it was last read until the instance's poll line appears. */
    private Matcher awaitPolled(long instanceId, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        StringBuilder pending = new StringBuilder();
        while (System.nanoTime() < deadline) {
            pending.append(readLog(server.log));
            int newline;
            while ((newline = pending.indexOf("\n")) >= 0) {
                String line = pending.substring(0, newline);
                pending.delete(0, newline + 1);
                Matcher matcher = POLLED.matcher(line);
                if (matcher.find() && Long.parseLong(matcher.group(1)) == instanceId) {
                    return matcher;
                }
            }
            Thread.sleep(20);
        }
        throw new IllegalStateException("no poll of instance " + instanceId + " logged within " + timeout + "; see "
                + server.log);
    }

    private String readLog(Path log) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(log.toFile(), "r")) {
            long length = file.length();
            if (length <= logOffset) {
                return "";
            }
            byte[] bytes = new byte[(int) Math.min(length - logOffset, 1 << 20)];
            file.seek(logOffset);
            file.readFully(bytes);
            logOffset += bytes.length;
            return new String(bytes, StandardCharsets.UTF_8);
        }
    }

    /** The report's section. */
    static String markdown(Result result, int connections) {
        StringBuilder md = new StringBuilder();
        md.append(String.format("### Polling: one poll of a shop with %,d changed orders%n%n", result.orders()));
        md.append(String.format("Orders shaped like the ingest bodies (the fixture, 1-3 line items), pageSize %d;"
                + " the instance's notifications go to a callback answering 410, so they are stored queued, as"
                + " ingest's are. Server CPU from the poll's first Shopify call to its log line; Shopify calls"
                + " counted by the emulator (Admin API, REST and GraphQL, 429s included).%n%n", result.pageSize()));
        md.append("| poll | pages | objects | events | poll time (server) | objects/s | Shopify calls | server CPU per object"
                + " | generator CPU (emulator) |\n|---|---|---|---|---|---|---|---|---|\n");
        if (result.warmUp() != null) {
            pollRow(md, "warm-up (" + String.format("%,d", result.warmUp().orders()) + " orders), server idle", result.warmUp());
        }
        pollRow(md, "alone, server otherwise idle", result.alone());
        pollRow(md, "beside closed-loop ingest (CPU: poll and ingest together)", result.beside());
        md.append(String.format("%nIngest (closed loop, %d connections), one run read in windows:%n%n", connections));
        md.append("| window | length | stored/s | server cores busy (of 2) |\n|---|---|---|---|\n");
        for (Window window : result.windows()) {
            md.append(String.format("| %s | %.1f s | %,.0f/s | %.2f |%n", window.name(), window.seconds(), window.rate(),
                    window.cores()));
        }
        double alone = (result.windows().get(0).rate() + result.windows().get(2).rate()) / 2;
        double during = result.windows().get(1).rate();
        md.append(String.format("%n| figure | measured | target | met |%n|---|---|---|---|%n"
                + "| ingest beside a poll / ingest alone (mean of before and after) | %.0f %% (%,.0f/s against %,.0f/s) |"
                + " >= 100 %% (must not fall) | %s |%n", 100 * during / alone, during, alone,
                during >= alone ? "yes" : "**no**"));
        md.append("\nServer CPU per object of the poll alone, by kind of thread (us; /proc/<pid>/task):\n\n");
        md.append("| threads | us per object | of which in the kernel |\n|---|---|---|\n");
        result.alone().cpuByKind().forEach((kind, micros) -> {
            if (!kind.endsWith(ServerProcess.KERNEL) && micros >= 0.5) {
                md.append(String.format("| %s | %.0f | %.0f |%n", kind, micros,
                        result.alone().cpuByKind().getOrDefault(kind + ServerProcess.KERNEL, 0.0)));
            }
        });
        return md.toString();
    }

    private static void pollRow(StringBuilder md, String name, Poll poll) {
        md.append(String.format("| %s | %d | %,d | %,d | %,d ms | %,.0f/s | %d | %.0f us | %.2f s |%n", name, poll.pages(),
                poll.objects(), poll.events(), poll.serverMillis(), poll.objectsPerSecond(), poll.shopifyCalls(),
                poll.cpuMicrosPerObject(), poll.generatorCpuSeconds()));
    }
}
