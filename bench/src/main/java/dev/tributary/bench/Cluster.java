package dev.tributary.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import dev.tributary.emulator.ShopifyEmulator;
import dev.tributary.emulator.Subscription;
import org.HdrHistogram.Histogram;

/**
 * The cluster mode (issue 15): 1, 2 and 3 server processes on one PostgreSQL database, the same
 * environment and data directory, each on its own port, the generator as their load balancer
 * (connection i goes to node i % N). Per node count: the ingest maximum (closed loop), the end to
 * end delivered rate (closed loop, then until all has arrived), and the CPU per webhook of every
 * node, of PostgreSQL and of the generator. Nodes are added to the running ones (node 1 creates
 * the instances), each added node warmed up with the others before anything is measured.
 *
 * <p>Every process shares the machine's cores, so the figures are what N nodes do on one machine;
 * the report also gives what the CPU per webhook predicts for nodes on machines of their own.
 */
final class Cluster {

    static final int MAX_NODES = 3;
    /** The cores each node, and PostgreSQL, is assumed to have when the figures are carried to separate machines. */
    static final int CORES_PER_MACHINE = 2;

    private final String java;
    private final Path serverJar;
    private final Path fixture;
    private final Path out;
    private final double seconds;
    private final int connections;
    private final double warmUpSeconds;

    Cluster(String java, Path serverJar, Path fixture, Path out, double seconds, int connections, double warmUpSeconds) {
        this.java = java;
        this.serverJar = serverJar;
        this.fixture = fixture;
        this.out = out;
        this.seconds = seconds;
        this.connections = connections;
        this.warmUpSeconds = warmUpSeconds;
    }

    /** CPU seconds of the nodes, PostgreSQL, the generator and the whole machine at one moment. */
    private record Cpu(double[] nodes, double database, double generator, double machine) {

        static Cpu read(List<ServerProcess> nodes) {
            double[] each = new double[nodes.size()];
            for (int i = 0; i < each.length; i++) {
                each[i] = nodes.get(i).cpuSeconds();
            }
            return new Cpu(each, databaseCpuSeconds(), ServerProcess.cpuSeconds(ProcessHandle.current().pid()),
                    machineCpuSeconds());
        }

        Cpu since(Cpu before) {
            double[] each = new double[nodes.length];
            for (int i = 0; i < each.length; i++) {
                each[i] = nodes[i] - before.nodes[i];
            }
            return new Cpu(each, database - before.database, generator - before.generator, machine - before.machine);
        }

        /** CPU of everything else on the machine (other builds, tests, the kernel's own threads). */
        double others() {
            return Math.max(0, machine - nodesTotal() - database - generator);
        }

        double nodesTotal() {
            double total = 0;
            for (double node : nodes) {
                total += node;
            }
            return total;
        }
    }

    /** One node count's figures. */
    private record Step(int nodes, List<Load.Result> ingestByNode, Load.Result ingest, Cpu ingestCpu, String ingestLoad,
            Load.Result e2e, long delivered, double drained, Cpu e2eCpu, String e2eLoad) {

        double deliveredRate() {
            return delivered / drained;
        }
    }

    /** The ordering runs' figures, once measured. */
    private String ordering = "";

    String run() throws Exception {
        Path work = out.resolve("cluster");
        Files.createDirectories(work);
        Path dataDir = Files.createTempDirectory("tributary-bench-cluster-");
        String database = "tributary_bench_" + System.currentTimeMillis();
        String engine = "cluster";
        Bench.Postgres.create(database, null);
        // What an operator sets on every node alike: one database, one data directory (here shared, on
        // separate machines a copy of the same secrets), and the address Shopify sends to, which is the
        // load balancer's, not a node's.
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_DATA_DIR", dataDir.toString());
        environment.put("TRIBUTARY_MODE", "production");
        environment.put("TRIBUTARY_CALLBACK_ALLOW", "127.0.0.0/8");
        environment.put("TRIBUTARY_DATABASE_URL", Bench.Postgres.url(database));
        environment.put("TRIBUTARY_DATABASE_USERNAME", "postgres");
        environment.put("TRIBUTARY_PUBLIC_URL", "http://127.0.0.1:" + ServerProcess.freePort());
        Bench.log(engine, "data in " + dataDir + ", database " + database + "; 1 to " + MAX_NODES + " nodes");
        byte[] order = Files.readAllBytes(fixture);
        String uptimeStart = Bench.uptime();
        List<Step> steps = new ArrayList<>();
        List<ServerProcess> nodes = new ArrayList<>();
        List<Long> readyMillis = new ArrayList<>();
        try (ShopifyEmulator emulator = ShopifyEmulator.start(); Receiver receiver = new Receiver()) {
            emulator.state().createApp(Bench.CLIENT_ID, Bench.CLIENT_SECRET, "Tributary bench", null);
            for (int i = 0; i < 2 * Bench.INSTANCES; i++) {
                emulator.state().createShop("bench" + i);
            }
            environment.put("TRIBUTARY_SHOPIFY_BASE_URL", emulator.shopBaseUrlTemplate());
            nodes.add(ServerProcess.start(java, serverJar, "256m", work.resolve("node-1.log"), environment));
            readyMillis.add(nodes.get(0).readyMillis);
            Bench.log(engine, "node 1 pid " + nodes.get(0).process.pid() + " ready in " + nodes.get(0).readyMillis + " ms");
            Bench.Api api = new Bench.Api(nodes.get(0).baseUrl(), Bench.credentials(dataDir.resolve("bootstrap-credentials")));
            // 4 instances each: ingest (callback 410, so deliveries are stored queued), end to end (answers at once).
            List<Webhooks.Target> ingestTargets = new ArrayList<>();
            List<Webhooks.Target> e2eTargets = new ArrayList<>();
            List<List<Webhooks.Target>> kinds = List.of(ingestTargets, e2eTargets);
            List<String> callbacks = List.of("/gone", "/ok");
            List<Long> e2eInstances = new ArrayList<>();
            for (int i = 0; i < 2 * Bench.INSTANCES; i++) {
                String shop = "bench" + i;
                long id = api.createInstance(emulator, shop, receiver.url(callbacks.get(i / Bench.INSTANCES)));
                if (i >= Bench.INSTANCES) {
                    e2eInstances.add(id);
                }
                Subscription subscription = emulator.state().shop(shop).orElseThrow().subscriptions().values()
                        .iterator().next();
                kinds.get(i / Bench.INSTANCES).add(new Webhooks.Target(URI.create(subscription.address()).getRawPath(),
                        Bench.CLIENT_SECRET, emulator.state().shop(shop).orElseThrow().domain()));
            }
            Load.closed("deactivate callback", ingest(order, ingestTargets, nodes.get(0)), 1, 0.05);
            for (int i = 0; i < 100 && receiver.gone.get() == 0; i++) {
                Thread.sleep(100);
            }
            Thread.sleep(1500);

            for (int n = 1; n <= MAX_NODES; n++) {
                if (n > 1) {
                    ServerProcess node = ServerProcess.start(java, serverJar, "256m", work.resolve("node-" + n + ".log"),
                            environment);
                    nodes.add(node);
                    readyMillis.add(node.readyMillis);
                    Bench.log(engine, "node " + n + " pid " + node.process.pid() + " ready in " + node.readyMillis + " ms");
                }
                List<Load.Target> ingestSpread = new ArrayList<>();
                List<Load.Target> e2eSpread = new ArrayList<>();
                for (ServerProcess node : nodes) {
                    ingestSpread.add(ingest(order, ingestTargets, node));
                    e2eSpread.add(new Load.Target("127.0.0.1", node.port,
                            new Webhooks(order, "127.0.0.1:" + node.port, e2eTargets, null)::request, true, receiver::sending));
                }
                steps.add(step(engine, n, nodes, ingestSpread, e2eSpread, receiver));
                Files.writeString(work.resolve("report.md"), markdown(steps, readyMillis, uptimeStart));
            }
            ordering = orderingCost(engine, api, e2eInstances, nodes, new Webhooks(order, "", e2eTargets, null), receiver);
        } finally {
            for (ServerProcess node : nodes) {
                node.close();
            }
            Bench.Postgres.drop(database);
            Bench.deleteTree(dataDir);
        }
        String markdown = markdown(steps, readyMillis, uptimeStart);
        Files.writeString(work.resolve("report.md"), markdown);
        return markdown;
    }

    private static Load.Target ingest(byte[] order, List<Webhooks.Target> targets, ServerProcess node) {
        return new Load.Target("127.0.0.1", node.port,
                new Webhooks(order, "127.0.0.1:" + node.port, targets, null)::request, true, null);
    }

    private Step step(String engine, int n, List<ServerProcess> nodes, List<Load.Target> ingestSpread,
            List<Load.Target> e2eSpread, Receiver receiver) throws Exception {
        String label = n + " node" + (n == 1 ? "" : "s");
        // A node just started is cold: the JIT compiles its paths during the first tens of seconds.
        Bench.log(engine, label + ": warming up ingest, " + connections + " connections spread (" + Bench.uptime() + ")");
        Load.closed("warm-up ingest", ingestSpread, connections, warmUpSeconds);
        Bench.log(engine, label + ": ingest, closed loop (" + Bench.uptime() + ")");
        Cpu before = Cpu.read(nodes);
        List<Load.Result> byNode = Load.closed("ingest max", ingestSpread, connections, seconds);
        Cpu ingestCpu = Cpu.read(nodes).since(before);
        Load.Result ingest = Load.sum("ingest max, " + label, byNode);
        String ingestLoad = Bench.uptime();
        Bench.log(engine, ingest.line());
        for (Load.Result node : byNode) {
            Bench.log(engine, "  " + node.line());
        }

        // Delivery's own code is cold too: a short end-to-end run first, until it has all arrived.
        Bench.log(engine, label + ": warming up end to end (" + Bench.uptime() + ")");
        long warm0 = receiver.delivered.get();
        Load.Result warm = Load.sum("warm-up e2e", Load.closed("warm-up e2e", e2eSpread, connections, warmUpSeconds / 4));
        waitFor(receiver, warm0, warm.ok(), 30);
        Bench.log(engine, label + ": end to end, closed loop (" + Bench.uptime() + ")");
        long delivered0 = receiver.delivered.get();
        Cpu e2eBefore = Cpu.read(nodes);
        long start = System.nanoTime();
        Load.Result e2e = Load.sum("e2e ingest max, " + label, Load.closed("e2e ingest max", e2eSpread, connections, seconds));
        waitFor(receiver, delivered0, e2e.ok(), 45);
        double drained = (System.nanoTime() - start) / 1e9;
        long delivered = receiver.delivered.get() - delivered0;
        Cpu e2eCpu = Cpu.read(nodes).since(e2eBefore);
        Step step = new Step(n, byNode, ingest, ingestCpu, ingestLoad, e2e, delivered, drained, e2eCpu, Bench.uptime());
        Bench.log(engine, String.format("%s: ingest %,.0f/s (%.0f us of node CPU per webhook, %.0f us of PostgreSQL's);"
                + " delivered %d of %d in %.1f s: %,.0f/s", label, ingest.rate(),
                ingestCpu.nodesTotal() * 1e6 / Math.max(1, ingest.ok()),
                ingestCpu.database() * 1e6 / Math.max(1, ingest.ok()), delivered, e2e.ok(), drained, step.deliveredRate()));
        return step;
    }

    private static void waitFor(Receiver receiver, long from, long count, int seconds) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
        while (receiver.delivered.get() - from < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
    }

    /** One pass with ordering on or off: closed loop spread over the nodes, then an open loop at {@link #ORDERED_RATE}. */
    private record OrderingRun(String traffic, String ordering, long stored, long delivered, double drained,
            Histogram openLatency, long openStored) {
    }

    /** The open-loop rate of the ordering passes: what a busy shop sends, well inside what 3 nodes deliver. */
    static final double ORDERED_RATE = 300;

    private final List<OrderingRun> orderingRuns = new ArrayList<>();

    /**
     * The cost of delivery in order per object ({@code event.delivery.ordering}, {@code object} by
     * default) with the nodes all running: the end-to-end instances switched between {@code object}
     * and {@code none}, alternately, each twice, on two kinds of traffic: every webhook about a new
     * order (as {@code orders/create} is), and webhooks about only 12 orders per instance over and
     * over (the worst case: every delivery of an object waits for the one before).
     */
    private String orderingCost(String engine, Bench.Api api, List<Long> instances, List<ServerProcess> nodes,
            Webhooks fresh, Receiver receiver) throws Exception {
        List<Webhooks> kinds = List.of(fresh, fresh.hotObjects());
        List<String> names = List.of("a new order each", "12 orders per instance");
        for (int k = 0; k < kinds.size(); k++) {
            for (int round = 0; round < 2; round++) {
                for (String mode : List.of("object", "none")) {
                    for (long id : instances) {
                        api.configure(id, Map.of("event.delivery.ordering", mode));
                    }
                    // Every node drops its cached instances on the change; give the notices a moment.
                    Thread.sleep(1000);
                    orderingRuns.add(orderingRun(engine, names.get(k), mode, kinds.get(k), nodes, receiver));
                }
            }
        }
        for (long id : instances) {
            api.configure(id, Map.of("event.delivery.ordering", "object"));
        }
        return orderingMarkdown();
    }

    private OrderingRun orderingRun(String engine, String traffic, String mode, Webhooks webhooks,
            List<ServerProcess> nodes, Receiver receiver) throws Exception {
        List<Load.Target> spread = new ArrayList<>();
        for (ServerProcess node : nodes) {
            spread.add(new Load.Target("127.0.0.1", node.port, webhooks.toHost("127.0.0.1:" + node.port)::request, true,
                    receiver::sending));
        }
        Bench.log(engine, "ordering " + mode + ", " + traffic + ": end to end, closed loop (" + Bench.uptime() + ")");
        long delivered0 = receiver.delivered.get();
        long start = System.nanoTime();
        Load.Result closed = Load.sum("e2e, ordering " + mode, Load.closed("e2e ordering", spread, connections, seconds / 2));
        waitFor(receiver, delivered0, closed.ok(), 60);
        double drained = (System.nanoTime() - start) / 1e9;
        long delivered = receiver.delivered.get() - delivered0;
        Bench.log(engine, String.format("ordering %s, %s: delivered %d of %d in %.1f s: %,.0f/s", mode, traffic,
                delivered, closed.ok(), drained, delivered / drained));
        receiver.track(true);
        Load.Result open = Load.open("e2e ordering open", spread.get(0), ORDERED_RATE, seconds / 2, 32);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (receiver.pending() > open.failed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        Histogram latency = receiver.track(false);
        Bench.log(engine, String.format("ordering %s, %s: at %.0f/s p50 %.1f ms p99 %.1f ms", mode, traffic, ORDERED_RATE,
                latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0));
        return new OrderingRun(traffic, mode, closed.ok(), delivered, drained, latency, open.ok());
    }

    private String orderingMarkdown() {
        if (orderingRuns.isEmpty()) {
            return "";
        }
        StringBuilder md = new StringBuilder(String.format("### The cost of delivery in order per object, %d nodes%n%n"
                + "The end-to-end instances switched between `event.delivery.ordering` `object` (the default) and `none`,"
                + " alternately, each twice. Closed loop: %d connections spread over the nodes for %.0f s, then until"
                + " all has arrived (delivered/s over that whole time). Open loop: %.0f webhooks/s to node 1 for %.0f s,"
                + " latency from each webhook's send to its notification's arrival. \"A new order each\": every webhook"
                + " is about an order of its own, as `orders/create` is; \"12 orders per instance\": every webhook is"
                + " about one of 48 orders, so each waits for the delivery before it (the worst case).%n%n",
                MAX_NODES, connections, seconds / 2, ORDERED_RATE, seconds / 2));
        md.append("| traffic | ordering | closed loop: delivered of stored, in s | delivered/s | open loop p50 / p99 (ms) |\n"
                + "|---|---|---|---|---|\n");
        for (OrderingRun run : orderingRuns) {
            md.append(String.format("| %s | %s | %,d of %,d in %.1f s | %,.0f | %.1f / %.1f |%n", run.traffic(), run.ordering(),
                    run.delivered(), run.stored(), run.drained(), run.delivered() / run.drained(),
                    run.openLatency().getValueAtPercentile(50) / 1000.0, run.openLatency().getValueAtPercentile(99) / 1000.0));
        }
        return md.toString();
    }

    private String markdown(List<Step> steps, List<Long> readyMillis, String uptimeStart) {
        StringBuilder md = new StringBuilder("## Cluster: 1 to " + MAX_NODES + " nodes on one PostgreSQL database\n\n");
        md.append(String.format("Each node is `java -Xmx256m -jar tributary-server.jar`, same environment and data directory,"
                + " one `TRIBUTARY_DATABASE_URL`, one `TRIBUTARY_PUBLIC_URL`, its own port; started in turn (readiness in %s ms),"
                + " node 1 creating 4 ingest and 4 end-to-end instances. The generator is the load balancer: closed loop,"
                + " %d connections, connection i to node i %% N; %.0f s per run, each node count warmed up %.0f s"
                + " (ingest) and %.0f s (end to end) first. CPU from /proc/<pid>/stat: each node, every `postgres`"
                + " process on the machine (anything else using this PostgreSQL counts too), the generator (load, emulator,"
                + " receiver), and the machine's busy time from /proc/stat (\"anything else\": the rest, such as other"
                + " builds or tests sharing the machine). Load at the start: %s.%n%n", readyMillis, connections, seconds, warmUpSeconds,
                warmUpSeconds / 4, uptimeStart));
        md.append("| nodes | ingest max (stored/s) | per node | p50 / p99 | failed | server CPU per webhook, each node (us) |"
                + " all nodes | PostgreSQL | generator | cores busy: nodes / PostgreSQL / generator / anything else (of "
                + Runtime.getRuntime().availableProcessors() + ") | load |\n|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            double webhooks = Math.max(1, step.ingest().ok());
            StringBuilder perNode = new StringBuilder();
            StringBuilder cpuPerNode = new StringBuilder();
            for (int i = 0; i < step.nodes(); i++) {
                Load.Result node = step.ingestByNode().get(i);
                perNode.append(i == 0 ? "" : ", ").append(String.format("%,.0f", node.rate()));
                cpuPerNode.append(i == 0 ? "" : ", ").append(String.format("%.0f",
                        1e6 * step.ingestCpu().nodes()[i] / Math.max(1, node.ok())));
            }
            Cpu cpu = step.ingestCpu();
            double s = step.ingest().seconds();
            md.append(String.format("| %d | %,.0f/s | %s | %.1f / %.1f ms | %d | %s | %.0f | %.0f | %.0f | %.2f / %.2f / %.2f / %.2f | %s |%n",
                    step.nodes(), step.ingest().rate(), perNode, step.ingest().p(50), step.ingest().p(99),
                    step.ingest().failed(), cpuPerNode, 1e6 * cpu.nodesTotal() / webhooks, 1e6 * cpu.database() / webhooks,
                    1e6 * cpu.generator() / webhooks, cpu.nodesTotal() / s, cpu.database() / s, cpu.generator() / s,
                    cpu.others() / s, step.ingestLoad()));
        }
        md.append("\nEnd to end (callback answers at once): closed-loop ingest for the run, then until everything it stored"
                + " has arrived (45 s at most); delivered per second over that whole time, CPU per delivered webhook over"
                + " it (any node may deliver any webhook: each node's CPU is divided by all delivered).\n\n");
        md.append("| nodes | delivered/s | ingested/s meanwhile | delivered / ingested | server CPU per delivered webhook,"
                + " each node (us) | all nodes | PostgreSQL | generator | cores busy: nodes / PostgreSQL / generator / anything else | load |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            double delivered = Math.max(1, step.delivered());
            StringBuilder cpuPerNode = new StringBuilder();
            for (int i = 0; i < step.nodes(); i++) {
                cpuPerNode.append(i == 0 ? "" : ", ").append(String.format("%.0f", 1e6 * step.e2eCpu().nodes()[i] / delivered));
            }
            Cpu cpu = step.e2eCpu();
            md.append(String.format("| %d | %,.0f/s (%d of %d in %.1f s) | %,.0f/s | %.0f %% | %s | %.0f | %.0f | %.0f |"
                    + " %.2f / %.2f / %.2f / %.2f | %s |%n", step.nodes(), step.deliveredRate(), step.delivered(), step.e2e().ok(),
                    step.drained(), step.e2e().rate(), 100.0 * step.delivered() / Math.max(1, step.e2e().ok()), cpuPerNode,
                    1e6 * cpu.nodesTotal() / delivered, 1e6 * cpu.database() / delivered, 1e6 * cpu.generator() / delivered,
                    cpu.nodesTotal() / step.drained(), cpu.database() / step.drained(), cpu.generator() / step.drained(),
                    cpu.others() / step.drained(), step.e2eLoad()));
        }
        md.append("\n").append(predictions(steps)).append("\n").append(ordering);
        return md.toString();
    }

    /**
     * What the CPU per webhook predicts for nodes on machines of their own: on this machine every
     * node, PostgreSQL and the generator share the same cores, so adding a node adds no CPU.
     */
    private static String predictions(List<Step> steps) {
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder md = new StringBuilder(String.format("**On this machine the nodes compete for CPU**: all %d nodes,"
                + " PostgreSQL and the generator share its %d cores, so a second node adds no capacity, only another JVM"
                + " to feed. What the figures predict on separate machines (%d cores per node, PostgreSQL on %d of its"
                + " own; CPU only: disk, network and lock waits are not in it):%n%n", MAX_NODES, cores, CORES_PER_MACHINE,
                CORES_PER_MACHINE));
        md.append("| from the run with | ingest CPU per webhook per node (us) | rate per node on its own "
                + CORES_PER_MACHINE + " cores | PostgreSQL CPU per webhook (us) | PostgreSQL's share of all CPU |"
                + " PostgreSQL's CPU limit on " + CORES_PER_MACHINE + " cores | predicted for 1 / 2 / 3 nodes |"
                + " delivered: node CPU per webhook (us) | delivered per node | PostgreSQL's limit |\n"
                + "|---|---|---|---|---|---|---|---|---|---|\n");
        for (Step step : steps) {
            double webhooks = Math.max(1, step.ingest().ok());
            double node = 1e6 * step.ingestCpu().nodesTotal() / webhooks;
            double database = 1e6 * step.ingestCpu().database() / webhooks;
            double perNode = CORES_PER_MACHINE * 1e6 / node;
            double databaseLimit = CORES_PER_MACHINE * 1e6 / Math.max(1, database);
            double share = step.ingestCpu().database() / Math.max(1e-9, step.ingestCpu().nodesTotal() + step.ingestCpu().database());
            double delivered = Math.max(1, step.delivered());
            double e2eNode = 1e6 * step.e2eCpu().nodesTotal() / delivered;
            double e2eDatabase = 1e6 * step.e2eCpu().database() / delivered;
            md.append(String.format("| %d node%s | %.0f | %,.0f/s | %.0f | %.0f %% | %,.0f/s | %,.0f / %,.0f / %,.0f /s |"
                    + " %.0f | %,.0f/s | %,.0f/s |%n", step.nodes(), step.nodes() == 1 ? "" : "s", node, perNode, database,
                    100 * share, databaseLimit, Math.min(perNode, databaseLimit), Math.min(2 * perNode, databaseLimit),
                    Math.min(3 * perNode, databaseLimit), e2eNode, CORES_PER_MACHINE * 1e6 / e2eNode,
                    CORES_PER_MACHINE * 1e6 / Math.max(1, e2eDatabase)));
        }
        md.append("\nThe prediction is min(N x the rate per node, PostgreSQL's limit): the nodes share nothing but the"
                + " database, so they add up until PostgreSQL's CPU (or its disk, not modelled) is the limit. Per node CPU"
                + " per webhook is all nodes' CPU divided by all webhooks (each node's own is in the tables above): it rises with N here as the nodes time-share"
                + " the cores, so the 1-node row is the closest to a node with cores of its own.\n");
        return md.toString();
    }

    /** Busy CPU seconds of the whole machine, all cores: the first line of /proc/stat less idle and iowait. */
    static double machineCpuSeconds() {
        try {
            String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            double busy = 0;
            // user nice system idle iowait irq softirq steal (guest time is already in user)
            for (int i = 1; i <= 8 && i < fields.length; i++) {
                if (i != 4 && i != 5) {
                    busy += Long.parseLong(fields[i]);
                }
            }
            return busy / 100.0;
        } catch (Exception e) {
            return Double.NaN;
        }
    }

    /** CPU seconds of every process named postgres (the server and its backends), from /proc. */
    static double databaseCpuSeconds() {
        double total = 0;
        try (var processes = Files.list(Path.of("/proc"))) {
            for (Path process : (Iterable<Path>) processes::iterator) {
                String name = process.getFileName().toString();
                if (!name.chars().allMatch(Character::isDigit)) {
                    continue;
                }
                try {
                    String stat = Files.readString(process.resolve("stat"));
                    if (stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).equals("postgres")) {
                        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                        total += (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
                    }
                } catch (Exception e) {
                    // ended while being read
                }
            }
        } catch (Exception e) {
            return Double.NaN;
        }
        return total;
    }
}
