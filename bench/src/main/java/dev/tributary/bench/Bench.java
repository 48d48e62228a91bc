package dev.tributary.bench;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import dev.tributary.emulator.ShopifyEmulator;
import dev.tributary.emulator.Subscription;
import org.HdrHistogram.Histogram;

/**
 * The benchmark: for each storage engine, starts the packaged server as its own process against an
 * in-process Shopify emulator and callback receiver, creates instances through the API with OAuth
 * codes, and measures ingest (closed and open loop, beside a no-op endpoint), end to end delivery,
 * durable writes against a plain JDBC baseline, and footprint. Prints a report, headed by the issue
 * 14 targets table, and writes it, with the JFR recording of the ingest run and its summary, under
 * the output directory.
 *
 * <p>{@code java -jar tributary-bench.jar [--engine=sqlite|postgresql|both] [--seconds=10]
 * [--connections=64] [--quick=true: start, no-op and ingest max only]
 * [--warm-up=30 (seconds of ingest before the measured runs; half as long for the no-op)]
 * [--start-rounds=3 (1 when quick; 0 skips the start-up comparison)] [--server-jar=tributary-server/target/tributary-server.jar] [--out=bench/results]
 * [--only=polling: the ingest warm-up and the polling section only, no start-up comparison unless asked]
 * [--poll-orders=10000] [--poll-warm-up=5000 (orders of a poll before the measured ones; 0 for none)]
 * [--poll-page-size=250]}
 *
 * <p>{@code --engine=cluster [--seconds=10] [--connections=64] [--warm-up=30]}: 1, 2 and 3 nodes on one
 * PostgreSQL database ({@link Cluster}).
 */
public final class Bench {

    static final String CLIENT_ID = "tributary-bench-app";
    static final String CLIENT_SECRET = "shpss_tributary_bench_secret";
    static final int INSTANCES = 4;
    static final int OPEN_LOOP_CONNECTIONS = 128;
    static final double[] OPEN_LOOP_SHARES = {0.25, 0.5, 1.0};
    /** The fixed rates of the end-to-end open loop; 50 % of the ingest maximum joins them. */
    static final double[] E2E_RATES = {100, 500, 1000};
    /** How long the slow callback takes to answer. */
    static final int SLOW_CALLBACK_MILLIS = 50;

    private final Map<String, String> options;
    private final String java;
    private final Path serverJar;
    private final Path fixture;
    private final Path out;
    private final double seconds;
    private final int connections;
    private final boolean quick;
    private final int startUpRounds;
    private final double warmUpSeconds;
    private final boolean onlyPolling;
    private final int pollOrders;
    private final int pollWarmUpOrders;
    private final int pollPageSize;
    private StartUp.Result startUpResult;

    private Bench(Map<String, String> options) {
        this.options = options;
        this.java = options.getOrDefault("java", Path.of(System.getProperty("java.home"), "bin", "java").toString());
        this.serverJar = Path.of(options.getOrDefault("server-jar", "tributary-server/target/tributary-server.jar")).toAbsolutePath();
        this.fixture = Path.of(options.getOrDefault("fixture",
                "tributary-server/src/test/resources/fixtures/shopify/orders_create.json"));
        this.out = Path.of(options.getOrDefault("out", "bench/results")).toAbsolutePath();
        this.seconds = Double.parseDouble(options.getOrDefault("seconds", "10"));
        this.connections = Integer.parseInt(options.getOrDefault("connections", "64"));
        this.quick = Boolean.parseBoolean(options.getOrDefault("quick", "false"));
        // Until the JIT has compiled the hot paths: after 10 s the compiler threads still took 0.3-0.5 ms
        // of CPU per webhook and the no-op ran at a third of its steady rate.
        this.warmUpSeconds = Double.parseDouble(options.getOrDefault("warm-up", "30"));
        String only = options.get("only");
        if (only != null && !only.equals("polling")) {
            throw new IllegalArgumentException("--only takes polling, not " + only);
        }
        this.onlyPolling = only != null;
        this.startUpRounds = Integer.parseInt(options.getOrDefault("start-rounds", onlyPolling ? "0" : quick ? "1" : "3"));
        this.pollOrders = Integer.parseInt(options.getOrDefault("poll-orders", "10000"));
        this.pollWarmUpOrders = Integer.parseInt(options.getOrDefault("poll-warm-up", "5000"));
        this.pollPageSize = Integer.parseInt(options.getOrDefault("poll-page-size", "250"));
    }

    /** Start-up of the plain jar against the README's {@code ./tributary} launcher, on a machine at rest. */
    private String startUp() throws Exception {
        Path work = out.resolve("start-up");
        Files.createDirectories(work);
        log("start-up", "the launcher's first start (extraction and training run), then " + startUpRounds
                + " round(s) of both starts");
        StartUp.Result result = StartUp.measure(java, serverJar, work, startUpRounds);
        startUpResult = result;
        String figures = String.format("java -jar: %,d ms (median of %s); ./tributary: %,d ms (median of %s);"
                + " its first start, training run included, %,d ms", result.plainMedian(), result.plainMillis(),
                result.launcherMedian(), result.launcherMillis(), result.trainingMillis());
        log("start-up", figures);
        return String.format("## Start-up (SQLite, production mode, empty data directory, -Xmx256m, %s)%n%n"
                + "| launch | process start to readiness 200 | target | met |%n|---|---|---|---|%n"
                + "| `java -jar tributary-server.jar` | %,d ms (rounds: %s) |  |  |%n"
                + "| `./tributary` (the README's run command; docs/configuration.md) | %,d ms (rounds: %s) | <= 3,000 ms | %s |%n"
                + "| `./tributary`, first start: extraction and training run included | %,d ms |  |  |%n",
                uptime(), result.plainMedian(), result.plainMillis(), result.launcherMedian(), result.launcherMillis(),
                result.launcherMedian() <= 3000 ? "yes" : "**no**", result.trainingMillis());
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (arg.startsWith("--") && arg.contains("=")) {
                options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else if (!arg.startsWith("--")) {
                options.put("engine", arg);
            }
        }
        Bench bench = new Bench(options);
        String engine = options.getOrDefault("engine", "both");
        if (engine.equals("cluster")) {
            bench.cluster();
            return;
        }
        List<String> engines = engine.equals("both") ? List.of("sqlite", "postgresql") : List.of(engine);
        Files.createDirectories(bench.out);
        String head = "# Tributary benchmark, " + Instant.now() + "\n\n" + Machine.describe(bench.java) + "\n";
        String startUp = "";
        List<Section> sections = new ArrayList<>();
        if (bench.startUpRounds > 0) {
            startUp = bench.startUp() + "\n";
            Files.writeString(bench.out.resolve("report.md"), head + startUp);
        }
        String report = head + startUp;
        for (String name : engines) {
            if (!name.equals("sqlite") && !name.equals("postgresql")) {
                throw new IllegalArgumentException("engine must be sqlite, postgresql or both, not " + name);
            }
            sections.add(bench.run(name));
            // The targets table heads the report, so the whole report is written again after each engine.
            StringBuilder whole = new StringBuilder(head).append(bench.targets(sections)).append(startUp);
            for (Section section : sections) {
                whole.append(section.markdown()).append("\n");
            }
            report = whole.toString();
            Files.writeString(bench.out.resolve("report.md"), report);
        }
        System.out.println("\n" + report);
        System.out.println("Report: " + bench.out.resolve("report.md"));
        System.exit(0);
    }

    /**
     * The cluster mode (issue 15): 1, 2 and 3 nodes on one PostgreSQL database; no start-up comparison,
     * no targets table.
     */
    private void cluster() throws Exception {
        Files.createDirectories(out);
        String head = "# Tributary benchmark, cluster, " + Instant.now() + "\n\n" + Machine.describe(java) + "\n";
        String report = head + new Cluster(java, serverJar, fixture, out, seconds, connections, warmUpSeconds).run()
                + "\nMachine load at the end: " + uptime() + ".\n";
        Files.writeString(out.resolve("report.md"), report);
        System.out.println("\n" + report);
        System.out.println("Report: " + out.resolve("report.md"));
        System.exit(0);
    }

    /** One engine's part of the report: its figures and its markdown section. */
    private record Section(String engine, Report report, String markdown) {
    }

    /**
     * The "Targets (issue 14)" tables: one per engine that measured ingest, and the cross-engine
     * ratio when both did; empty when none did (--only=polling).
     */
    private String targets(List<Section> sections) {
        StringBuilder md = new StringBuilder();
        Report sqlite = null;
        Report postgresql = null;
        for (Section section : sections) {
            if (section.report().get("ingestMax") == null) {
                continue;
            }
            md.append(section.report().targets(startUpResult)).append("\n");
            if (section.engine().equals("sqlite")) {
                sqlite = section.report();
            } else {
                postgresql = section.report();
            }
        }
        if (md.length() == 0) {
            return "";
        }
        if (sqlite != null && postgresql != null) {
            md.append(Report.crossEngine(sqlite, postgresql)).append("\n");
        }
        return "## Targets (issue 14)\n\nThis run's figure beside each target; a figure in bold misses its target "
                + "(\"report\": no target, the figure is reported). Each comes from the sections below.\n\n" + md;
    }

    private Section run(String engine) throws Exception {
        Path work = out.resolve(engine);
        Files.createDirectories(work);
        Path dataDir = Files.createTempDirectory("tributary-bench-" + engine + "-");
        Report report = new Report(engine);
        String database = null;
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_DATA_DIR", dataDir.toString());
        environment.put("TRIBUTARY_MODE", "production");
        environment.put("TRIBUTARY_CALLBACK_ALLOW", "127.0.0.0/8");
        environment.put("TRIBUTARY_BENCH_NOOP", "true");
        if (engine.equals("postgresql")) {
            database = "tributary_bench_" + System.currentTimeMillis();
            Postgres.create(database, null);
            environment.put("TRIBUTARY_DATABASE_URL", Postgres.url(database));
            environment.put("TRIBUTARY_DATABASE_USERNAME", "postgres");
        }
        log(engine, "data in " + dataDir + (database == null ? "" : ", database " + database));
        byte[] order = Files.readAllBytes(fixture);
        try (ShopifyEmulator emulator = ShopifyEmulator.start(); Receiver receiver = new Receiver()) {
            emulator.state().createApp(CLIENT_ID, CLIENT_SECRET, "Tributary bench", null);
            for (int i = 0; i < 3 * INSTANCES; i++) {
                emulator.state().createShop("bench" + i);
            }
            environment.put("TRIBUTARY_SHOPIFY_BASE_URL", emulator.shopBaseUrlTemplate());
            ServerProcess server = ServerProcess.start(java, serverJar, "256m", work.resolve("server.log"), environment);
            try {
                report.put("start", server.readyMillis);
                log(engine, "server pid " + server.process.pid() + " ready in " + server.readyMillis + " ms");
                Api api = new Api(server.baseUrl(), credentials(dataDir.resolve("bootstrap-credentials")));
                List<Webhooks.Target> ingestTargets = new ArrayList<>();
                List<Webhooks.Target> e2eTargets = new ArrayList<>();
                List<Webhooks.Target> slowTargets = new ArrayList<>();
                // 4 instances each: ingest (callback 410), end to end (answers at once), slow (answers after 50 ms).
                List<List<Webhooks.Target>> kinds = List.of(ingestTargets, e2eTargets, slowTargets);
                List<String> callbacks = List.of("/gone", "/ok", "/slow");
                for (int i = 0; i < 3 * INSTANCES; i++) {
                    String shop = "bench" + i;
                    api.createInstance(emulator, shop, receiver.url(callbacks.get(i / INSTANCES)));
                    Subscription subscription = emulator.state().shop(shop).orElseThrow().subscriptions().values()
                            .iterator().next();
                    String path = URI.create(subscription.address()).getRawPath();
                    kinds.get(i / INSTANCES).add(new Webhooks.Target(path, CLIENT_SECRET,
                            emulator.state().shop(shop).orElseThrow().domain()));
                }
                String host = "127.0.0.1:" + server.port;
                Webhooks ingest = new Webhooks(order, host, ingestTargets, null);
                Webhooks noop = ingest.to("/bench/noop", order);
                Webhooks e2e = new Webhooks(order, host, e2eTargets, null);
                Webhooks slow = new Webhooks(order, host, slowTargets, null);
                report.put("bodySizes", ingest.sizes());
                report.put("bodyMean", ingest.meanSize());
                log(engine, INSTANCES + " ingest, " + INSTANCES + " end-to-end and " + INSTANCES
                        + " slow-callback instances; bodies " + ingest.sizes() + String.format(", mean %.0f bytes", ingest.meanSize()));
                Load.Target ingestTarget = new Load.Target("127.0.0.1", server.port, ingest::request, true, null);
                Load.Target noopTarget = new Load.Target("127.0.0.1", server.port, noop::request, false, null);
                Load.Target e2eTarget = new Load.Target("127.0.0.1", server.port, e2e::request, true, receiver::sending);
                Load.Target slowTarget = new Load.Target("127.0.0.1", server.port, slow::request, true, null);

                // The ingest instances' callback answers 410: the server deactivates it, and from then on
                // stores each webhook's delivery as queued, so the ingest runs measure storing alone.
                Load.closed("deactivate callback", ingestTarget, 1, 0.05);
                for (int i = 0; i < 100 && receiver.gone.get() == 0; i++) {
                    Thread.sleep(100);
                }
                Thread.sleep(1500);

                // The recording runs from before the warm-up to the end: started in the middle of a run, it
                // instruments I/O classes, which throws away compiled code, and the run after it measured
                // a fraction of the rate (536/s before, 63/s just after JFR.start, on the loaded machine).
                server.jcmd(java, "JFR.start", "name=bench", "settings=default");
                if (onlyPolling) {
                    // The recording runs here too, so these figures compare with the full run's.
                    log(engine, "warming up ingest (" + uptime() + ")");
                    Load.closed("warm-up ingest", ingestTarget, connections, warmUpSeconds);
                    String markdown = String.format("## %s, polling only%n%n", engine.equals("sqlite") ? "SQLite" : "PostgreSQL")
                            + Polling.markdown(polling(engine, emulator, api, server, receiver, order, ingestTarget),
                                    connections)
                            + "\nMachine load at the end: " + uptime() + ".\n";
                    Files.writeString(work.resolve("report.md"), markdown);
                    return new Section(engine, report, markdown);
                }
                // Each endpoint is measured right after its own warm-up, the no-op first. Switching from one to
                // the other sends the JIT back to work on their shared paths (filters, MVC, Tomcat): measured
                // after the no-op, the ingest runs spent up to 0.4 ms of compiler CPU per webhook.
                // A cold JVM first: ingest exercises every path the no-op takes and more.
                log(engine, "warming up the server (" + uptime() + ")");
                Load.closed("warm-up ingest", ingestTarget, connections, warmUpSeconds);
                log(engine, "warming up the no-op (" + uptime() + ")");
                Load.closed("warm-up no-op", noopTarget, connections, warmUpSeconds / 2);
                log(engine, "no-op: closed loop, " + connections + " connections (" + uptime() + ")");
                MaxRun noopRun = maxRun(engine, "no-op max", noopTarget, server);
                Load.Result noopMax = noopRun.result();
                report.put("noopCpu", noopRun.cores());
                if (!quick) {
                    log(engine, "no-op: open loop (" + uptime() + ")");
                    openLoop(engine, report, "no-op", "noopOpen", noopTarget, noopMax.rate());
                }

                log(engine, "warming up ingest (" + uptime() + ")");
                Load.closed("warm-up ingest", ingestTarget, connections, warmUpSeconds);
                log(engine, "ingest: closed loop, " + connections + " connections (" + uptime() + ")");
                Prometheus before = Prometheus.scrape(server.baseUrl());
                report.heapSeen(before);
                // Bytes written during the run: on PostgreSQL the WAL's advance (pg_current_wal_lsn), on
                // SQLite everything the server process wrote to storage (/proc/<pid>/io: WAL, checkpoints, log).
                String lsnBefore = engine.equals("postgresql") ? Postgres.walLsn() : null;
                long logBefore = Files.size(server.log);
                long writtenBefore = server.writeBytes();
                MaxRun ingestRun = maxRun(engine, "ingest max", ingestTarget, server);
                long writtenAfter = server.writeBytes();
                double walBytes = lsnBefore != null ? Postgres.walBytesSince(lsnBefore)
                        : writtenBefore < 0 || writtenAfter < 0 ? Double.NaN : writtenAfter - writtenBefore;
                long logBytes = Files.size(server.log) - logBefore;
                Load.Result ingestMax = ingestRun.result();
                report.put("walBytes", walBytes);
                report.put("walLogBytes", (double) logBytes);
                log(engine, String.format("%s during max ingest: %,.0f bytes, %,.0f per stored webhook (%.2f x the mean body);"
                        + " the server's log grew %,d bytes", lsnBefore != null ? "WAL (pg_wal_lsn_diff)" : "process write_bytes",
                        walBytes, walBytes / Math.max(1, ingestMax.ok()), walBytes / Math.max(1, ingestMax.ok()) / ingest.meanSize(),
                        logBytes));
                report.put("ingestCpu", ingestRun.cores());
                report.put("cpuByThread", cpuByThreadTable(noopRun.microsByThreadKind(), ingestRun.microsByThreadKind()));
                Path jfr = work.resolve("ingest.jfr");
                server.jcmd(java, "JFR.dump", "name=bench", "filename=" + jfr,
                        "begin=-" + (long) Math.ceil(ingestMax.seconds()) + "s");
                report.put("heapPeakJfr", Profile.heapPeakBytes(jfr) / 1048576.0);
                Prometheus after = Prometheus.scrape(server.baseUrl());
                report.heapSeen(after);
                report.put("uptimeIngest", uptime());
                double commits = after.sum("tributary_ingest_batch_size_count") - before.sum("tributary_ingest_batch_size_count");
                double batched = after.sum("tributary_ingest_batch_size_sum") - before.sum("tributary_ingest_batch_size_sum");
                double meanBatch = commits == 0 ? 1 : batched / commits;
                report.put("meanBatch", meanBatch);
                report.put("heapAfterIngest", after.sum("jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
                report.put("rssAfterIngest", server.statusMiB("VmRSS"));
                report.put("noopMax", noopMax);
                report.put("ingestMax", ingestMax);
                double[] noopCpu = (double[]) report.get("noopCpu");
                double[] ingestCpu = (double[]) report.get("ingestCpu");
                log(engine, String.format("mean group commit %.1f webhooks; server RSS %.0f MiB; server CPU %.2f cores"
                        + " (%.0f us per webhook; no-op %.2f cores, %.0f us per request); generator %.2f cores", meanBatch,
                        server.statusMiB("VmRSS"), ingestCpu[0], 1e6 * ingestCpu[0] / ingestMax.rate(), noopCpu[0],
                        1e6 * noopCpu[0] / noopMax.rate(), ingestCpu[1]));
                if (quick) {
                    String profile = Profile.summarize(jfr, 15);
                    Files.writeString(work.resolve("profile.txt"), profile);
                    report.put("skipped", "--quick=true");
                    String markdown = String.format("## %s (quick)%n%nno-op %,.0f/s, ingest %,.0f/s (%.0f %%), ingest p50 %.2f ms p99 %.2f ms,"
                            + " mean group commit %.1f, %s%n%n%s%n```%n%s```%n", engine, noopMax.rate(), ingestMax.rate(),
                            100 * ingestMax.rate() / noopMax.rate(), ingestMax.p(50), ingestMax.p(99), meanBatch,
                            report.get("uptimeIngest"), report.get("cpuByThread"), profile);
                    Files.writeString(work.resolve("report.md"), "## Targets (issue 14)\n\n" + report.targets(startUpResult) + "\n" + markdown);
                    return new Section(engine, report, markdown);
                }

                log(engine, "ingest: open loop (" + uptime() + ")");
                openLoop(engine, report, "ingest", "ingestOpen", ingestTarget, ingestMax.rate());

                // Delivery's own paths (the HTTP client, signing, recording outcomes) are cold after the ingest
                // runs: unwarmed, the JIT compiled them during the measured run, at 244 us of CPU per webhook.
                log(engine, "warming up end to end (" + uptime() + ")");
                long warmDelivered0 = receiver.delivered.get();
                Load.Result warm = Load.closed("warm-up e2e", e2eTarget, connections, warmUpSeconds / 2);
                long warmDeadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (receiver.delivered.get() - warmDelivered0 < warm.ok() && System.nanoTime() < warmDeadline) {
                    Thread.sleep(20);
                }
                log(engine, "end to end (" + uptime() + ")");
                long delivered0 = receiver.delivered.get();
                Map<String, Double> e2eThreadsBefore = server.cpuSecondsByThreadKind();
                double e2eServerCpu = server.cpuSeconds();
                double e2eOwnCpu = ServerProcess.cpuSeconds(ProcessHandle.current().pid());
                long e2eStart = System.nanoTime();
                Load.Result e2eMax = show(engine, Load.closed("e2e ingest max", e2eTarget, connections, seconds));
                long deliveredInWindow = receiver.delivered.get() - delivered0;
                long deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (receiver.delivered.get() - delivered0 < e2eMax.ok() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double drained = (System.nanoTime() - e2eStart) / 1e9;
                long deliveredAll = receiver.delivered.get() - delivered0;
                // Where the time of a webhook taken in and delivered goes: CPU by kind of server thread over the
                // run and its drain, the generator's (which also runs the receiver), and a JFR window of it.
                Map<String, Double> e2eThreads = new TreeMap<>();
                server.cpuSecondsByThreadKind().forEach((kind, cpu) -> e2eThreads.put(kind,
                        1e6 * Math.max(0, cpu - e2eThreadsBefore.getOrDefault(kind, 0.0)) / Math.max(1, deliveredAll)));
                double e2eServerMicros = 1e6 * (server.cpuSeconds() - e2eServerCpu) / Math.max(1, deliveredAll);
                double e2eGeneratorMicros = 1e6 * (ServerProcess.cpuSeconds(ProcessHandle.current().pid()) - e2eOwnCpu)
                        / Math.max(1, deliveredAll);
                report.put("e2eCpuByThread", e2eCpuTable(e2eThreads, e2eServerMicros, e2eGeneratorMicros));
                Path e2eJfr = work.resolve("e2e.jfr");
                server.jcmd(java, "JFR.dump", "name=bench", "filename=" + e2eJfr, "begin=-" + (long) Math.ceil(drained) + "s");
                String e2eProfile = Profile.summarize(e2eJfr, 15);
                Files.writeString(work.resolve("profile-e2e.txt"), e2eProfile);
                report.put("e2eProfile", e2eProfile);
                report.put("e2eMax", e2eMax);
                report.put("e2eDeliveredRate", deliveredAll / drained);
                report.put("e2eDeliveredInWindowRate", deliveredInWindow / e2eMax.seconds());
                report.put("e2eDrainSeconds", drained);
                log(engine, String.format("delivered %d of %d in %.1f s: %.0f/s (%.0f/s during the load)",
                        deliveredAll, e2eMax.ok(), drained, deliveredAll / drained, deliveredInWindow / e2eMax.seconds()));

                report.put("uptimeE2e", uptime());
                // Open loops from the lowest rate up, each drained (30 s at most) before the next.
                List<Map.Entry<String, Double>> rates = new ArrayList<>();
                for (double rate : E2E_RATES) {
                    rates.add(Map.entry(Report.e2eKey(rate), rate));
                }
                rates.add(Map.entry(Report.E2E_HALF, ingestMax.rate() / 2));
                rates.sort(Map.Entry.comparingByValue());
                for (Map.Entry<String, Double> rate : rates) {
                    report.put(rate.getKey(), e2eOpen(engine, report, server, receiver, e2eTarget, rate.getValue(),
                            rate.getKey().equals(Report.E2E_HALF)));
                }

                log(engine, "end to end, callback answering after " + SLOW_CALLBACK_MILLIS + " ms (" + uptime() + ")");
                receiver.slowMillis = SLOW_CALLBACK_MILLIS;
                long slow0 = receiver.slowDelivered.get();
                long slowStart = System.nanoTime();
                Load.Result slowMax = show(engine, Load.closed("e2e ingest max, 50 ms callback", slowTarget, connections,
                        seconds));
                deadline = System.nanoTime() + Duration.ofSeconds(45).toNanos();
                while (receiver.slowDelivered.get() - slow0 < slowMax.ok() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                double slowSeconds = (System.nanoTime() - slowStart) / 1e9;
                long slowDelivered = receiver.slowDelivered.get() - slow0;
                report.put("slowMax", slowMax);
                report.put("slowDeliveredRate", slowDelivered / slowSeconds);
                report.put("slowLeft", slowMax.ok() - slowDelivered);
                log(engine, String.format("50 ms callback: delivered %d of %d in %.1f s: %.0f/s", slowDelivered,
                        slowMax.ok(), slowSeconds, slowDelivered / slowSeconds));
                // Whatever is left goes at once, so the sections after this one start without a backlog.
                receiver.slowMillis = 0;
                deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (receiver.slowDelivered.get() - slow0 < slowMax.ok() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                report.put("uptimeSlow", uptime());

                Prometheus last = Prometheus.scrape(server.baseUrl());
                report.heapSeen(last);
                report.put("heapUsed", last.sum("jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0);
                report.put("heapCommitted", last.sum("jvm_memory_committed_bytes", "area=\"heap\"") / 1048576.0);
                report.put("nonHeapUsed", last.sum("jvm_memory_used_bytes", "area=\"nonheap\"") / 1048576.0);
                report.put("rss", server.statusMiB("VmRSS"));
                report.put("rssPeak", server.statusMiB("VmHWM"));

                String profile = Profile.summarize(jfr, 15);
                Files.writeString(work.resolve("profile.txt"), profile);
                report.put("profile", profile);

                // Last: its 10,000 notifications would change the footprint figures above.
                report.put("polling", Polling.markdown(polling(engine, emulator, api, server, receiver, order, ingestTarget),
                        connections));
                report.heapSeen(Prometheus.scrape(server.baseUrl()));
            } finally {
                server.close();
            }
            log(engine, "durable writes baseline (" + uptime() + ")");
            report.put("raw", rawBaseline(engine, dataDir, database, (double) report.get("meanBatch")));
            report.put("uptimeRaw", uptime());
        } finally {
            if (database != null) {
                Postgres.drop(database);
                Postgres.drop(database + "_raw");
            }
            deleteTree(dataDir);
        }
        String markdown = report.markdown(seconds, connections);
        Files.writeString(work.resolve("report.md"), "## Targets (issue 14)\n\n" + report.targets(startUpResult) + "\n" + markdown);
        return new Section(engine, report, markdown);
    }

    /**
     * An end-to-end open loop at {@code rate}: latency from each webhook's intended send time to its
     * notification reaching the receiver; waits up to 30 s for the rest, and counts what is still
     * missing then at the time it has waited so far.
     */
    private Report.E2eOpen e2eOpen(String engine, Report report, ServerProcess server, Receiver receiver,
            Load.Target target, double rate, boolean half) throws Exception {
        String label = String.format("%,.0f/s", rate) + (half ? " (50 % of ingest max)" : "");
        log(engine, "end to end, open loop at " + label + " (" + uptime() + ")");
        Prometheus before = Prometheus.scrape(server.baseUrl());
        receiver.track(true);
        Load.Result run = show(engine, Load.open(String.format("e2e at %.0f/s", rate), target, rate, seconds,
                OPEN_LOOP_CONNECTIONS));
        long drainStart = System.nanoTime();
        long deadline = drainStart + Duration.ofSeconds(30).toNanos();
        // A request that failed was never stored: nothing will come for it.
        while (receiver.pending() > run.failed() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double drained = (System.nanoTime() - drainStart) / 1e9;
        Histogram latency = receiver.track(false);
        Prometheus after = Prometheus.scrape(server.baseUrl());
        report.heapSeen(after);
        Report.E2eOpen result = new Report.E2eOpen(label, run, latency, receiver.undelivered, drained,
                Prometheus.percentile(before, after, "tributary_delivery_latency_seconds", 50),
                Prometheus.percentile(before, after, "tributary_delivery_latency_seconds", 99));
        log(engine, String.format("e2e latency sent->callback at %s: p50 %.2f ms p99 %.2f ms p99.9 %.2f ms (n=%d; drained in %.1f s)",
                label, latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99) / 1000.0,
                latency.getValueAtPercentile(99.9) / 1000.0, latency.getTotalCount(), drained)
                + (receiver.undelivered > 0 ? "; " + receiver.undelivered + " not delivered after 30 s, counted at their wait so far" : ""));
        return result;
    }

    private Polling.Result polling(String engine, ShopifyEmulator emulator, Api api, ServerProcess server,
            Receiver receiver, byte[] order, Load.Target ingestTarget) throws Exception {
        return new Polling(engine, emulator, api, server, receiver.url("/gone"), order, pollPageSize)
                .run(pollOrders, pollWarmUpOrders, ingestTarget, connections, seconds);
    }

    private RawInsert.Result rawBaseline(String engine, Path dataDir, String database, double meanBatch) throws Exception {
        int batch = Math.max(1, (int) Math.round(meanBatch));
        long max = Long.parseLong(options.getOrDefault("raw-webhooks", "20000"));
        RawInsert.Result result;
        if (engine.equals("sqlite")) {
            Path raw = dataDir.resolve("raw.db");
            try (Connection source = RawInsert.sqlite(dataDir.resolve("tributary.db")); Connection target = RawInsert.sqlite(raw)) {
                copySchema(source, target, raw);
                result = RawInsert.run(source, target, batch, max);
            }
        } else {
            Postgres.create(database + "_raw", database);
            try (Connection source = Postgres.connect(database); Connection target = Postgres.connect(database + "_raw")) {
                RawInsert.empty(target);
                result = RawInsert.run(source, target, batch, max);
            }
        }
        log(engine, String.format("raw JDBC: %d rows of %d webhooks in %.2f s: %.0f rows/s (batches of %d webhooks)",
                result.rows(), result.webhooks(), result.seconds(), result.rowsPerSecond(), batch));
        return result;
    }

    /** The server's schema, with the rows of every table but the event tables, into a new SQLite file. */
    private static void copySchema(Connection source, Connection target, Path targetFile) throws Exception {
        List<String[]> objects = new ArrayList<>();
        try (Statement statement = source.createStatement();
                ResultSet rs = statement.executeQuery("SELECT type, name, sql FROM sqlite_master"
                        + " WHERE sql IS NOT NULL AND name NOT LIKE 'sqlite_%' ORDER BY rowid")) {
            while (rs.next()) {
                objects.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
            }
        }
        List<String> events = List.of("received_webhooks", "notifications", "deliveries", "delivery_attempts");
        try (Statement statement = target.createStatement()) {
            for (String[] object : objects) {
                statement.execute(object[2]);
            }
        }
        try (Statement statement = source.createStatement()) {
            statement.execute("ATTACH DATABASE '" + targetFile + "' AS raw");
            for (String[] object : objects) {
                if (object[0].equals("table") && !events.contains(object[1])) {
                    statement.executeUpdate("INSERT INTO raw." + object[1] + " SELECT * FROM main." + object[1]);
                }
            }
            statement.execute("DETACH DATABASE raw");
        }
    }

    private static Load.Result show(String engine, Load.Result result) {
        log(engine, result.line());
        return result;
    }

    static void log(String engine, String message) {
        System.out.println("[" + engine + "] " + message);
    }

    static String uptime() {
        try {
            String[] load = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return "load " + load[0] + " " + load[1] + " " + load[2];
        } catch (Exception e) {
            return "load ?";
        }
    }

    static String[] credentials(Path file) throws Exception {
        Properties properties = new Properties();
        try (var reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return new String[] {properties.getProperty("TRIBUTARY_USER_SECRET"), properties.getProperty("TRIBUTARY_ORGANIZATION_SECRET")};
    }

    static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (Exception e) {
            // best effort
        }
    }

    /** The API calls the benchmark makes to set up. */
    static final class Api {

        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .followRedirects(HttpClient.Redirect.NEVER).build();
        private final String baseUrl;
        private final String authorization;

        Api(String baseUrl, String[] credentials) {
            this.baseUrl = baseUrl;
            this.authorization = "User " + credentials[0] + ", Organization " + credentials[1];
        }

        /** Connects an instance to the shop with a fresh OAuth code, subscribed to orders/create. */
        long createInstance(ShopifyEmulator emulator, String shop, String callback) throws Exception {
            String code = authorizationCode(emulator, shop);
            return create(Map.of(
                    "element", Map.of("key", "shopify"),
                    "providerData", Map.of("code", code, "shop", shop),
                    "configuration", Map.of("oauth.api.key", CLIENT_ID, "oauth.api.secret", CLIENT_SECRET,
                            "event.notification.enabled", "true", "shopify.webhook.topics", Webhooks.TOPIC,
                            "event.notification.callback.url", callback),
                    "name", "Bench " + shop, "tags", List.of("bench")));
        }

        /**
         * Connects a polling instance to the shop: its orders every {@code pageSize} per Shopify call,
         * its first poll (due at once) reaching back {@code pollDelaySeconds} before the instance was
         * saved, the next one not for a week.
         */
        long createPollingInstance(ShopifyEmulator emulator, String shop, String callback, int pageSize,
                long pollDelaySeconds) throws Exception {
            String code = authorizationCode(emulator, shop);
            Map<String, Object> orders = Map.of(
                    "url", "/hubs/ecommerce/orders?where=updated_at_min='${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}'",
                    "idField", "id",
                    "datesConfiguration", Map.of("updatedDateField", "updated_at", "createdDateField", "created_at"),
                    "createdCheckTolerance", 1, "pageSize", pageSize, "pollDelay", pollDelaySeconds);
            return create(Map.of(
                    "element", Map.of("key", "shopify"),
                    "providerData", Map.of("code", code, "shop", shop),
                    "configuration", Map.of("oauth.api.key", CLIENT_ID, "oauth.api.secret", CLIENT_SECRET,
                            "event.notification.enabled", "true", "event.vendor.type", "polling",
                            "event.poller.refresh_interval", "10080", "event.poller.configuration", Map.of("orders", orders),
                            "event.notification.callback.url", callback),
                    "name", "Bench polling " + shop, "tags", List.of("bench")));
        }

        /** Changes an instance's configuration ({@code PATCH}), as a user would. */
        void configure(long instanceId, Map<String, String> configuration) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                    URI.create(baseUrl + "/elements/api-v2/instances/" + instanceId))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .method("PATCH", HttpRequest.BodyPublishers.ofString(Webhooks.write(Map.of("configuration", configuration))))
                    .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("changing instance " + instanceId + " answered " + response.statusCode()
                        + ": " + response.body());
            }
        }

        private long create(Map<String, Object> instance) throws Exception {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/elements/api-v2/instances"))
                    .header("Authorization", authorization).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Webhooks.write(instance))).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("creating an instance answered " + response.statusCode() + ": " + response.body());
            }
            return Webhooks.parse(response.body()).get("id").asLong();
        }

        private String authorizationCode(ShopifyEmulator emulator, String shop) throws Exception {
            URI authorize = URI.create(emulator.shopUrl(shop) + "/admin/oauth/authorize?client_id=" + CLIENT_ID
                    + "&scope=write_orders&redirect_uri=https://bench.example.com/callback&state=bench");
            HttpResponse<Void> response = http.send(HttpRequest.newBuilder(authorize).build(),
                    HttpResponse.BodyHandlers.discarding());
            String location = response.headers().firstValue("Location").orElseThrow(
                    () -> new IllegalStateException("authorize answered " + response.statusCode()));
            for (String pair : URI.create(location).getRawQuery().split("&")) {
                if (pair.startsWith("code=")) {
                    return URLDecoder.decode(pair.substring(5), StandardCharsets.UTF_8);
                }
            }
            throw new IllegalStateException("no code in " + location);
        }
    }

    /** The PostgreSQL server the bench creates fresh databases on. */
    static final class Postgres {

        static String url(String database) {
            return "jdbc:postgresql://" + System.getenv().getOrDefault("BENCH_PG_HOST", "127.0.0.1:5432") + "/" + database;
        }

        static Connection connect(String database) throws Exception {
            return DriverManager.getConnection(url(database), "postgres", System.getenv().getOrDefault("BENCH_PG_PASSWORD", ""));
        }

        static void create(String database, String template) throws Exception {
            try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("CREATE DATABASE " + database
                        + (template == null ? "" : " TEMPLATE " + template + " STRATEGY FILE_COPY"));
            }
        }

        /** The cluster's current write-ahead log position. */
        static String walLsn() throws Exception {
            try (Connection connection = connect("postgres"); Statement statement = connection.createStatement();
                    ResultSet rs = statement.executeQuery("SELECT pg_current_wal_lsn()::text")) {
                rs.next();
                return rs.getString(1);
            }
        }

        /** Bytes of write-ahead log the whole cluster has written since {@code lsn}. */
        static double walBytesSince(String lsn) throws Exception {
            try (Connection connection = connect("postgres");
                    java.sql.PreparedStatement statement = connection.prepareStatement(
                            "SELECT pg_wal_lsn_diff(pg_current_wal_lsn(), ?::pg_lsn)")) {
                statement.setString(1, lsn);
                try (ResultSet rs = statement.executeQuery()) {
                    rs.next();
                    return rs.getDouble(1);
                }
            }
        }

        static void drop(String database) {
            try (Connection admin = connect("postgres"); Statement statement = admin.createStatement()) {
                statement.execute("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            } catch (Exception e) {
                System.err.println("could not drop " + database + ": " + e);
            }
        }
    }

    /** A closed-loop maximum, with the server's and the generator's CPU (cores) and the server's by thread kind. */
    private record MaxRun(Load.Result result, double[] cores, Map<String, Double> microsByThreadKind) {
    }

    private MaxRun maxRun(String engine, String name, Load.Target target, ServerProcess server) throws Exception {
        long self = ProcessHandle.current().pid();
        double serverCpu = server.cpuSeconds();
        double ownCpu = ServerProcess.cpuSeconds(self);
        Map<String, Double> threadsBefore = server.cpuSecondsByThreadKind();
        Load.Result result = show(engine, Load.closed(name, target, connections, seconds));
        Map<String, Double> threads = perRequestMicros(threadsBefore, server.cpuSecondsByThreadKind(), result);
        double[] cores = {(server.cpuSeconds() - serverCpu) / result.seconds(),
                (ServerProcess.cpuSeconds(self) - ownCpu) / result.seconds()};
        return new MaxRun(result, cores, threads);
    }

    /** Open-loop runs at each share of the maximum rate, stored as {@code <key><percent>}. */
    private void openLoop(String engine, Report report, String label, String key, Load.Target target, double maxRate)
            throws Exception {
        for (double share : OPEN_LOOP_SHARES) {
            int percent = (int) (share * 100);
            report.put(key + percent, show(engine, Load.open(label + " at " + percent + "%", target, maxRate * share,
                    seconds, OPEN_LOOP_CONNECTIONS)));
        }
    }

    /** Server CPU per request of a run, in microseconds, by kind of thread. */
    private static Map<String, Double> perRequestMicros(Map<String, Double> before, Map<String, Double> after,
            Load.Result run) {
        Map<String, Double> micros = new TreeMap<>();
        after.forEach((kind, seconds) -> micros.put(kind,
                1e6 * Math.max(0, seconds - before.getOrDefault(kind, 0.0)) / Math.max(1, run.ok() + run.failed())));
        return micros;
    }

    private static String e2eCpuTable(Map<String, Double> threads, double serverMicros, double generatorMicros) {
        StringBuilder md = new StringBuilder("Server CPU per webhook taken in and delivered, end to end closed loop and "
                + "its drain, by kind of thread (/proc/<pid>/task), in microseconds, of which in the kernel:\n\n"
                + "| threads | per delivered webhook |\n|---|---|\n");
        for (String kind : threads.keySet()) {
            if (!kind.endsWith(ServerProcess.KERNEL)) {
                md.append(String.format("| %s | %.0f (%.0f) |%n", kind, threads.get(kind),
                        threads.getOrDefault(kind + ServerProcess.KERNEL, 0.0)));
            }
        }
        return md.append(String.format("| server process total | %.0f |%n| generator process (load, emulator, receiver) | %.0f |%n",
                serverMicros, generatorMicros)).toString();
    }

    private static String cpuByThreadTable(Map<String, Double> noop, Map<String, Double> ingest) {
        StringBuilder md = new StringBuilder("Server CPU per request by kind of thread (/proc/<pid>/task; "
                + "includes GC, JIT and kernel time, which JFR's samples miss), in microseconds, "
                + "of which in the kernel:\n\n"
                + "| threads | no-op, per request | ingest, per webhook |\n|---|---|---|\n");
        Set<String> kinds = new TreeSet<>(noop.keySet());
        kinds.addAll(ingest.keySet());
        kinds.removeIf(kind -> kind.endsWith(ServerProcess.KERNEL));
        double[] totals = new double[4];
        for (String kind : kinds) {
            double[] row = {noop.getOrDefault(kind, 0.0), noop.getOrDefault(kind + ServerProcess.KERNEL, 0.0),
                    ingest.getOrDefault(kind, 0.0), ingest.getOrDefault(kind + ServerProcess.KERNEL, 0.0)};
            for (int i = 0; i < row.length; i++) {
                totals[i] += row[i];
            }
            md.append(String.format("| %s | %.0f (%.0f) | %.0f (%.0f) |%n", kind, row[0], row[1], row[2], row[3]));
        }
        return md.append(String.format("| total | %.0f (%.0f) | %.0f (%.0f) |%n", totals[0], totals[1], totals[2],
                totals[3])).toString();
    }
}
