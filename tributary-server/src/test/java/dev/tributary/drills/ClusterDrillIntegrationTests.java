package dev.tributary.drills;

import static dev.tributary.testing.ApiClient.API;
import static dev.tributary.drills.DrillEvidence.acknowledgedCount;
import static dev.tributary.drills.DrillEvidence.acknowledgedAfterRetries;
import static dev.tributary.drills.DrillEvidence.created;
import static dev.tributary.drills.DrillEvidence.deliveredCounts;
import static dev.tributary.drills.DrillEvidence.describe;
import static dev.tributary.drills.DrillEvidence.send;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.tributary.emulator.ResourceType;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.EmulatedShopify;
import dev.tributary.testing.PackagedServer;
import dev.tributary.testing.ApiClient;
import dev.tributary.testing.OrderedUpdates;
import dev.tributary.testing.RecordingReceiver;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/**
 * Drill: a three-node cluster on PostgreSQL under load. Three packaged servers run as their own
 * processes on one database and one data directory (so one master key), behind a round-robin
 * reverse proxy that is the instance's public address, so Shopify's webhooks land on all three.
 * The emulated Shopify pushes a fixed number of order webhooks while the callback receiver flaps
 * between down and up (as in the kill -9 drill). Mid-run one node is killed with SIGKILL and taken
 * out of the proxy's rotation; a little later another is stopped gracefully and started again on
 * the same port, staying in rotation, so Shopify meets {@code 502}s and retries.
 *
 * <p>Checked: every webhook a node acknowledged reaches the receiver (by webhook id); nothing
 * arrives that Shopify did not send; duplicates are at most the killed node's sending slots; and
 * the killed node's leases are taken over within the lease plus a margin, read straight from
 * {@code deliveries.lease_owner} (its name found in {@code cluster_nodes}). The node stopped
 * gracefully must leave {@code cluster_nodes}, and by the end hold no pending delivery either; how
 * many it still held right after it exited is reported.
 *
 * <p>One run in every build; five with {@code -Pdrills}. Figures go to
 * {@code target/drill-reports/cluster.txt}.
 */
class ClusterDrillIntegrationTests {

    private static final String DRILL = "cluster";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final int NODES = 3;
    private static final int WEBHOOKS = 600;
    /** The nodes' TRIBUTARY_DELIVERY_CONCURRENCY: what the killed node can have sent but not recorded. */
    private static final int IN_FLIGHT_LIMIT = 32;
    private static final Duration LEASE = Duration.ofSeconds(3);
    /**
     * Beyond the lease: a surviving node looks in the table when the next lease runs out, or at
     * the latest every poll interval (1 s), on a machine busy with three servers and the load.
     */
    private static final Duration RECLAIM_MARGIN = Duration.ofSeconds(4);

    @Test
    void three_nodes_lose_no_acknowledged_webhook_when_one_is_killed_and_one_restarted() throws Exception {
        int runs = Drills.isLong() ? 5 : 1;
        long firstSeed = Long.getLong("tributary.drill.seed", System.nanoTime());
        for (int run = 0; run < runs; run++) {
            run(run, firstSeed + run);
        }
    }

    private void run(int run, long seed) throws Exception {
        Random random = new Random(seed);
        int killAfter = WEBHOOKS / 10 + random.nextInt(WEBHOOKS * 3 / 10);
        int restartAfter = WEBHOOKS / 2;
        int victim = random.nextInt(NODES);
        int restarted = (victim + 1 + random.nextInt(NODES - 1)) % NODES;
        int untouched = 3 - victim - restarted; // the indexes 0, 1 and 2 add up to 3
        long started = System.nanoTime();
        try (TestStore store = TestStore.postgres();
                EmulatedShopify shopify = EmulatedShopify.start(0.003);
                RecordingReceiver receiver = RecordingReceiver.start();
                RoundRobinProxy proxy = RoundRobinProxy.start()) {
            // Down and up in turns of 150 ms.
            receiver.answer("/events", () -> (System.nanoTime() / 150_000_000L) % 2 == 0 ? 503 : 200);
            Map<String, String> environment = new HashMap<>(Drills.environment(store));
            environment.put("TRIBUTARY_SHOPIFY_BASE_URL", shopify.baseUrlTemplate());
            environment.put("TRIBUTARY_LOG_FORMAT", "");
            // Shopify is told the proxy's address, whichever node registers the webhooks.
            environment.put("TRIBUTARY_PUBLIC_URL", proxy.baseUrl());
            // A short lease, so what the killed node held is due again within the drill's patience.
            environment.put("TRIBUTARY_DELIVERY_LEASE", LEASE.toSeconds() + "s");
            environment.put("TRIBUTARY_DELIVERY_CONCURRENCY", Integer.toString(IN_FLIGHT_LIMIT));
            environment.put("TRIBUTARY_RETRY_TIME_SCALE", "0.0001");
            environment.put("TRIBUTARY_CALLBACK_ALLOW", "127.0.0.0/8");
            Database database = new Database(store);

            // One after the other, so each new row in cluster_nodes names the node just started.
            PackagedServer[] servers = new PackagedServer[NODES];
            String[] nodeIds = new String[NODES];
            try {
                for (int i = 0; i < NODES; i++) {
                    // The first node makes the tables.
                    Set<String> before = i == 0 ? Set.of() : database.nodeIds();
                    servers[i] = PackagedServer.start(store.dataDir(), PackagedServer.freePort(), environment);
                    Set<String> added = database.nodeIds();
                    added.removeAll(before);
                    assertThat(added).as("cluster_nodes rows new with node %d", i).hasSize(1);
                    nodeIds[i] = added.iterator().next();
                    proxy.add(servers[i].port());
                }
                String authorization = ApiClient.authorization(
                        Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials")));
                HttpResponse<String> created = send("POST", servers[untouched].baseUrl() + API + "/instances",
                        authorization, """
                        {"element": {"key": "shopify"}, "providerData": {"code": "%s", "shop": "mystore"},
                         "configuration": {"oauth.api.key": "%s", "oauth.api.secret": "%s",
                           "event.notification.enabled": true, "shopify.webhook.topics": "orders/create",
                           "event.notification.callback.url": "%s"}, "name": "Cluster drill"}
                        """.formatted(shopify.authorizationCode(), EmulatedShopify.CLIENT_ID,
                        EmulatedShopify.CLIENT_SECRET, receiver.url("/events")));
                assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
                assertThat(shopify.subscriptions()).as("Shopify's subscriptions")
                        .allSatisfy(s -> assertThat(s.address()).startsWith(proxy.baseUrl()));

                Thread load = new Thread(() -> {
                    for (int i = 0; i < WEBHOOKS; i++) {
                        shopify.emulator().resources().create(shopify.shop(), ResourceType.ORDERS, JSON.createObjectNode());
                        try {
                            Thread.sleep(5);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                });
                long loadStarted = System.nanoTime();
                load.start();
                awaitAcknowledged(shopify, killAfter);
                int acknowledgedAtKill = acknowledgedCount(shopify);
                servers[victim].kill();
                // A load balancer's health check would notice; this one is told.
                proxy.remove(servers[victim].port());
                LeaseWatch leases = LeaseWatch.start(database, nodeIds[victim]);

                awaitAcknowledged(shopify, restartAfter);
                int acknowledgedAtRestart = acknowledgedCount(shopify);
                // Still in rotation while it is down: what the proxy sends there gets 502 and Shopify retries.
                servers[restarted].close();
                // A graceful stop leaves cluster_nodes and gives back what it never started. What it
                // still holds (a delivery that waited in the hand-off past half its lease keeps it) is
                // counted here, with the rows, and must be taken over by the end.
                int leftByGracefulStop = database.pendingLeasedBy(nodeIds[restarted]);
                String leftRows = leftByGracefulStop == 0 ? "" : " " + database.leasedBy(nodeIds[restarted]);
                boolean stoppedNodeListed = database.nodeIds().contains(nodeIds[restarted]);
                servers[restarted] = PackagedServer.start(store.dataDir(), servers[restarted].port(), environment);
                load.join();

                // Shopify's retries bring what was missed.
                Set<String> acknowledged = acknowledgedAfterRetries(shopify, WEBHOOKS);
                double acknowledgedWithin = (System.nanoTime() - loadStarted) / 1e9;
                assertThat(acknowledged).as("webhooks the nodes acknowledged").hasSizeGreaterThanOrEqualTo(restartAfter);

                receiver.script("/events", 200);
                // Anything the flapping queued (a deactivated subscription) is redelivered.
                send("PUT", servers[untouched].baseUrl() + API + "/notifications/subscriptions/deliveries?where="
                        + URLEncoder.encode("status = 'queued'", StandardCharsets.UTF_8), authorization, null);
                List<RecordingReceiver.Received> got = receiver.await("/events",
                        r -> deliveredCounts(r).keySet().containsAll(acknowledged), 60);
                Map<String, Long> delivered = deliveredCounts(got);
                double deliveredWithin = (System.nanoTime() - loadStarted) / 1e9;
                Set<String> missing = new HashSet<>(acknowledged);
                missing.removeAll(delivered.keySet());
                long duplicates = delivered.values().stream().filter(n -> n > 1).count();
                leases.join();
                int leftWithVictim = database.pendingLeasedBy(nodeIds[victim]);
                int leftWithStopped = database.pendingLeasedBy(nodeIds[restarted]);
                Drills.report(DRILL, String.format(Locale.ROOT,
                        "postgresql run %d seed %d: node %d killed after %d acknowledged holding %d leases, taken over in"
                                + " %s; node %d restarted after %d acknowledged, leaving %d leases%s; acknowledged %d, delivered %d, lost %d,"
                                + " delivered twice or more %d, proxy answered 502 %d times, receiver answered %d"
                                + " requests; cluster up in %.1f s, all acknowledged %.1f s and delivered %.1f s after the"
                                + " load began, %.1f s in all",
                        run + 1, seed, victim + 1, acknowledgedAtKill, leases.heldAtKill(),
                        leases.reclaimed() == null ? "never" : leases.reclaimed().toMillis() + " ms", restarted + 1,
                        acknowledgedAtRestart, leftByGracefulStop, leftRows, acknowledged.size(), delivered.size(), missing.size(), duplicates,
                        proxy.badGateways(), got.size(), (loadStarted - started) / 1e9, acknowledgedWithin,
                        deliveredWithin, (System.nanoTime() - started) / 1e9));
                assertThat(missing).as("acknowledged but never delivered (seed %d); their deliveries:%n%s", seed,
                        describe(servers[untouched], authorization, missing)).isEmpty();
                assertThat(delivered.keySet()).as("delivered but never sent by Shopify").isSubsetOf(created(shopify));
                assertThat(duplicates).as("duplicates beyond the killed node's sends in flight (seed %d)", seed)
                        .isLessThanOrEqualTo(IN_FLIGHT_LIMIT);
                assertThat(leases.reclaimed()).as("time until no pending delivery is leased by the killed node %s"
                                + " (seed %d)", nodeIds[victim], seed)
                        .isNotNull().isLessThanOrEqualTo(LEASE.plus(RECLAIM_MARGIN));
                assertThat(leftWithVictim).as("pending deliveries still leased by the killed node").isZero();
                assertThat(leftWithStopped).as("pending deliveries still leased by the node stopped gracefully").isZero();
                assertThat(stoppedNodeListed).as("the node stopped gracefully still in cluster_nodes").isFalse();

                // With all three back: updates of one order, spread over the nodes by the proxy, arrive in order.
                orderedUpdatesArriveInOrder(servers[untouched], authorization, shopify, receiver, proxy, seed);
            } finally {
                for (PackagedServer server : servers) {
                    if (server != null) {
                        server.close();
                    }
                }
            }
        }
    }

    /**
     * The ordering drill ({@link OrderedUpdates}) through the proxy, across the three processes: an
     * instance taking {@code orders/updated}, 200 updates of 20 orders sent shuffled, one first
     * attempt in ten failed by the receiver.
     */
    private static void orderedUpdatesArriveInOrder(PackagedServer server, String authorization,
            EmulatedShopify shopify, RecordingReceiver receiver, RoundRobinProxy proxy, long seed) throws Exception {
        HttpResponse<String> created = send("POST", server.baseUrl() + API + "/instances", authorization,
                shopify.instanceRequest("Cluster drill, ordered", "orders/updated", receiver.url("/ordered"), ""));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(200);
        String address = shopify.subscriptions().stream().filter(s -> s.topic().equals("orders/updated"))
                .map(s -> s.address()).reduce((first, second) -> second).orElseThrow();
        OrderedUpdates updates = OrderedUpdates.shuffled(seed, 7_000_000);
        updates.failSomeFirstAttempts(receiver, "/ordered");
        long started = System.nanoTime();
        updates.send(List.of(ApiClient.at(proxy.baseUrl())), address.substring(proxy.baseUrl().length()));
        List<OrderedUpdates.Delivered> delivered = updates.awaitDelivered(receiver, "/ordered", 60);
        Drills.report(DRILL, String.format(Locale.ROOT, "postgresql seed %d: ordering drill, %d updates of %d orders"
                + " through the proxy, %d first attempts failed on purpose, %d delivered (%d flagged stale) in %.1f s",
                seed, updates.size(), OrderedUpdates.ORDERS, updates.failedFirstAttempts(), delivered.size(),
                delivered.stream().filter(OrderedUpdates.Delivered::stale).count(), (System.nanoTime() - started) / 1e9));
        assertThat(delivered).extracting(OrderedUpdates.Delivered::webhookId).doesNotHaveDuplicates()
                .hasSize(updates.size());
        OrderedUpdates.assertInOrderOrFlaggedStale(delivered);
    }

    /** Waits until Shopify has seen {@code count} webhooks acknowledged, at most a minute. */
    private static void awaitAcknowledged(EmulatedShopify shopify, int count) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (acknowledgedCount(shopify) < count && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
    }

    /**
     * Polls {@code deliveries} from the kill on: how many pending deliveries the killed node held,
     * and how long until none is (another node's claim writes its own name into {@code lease_owner};
     * settling clears it).
     */
    private static final class LeaseWatch extends Thread {

        private static final Duration PATIENCE = Duration.ofSeconds(60);

        private final Database database;
        private final String owner;
        private final long from = System.nanoTime();
        private volatile int heldAtKill = -1;
        private volatile Duration reclaimed;

        private LeaseWatch(Database database, String owner) {
            this.database = database;
            this.owner = owner;
            setDaemon(true);
        }

        static LeaseWatch start(Database database, String owner) {
            LeaseWatch watch = new LeaseWatch(database, owner);
            watch.start();
            return watch;
        }

        @Override
        public void run() {
            try {
                while (System.nanoTime() - from < PATIENCE.toNanos()) {
                    int held = database.pendingLeasedBy(owner);
                    Duration elapsed = Duration.ofNanos(System.nanoTime() - from);
                    if (heldAtKill < 0) {
                        heldAtKill = held;
                    }
                    if (held == 0) {
                        reclaimed = elapsed;
                        return;
                    }
                    Thread.sleep(50);
                }
            } catch (InterruptedException | SQLException e) {
                // reclaimed stays null: the assertion says so
            }
        }

        int heldAtKill() {
            return heldAtKill;
        }

        /** From the kill until no pending delivery was leased by the killed node; null if that never came. */
        Duration reclaimed() {
            return reclaimed;
        }
    }

    /** The cluster's PostgreSQL database, read directly. */
    private record Database(String url, String user) {

        Database(TestStore store) {
            this(store.settings().get("tributary.database.url"), store.settings().get("tributary.database.username"));
        }

        Set<String> nodeIds() throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    ResultSet rows = connection.createStatement().executeQuery("SELECT id FROM cluster_nodes")) {
                Set<String> ids = new HashSet<>();
                while (rows.next()) {
                    ids.add(rows.getString(1));
                }
                return ids;
            }
        }

        /** For the report: those deliveries, with their age and the lease left, in ms. */
        String leasedBy(String owner) throws SQLException {
            long now = System.currentTimeMillis();
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    PreparedStatement query = connection.prepareStatement("SELECT id, status, attempts, in_order,"
                            + " created_at, lease_until FROM deliveries"
                            + " WHERE lease_owner = ? AND status IN ('pending', 'retrying') ORDER BY id")) {
                query.setString(1, owner);
                List<String> rows = new ArrayList<>();
                try (ResultSet row = query.executeQuery()) {
                    while (row.next()) {
                        rows.add(String.format(Locale.ROOT, "#%d %s attempts=%d in_order=%d age=%d lease_left=%d",
                                row.getLong(1), row.getString(2), row.getInt(3), row.getInt(4), now - row.getLong(5),
                                row.getLong(6) - now));
                    }
                }
                return rows.toString();
            }
        }

        /** Deliveries still to be sent that are held under {@code owner}'s lease, live or run out. */
        int pendingLeasedBy(String owner) throws SQLException {
            try (Connection connection = DriverManager.getConnection(url, user, "");
                    PreparedStatement query = connection.prepareStatement("SELECT COUNT(*) FROM deliveries"
                            + " WHERE lease_owner = ? AND status IN ('pending', 'retrying')")) {
                query.setString(1, owner);
                try (ResultSet rows = query.executeQuery()) {
                    rows.next();
                    return rows.getInt(1);
                }
            }
        }
    }

    /**
     * The load balancer in front of the cluster: each request goes, whole, to the next node in
     * rotation; when that node does not answer, {@code 502}, as a proxy answers, so Shopify retries.
     */
    private static final class RoundRobinProxy implements AutoCloseable {

        /** Headers that belong to one connection, or that the JDK client sets itself. */
        private static final Set<String> NOT_FORWARDED = Set.of("connection", "content-length", "date", "expect",
                "host", "keep-alive", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");
        private static final HttpClient UPSTREAM = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(1)).build();

        private final HttpServer server;
        private final ExecutorService threads = Executors.newFixedThreadPool(32);
        private final List<Integer> ports = new CopyOnWriteArrayList<>();
        private final AtomicInteger next = new AtomicInteger();
        private final AtomicInteger badGateways = new AtomicInteger();

        private RoundRobinProxy(HttpServer server) {
            this.server = server;
        }

        static RoundRobinProxy start() throws IOException {
            RoundRobinProxy proxy = new RoundRobinProxy(HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256));
            proxy.server.createContext("/", proxy::handle);
            proxy.server.setExecutor(proxy.threads);
            proxy.server.start();
            return proxy;
        }

        String baseUrl() {
            return "http://127.0.0.1:" + server.getAddress().getPort();
        }

        void add(int port) {
            ports.add(port);
        }

        void remove(int port) {
            ports.remove(Integer.valueOf(port));
        }

        int badGateways() {
            return badGateways.get();
        }

        private void handle(HttpExchange exchange) throws IOException {
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                List<Integer> rotation = new ArrayList<>(ports);
                if (rotation.isEmpty()) {
                    badGateway(exchange);
                    return;
                }
                int port = rotation.get(Math.floorMod(next.getAndIncrement(), rotation.size()));
                HttpRequest.Builder request = HttpRequest.newBuilder(
                                URI.create("http://127.0.0.1:" + port + exchange.getRequestURI()))
                        .timeout(Duration.ofSeconds(10))
                        .method(exchange.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
                exchange.getRequestHeaders().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                        values.forEach(value -> request.header(name, value));
                    }
                });
                HttpResponse<byte[]> response;
                try {
                    response = UPSTREAM.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
                } catch (IOException e) {
                    badGateway(exchange);
                    return;
                }
                response.headers().map().forEach((name, values) -> {
                    if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                        exchange.getResponseHeaders().put(name, values);
                    }
                });
                byte[] answer = response.body();
                exchange.sendResponseHeaders(response.statusCode(), answer.length == 0 ? -1 : answer.length);
                exchange.getResponseBody().write(answer);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                badGateway(exchange);
            } finally {
                exchange.close();
            }
        }

        private void badGateway(HttpExchange exchange) throws IOException {
            badGateways.incrementAndGet();
            exchange.sendResponseHeaders(502, -1);
        }

        @Override
        public void close() {
            server.stop(0);
            threads.shutdownNow();
        }
    }
}
