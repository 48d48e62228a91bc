package dev.tributary.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.HdrHistogram.Histogram;

/**
 * One engine's figures, as a markdown section with each target and whether it was met, and as the
 * engine's table of the issue 14 targets.
 */
final class Report {

    /** The key of the end-to-end open loop at 50 % of the ingest maximum. */
    static final String E2E_HALF = "e2eHalf";

    /**
     * An end-to-end open loop: the run, latency from each webhook's intended send time to its
     * notification reaching the receiver, how many were still missing when it stopped waiting, how
     * long the drain took, and the server's received -> acknowledged timer (bucket bounds, seconds).
     */
    record E2eOpen(String label, Load.Result run, Histogram latency, int undelivered, double drainSeconds,
            double serverP50, double serverP99) {

        double p(double percentile) {
            return latency.getValueAtPercentile(percentile) / 1000.0;
        }

        /** p99 in ms, with what it rests on. */
        String p99() {
            return String.format("%s (p50 %s, p99.9 %s; n=%,d%s)", Report.ms(p(99)), Report.ms(p(50)), Report.ms(p(99.9)),
                    latency.getTotalCount(), undelivered == 0 ? ""
                            : "; " + undelivered + " undelivered 30 s after the run, counted at their wait so far");
        }
    }

    private final String engine;
    private final Map<String, Object> values = new HashMap<>();

    Report(String engine) {
        this.engine = engine;
    }

    /** The key of the end-to-end open loop at a fixed rate. */
    static String e2eKey(double rate) {
        return "e2e" + (long) rate;
    }

    /** Keeps the most heap in use any scrape has shown. */
    void heapSeen(Prometheus scrape) {
        double used = scrape.sum("jvm_memory_used_bytes", "area=\"heap\"") / 1048576.0;
        values.merge("heapPeakScraped", used, (a, b) -> Math.max((Double) a, (Double) b));
        values.merge("heapScrapes", 1, (a, b) -> (Integer) a + (Integer) b);
    }

    private boolean has(String key) {
        return values.get(key) != null;
    }

    private String title() {
        return engine.equals("sqlite") ? "SQLite" : "PostgreSQL";
    }

    void put(String key, Object value) {
        values.put(key, value);
    }

    Object get(String key) {
        return values.get(key);
    }

    private Load.Result result(String key) {
        return (Load.Result) values.get(key);
    }

    private double number(String key) {
        return ((Number) values.get(key)).doubleValue();
    }

    String markdown(double seconds, int connections) {
        Load.Result ingest = result("ingestMax");
        Load.Result noop = result("noopMax");
        Load.Result e2eMax = result("e2eMax");
        RawInsert.Result raw = (RawInsert.Result) values.get("raw");
        double rowsPerWebhook = raw.webhooks() == 0 ? 3 : (double) raw.rows() / raw.webhooks();
        double storeRows = ingest.rate() * rowsPerWebhook;
        StringBuilder md = new StringBuilder();
        md.append("## ").append(engine.equals("sqlite") ? "SQLite" : "PostgreSQL").append("\n\n");
        md.append(String.format("Bodies %s (mean %.0f); %d ingest + %d end-to-end + %d slow-callback instances; closed loop %d "
                + "connections, %.0f s per run; open loop up to %d connections.%n%n", values.get("bodySizes"),
                number("bodyMean"), Bench.INSTANCES, Bench.INSTANCES, Bench.INSTANCES, connections, seconds,
                Bench.OPEN_LOOP_CONNECTIONS));
        md.append("| figure | measured | target | met |\n|---|---|---|---|\n");
        row(md, "ingest, max rate (closed loop, stored)", String.format("%,.0f/s", ingest.rate()), ">= 6,000/s",
                ingest.rate() >= 6_000);
        row(md, "no-op endpoint, max rate (closed loop)", String.format("%,.0f/s", noop.rate()), "", null);
        row(md, "ingest / no-op", percent(ingest.rate() / noop.rate(), 0.5), ">= 50 %",
                ingest.rate() >= 0.5 * noop.rate());
        Load.Result half = result("ingestOpen50");
        row(md, "ingest p99 at 50 % of max (open loop)", String.format("%.2f ms at %,.0f/s", half.p(99), half.offeredRate()),
                "<= 15 ms", half.p(99) <= 15);
        double delivered = number("e2eDeliveredRate");
        row(md, "end to end, delivered rate (closed-loop ingest until all delivered)",
                String.format("%,.0f/s (%s of ingest max; %,.0f/s ingested meanwhile)", delivered,
                        percent(delivered / ingest.rate(), 0.8), e2eMax.rate()),
                ">= 80 % of ingest", delivered >= 0.8 * ingest.rate());
        for (E2eOpen e2e : e2eRuns()) {
            boolean at1000 = e2e == values.get(e2eKey(1000));
            boolean atHalf = e2e == values.get(E2E_HALF);
            row(md, "end to end p99 at " + e2e.label() + ", sent -> callback received", e2e.p99(),
                    at1000 ? "<= 50 ms" : atHalf ? "<= 100 ms" : "",
                    at1000 ? Boolean.valueOf(met(e2e, 50)) : atHalf ? Boolean.valueOf(met(e2e, 100)) : null);
        }
        for (E2eOpen e2e : e2eRuns()) {
            row(md, "end to end at " + e2e.label() + ", server's received -> acknowledged timer",
                    String.format("p50 <= %s, p99 <= %s (histogram bucket bounds)", seconds(e2e.serverP50()),
                            seconds(e2e.serverP99())), "", null);
        }
        Load.Result slow = result("slowMax");
        long slowLeft = ((Number) values.get("slowLeft")).longValue();
        row(md, "end to end, delivered rate with a callback answering after " + Bench.SLOW_CALLBACK_MILLIS
                + " ms (closed-loop ingest until all delivered, 45 s at most)", String.format("%,.0f/s (%,.0f/s ingested meanwhile%s)",
                number("slowDeliveredRate"), slow.rate(), slowLeft <= 0 ? "" : String.format("; %,d not delivered by then", slowLeft)),
                "", null);
        row(md, "bytes written per webhook during max ingest", writtenPerWebhook(), "<= 1.3 x body", writtenMet());
        row(md, "durable writes, rows/s through the store", String.format("%,.0f rows/s (%.1f rows per webhook)",
                storeRows, rowsPerWebhook), "", null);
        row(md, "durable writes, raw JDBC batched insert of the same rows",
                String.format("%,.0f rows/s (%d rows, transactions of %d webhooks)", raw.rowsPerSecond(), raw.rows(),
                        raw.batch()), "", null);
        row(md, "store / raw", percent(storeRows / raw.rowsPerSecond(), 0.5), ">= 50 %",
                storeRows >= 0.5 * raw.rowsPerSecond());
        row(md, "process start to readiness 200", String.format("%,.0f ms", number("start")), "<= 3,000 ms",
                number("start") <= 3000);
        row(md, "heap used / committed (-Xmx256m), end of run", String.format("%.0f / %.0f MiB (%.0f MiB after max ingest)",
                number("heapUsed"), number("heapCommitted"), number("heapAfterIngest")), "<= 256 MiB",
                number("heapCommitted") <= 256);
        row(md, "heap used, peak seen", heapPeak(), "<= 256 MiB", heapPeakMiB() <= 256);
        row(md, "non-heap used", String.format("%.0f MiB", number("nonHeapUsed")), "", null);
        row(md, "RSS (VmRSS) end of run / peak (VmHWM)", String.format("%.0f / %.0f MiB", number("rss"), number("rssPeak")),
                "", null);
        double[] noopCpu = (double[]) values.get("noopCpu");
        double[] ingestCpu = (double[]) values.get("ingestCpu");
        row(md, "CPU during the max runs (cores busy: server / generator; of 2)", String.format(
                "no-op %.2f / %.2f (%.0f us server CPU per request); ingest %.2f / %.2f (%.0f us per webhook)",
                noopCpu[0], noopCpu[1], 1e6 * noopCpu[0] / noop.rate(), ingestCpu[0], ingestCpu[1],
                1e6 * ingestCpu[0] / ingest.rate()), "", null);
        row(md, "mean group commit during max ingest", String.format("%.1f webhooks", number("meanBatch")), "", null);
        md.append("\nMachine load: ingest ").append(values.get("uptimeIngest")).append("; end to end ")
                .append(values.get("uptimeE2e")).append("; after the slow callback ").append(values.get("uptimeSlow"))
                .append("; baseline ").append(values.get("uptimeRaw")).append(".\n\n");
        md.append("Open loop (latency from each request's intended start; coordinated-omission aware):\n\n");
        md.append("| endpoint | offered | achieved | failed | p50 | p99 | p99.9 | max |\n|---|---|---|---|---|---|---|---|\n");
        for (String kind : new String[] {"noop", "ingest"}) {
            for (int percent : new int[] {25, 50, 100}) {
                Load.Result r = result(kind + "Open" + percent);
                md.append(String.format("| %s at %d %% | %,.0f/s | %,.0f/s | %d | %.2f ms | %.2f ms | %.2f ms | %.1f ms |%n",
                        kind.equals("noop") ? "no-op" : "ingest", percent, r.offeredRate(), r.rate(), r.failed(), r.p(50),
                        r.p(99), r.p(99.9), r.latencyMicros().getMaxValue() / 1000.0));
            }
        }
        for (E2eOpen e2e : e2eRuns()) {
            Load.Result r = e2e.run();
            md.append(String.format("| end to end ingest at %s | %,.0f/s | %,.0f/s | %d | %.2f ms | %.2f ms | %.2f ms | %.1f ms |%n",
                    e2e.label(), r.offeredRate(), r.rate(), r.failed(), r.p(50), r.p(99), r.p(99.9),
                    r.latencyMicros().getMaxValue() / 1000.0));
        }
        md.append("\nEnd to end, open loop: from each webhook's intended send time to its notification at the receiver"
                + " (the ingest rows above time the ingest answer only):\n\n"
                + "| rate | delivered | p50 | p99 | p99.9 | max | drain after the run |\n|---|---|---|---|---|---|---|\n");
        for (E2eOpen e2e : e2eRuns()) {
            md.append(String.format("| %s | %,d%s | %s | %s | %s | %s | %.1f s |%n", e2e.label(),
                    e2e.latency().getTotalCount() - e2e.undelivered(),
                    e2e.undelivered() == 0 ? "" : String.format(" (%,d missing)", e2e.undelivered()), ms(e2e.p(50)),
                    ms(e2e.p(99)), ms(e2e.p(99.9)), ms(e2e.latency().getMaxValue() / 1000.0), e2e.drainSeconds()));
        }
        md.append(String.format("%nClosed loop latency (service time): ingest p50 %.2f ms p99 %.2f ms; no-op p50 %.2f ms p99 %.2f ms; "
                + "failed: ingest %d, no-op %d.%n", ingest.p(50), ingest.p(99), noop.p(50), noop.p(99), ingest.failed(), noop.failed()));
        md.append("\n").append(values.get("cpuByThread"));
        md.append("\nJFR during the max ingest run (server process):\n\n```\n").append(values.get("profile")).append("```\n");
        if (values.containsKey("e2eCpuByThread")) {
            md.append("\n").append(values.get("e2eCpuByThread"));
            md.append("\nJFR during the end-to-end closed loop and its drain (server process):\n\n```\n")
                    .append(values.get("e2eProfile")).append("```\n");
        }
        if (values.get("polling") != null) {
            md.append("\n").append(values.get("polling"));
        }
        return md.toString();
    }

    /** The end-to-end open loops that ran, lowest rate first. */
    private List<E2eOpen> e2eRuns() {
        List<E2eOpen> runs = new ArrayList<>();
        for (Object value : values.values()) {
            if (value instanceof E2eOpen e2e) {
                runs.add(e2e);
            }
        }
        runs.sort(Comparator.comparingDouble(e2e -> e2e.run().offeredRate()));
        return runs;
    }

    private static boolean met(E2eOpen e2e, double millis) {
        return e2e.latency().getTotalCount() > 0 && e2e.p(99) <= millis;
    }

    /** Bytes written per stored webhook during the max ingest run, against the mean body. */
    private double writtenPerWebhook(boolean ratio) {
        double perWebhook = number("walBytes") / Math.max(1, result("ingestMax").ok());
        return ratio ? perWebhook / number("bodyMean") : perWebhook;
    }

    private String writtenPerWebhook() {
        if (Double.isNaN(number("walBytes"))) {
            return "not measured (/proc/<pid>/io has no write_bytes here)";
        }
        long stored = result("ingestMax").ok();
        String how = engine.equals("postgresql")
                ? "WAL: pg_wal_lsn_diff of pg_current_wal_lsn() before and after, the whole cluster's"
                : String.format("the server process's write_bytes (/proc/<pid>/io): all its disk writes, the WAL and "
                        + "checkpoints and also its log (%,.0f bytes per webhook) and the JFR recording", number("walLogBytes") / Math.max(1, stored));
        return String.format("%,.0f bytes = %.2f x the mean body of %,.0f bytes (%s; %,d webhooks stored)",
                writtenPerWebhook(false), writtenPerWebhook(true), number("bodyMean"), how, stored);
    }

    private Boolean writtenMet() {
        return Double.isNaN(number("walBytes")) ? null : writtenPerWebhook(true) <= 1.3;
    }

    /** The most heap seen in use, MiB: scrapes of /actuator/prometheus and the max ingest run's JFR GC summaries. */
    private double heapPeakMiB() {
        double jfr = has("heapPeakJfr") ? number("heapPeakJfr") : Double.NaN;
        double scraped = number("heapPeakScraped");
        return Double.isNaN(jfr) ? scraped : Math.max(jfr, scraped);
    }

    private String heapPeak() {
        return String.format("%.0f MiB (-Xmx256m; the most of %d scrapes, %.0f MiB, and of the max ingest run's JFR heap"
                + " summaries before and after each GC, %s)", heapPeakMiB(), ((Number) values.get("heapScrapes")).intValue(),
                number("heapPeakScraped"), has("heapPeakJfr") && !Double.isNaN(number("heapPeakJfr"))
                        ? String.format("%.0f MiB", number("heapPeakJfr")) : "none recorded");
    }

    /**
     * This engine's "Targets (issue 14)" table: figure, this run's value (bold when it misses), target.
     * Figures this run did not measure (--quick) say so.
     *
     * @param startUp the start-up comparison, when it ran: its {@code ./tributary} median is the README's
     *        run command (SQLite)
     */
    String targets(StartUp.Result startUp) {
        Load.Result ingest = result("ingestMax");
        Load.Result noop = result("noopMax");
        String skipped = "not measured (" + (has("skipped") ? values.get("skipped") : "not run") + ")";
        StringBuilder md = new StringBuilder("### " + title() + "\n\n| figure | this run | target |\n|---|---|---|\n");
        if (has("e2eDeliveredRate")) {
            double delivered = number("e2eDeliveredRate");
            target(md, "end to end, closed loop: delivered rate / ingest-only max", String.format(
                    "%s (%,.0f/s delivered, ingest max %,.0f/s)", percent(delivered / ingest.rate(), 0.8), delivered,
                    ingest.rate()), ">= 80 %", delivered >= 0.8 * ingest.rate());
        } else {
            target(md, "end to end, closed loop: delivered rate / ingest-only max", skipped, ">= 80 %", null);
        }
        E2eOpen at1000 = (E2eOpen) values.get(e2eKey(1000));
        target(md, "p99 Shopify send -> callback received, at 1,000 webhooks/s", at1000 == null ? skipped : e2eP99(at1000),
                "<= 50 ms", at1000 == null ? null : met(at1000, 50));
        E2eOpen half = (E2eOpen) values.get(E2E_HALF);
        target(md, "p99 Shopify send -> callback received, at 50 % of ingest max",
                half == null ? skipped : e2eP99(half) + String.format(" at %,.0f/s", half.run().offeredRate()), "<= 100 ms",
                half == null ? null : met(half, 100));
        E2eOpen at100 = (E2eOpen) values.get(e2eKey(100));
        E2eOpen at500 = (E2eOpen) values.get(e2eKey(500));
        target(md, "e2e p99 at 100/s and at 500/s", at100 == null || at500 == null ? skipped
                : e2eP99(at100) + " / " + e2eP99(at500), "report", null);
        if (has("slowDeliveredRate")) {
            long left = ((Number) values.get("slowLeft")).longValue();
            target(md, "delivered/s with a " + Bench.SLOW_CALLBACK_MILLIS + " ms callback", String.format("%,.0f/s%s",
                    number("slowDeliveredRate"), left <= 0 ? "" : String.format(" (%,d still queued after 45 s)", left)),
                    "report", null);
        } else {
            target(md, "delivered/s with a " + Bench.SLOW_CALLBACK_MILLIS + " ms callback", skipped, "report", null);
        }
        target(md, "ingest max, stored, closed loop", String.format("%,.0f/s", ingest.rate()), ">= 6,000/s",
                ingest.rate() >= 6_000);
        target(md, "ingest / no-op endpoint max", String.format("%s (no-op %,.0f/s)", percent(ingest.rate() / noop.rate(), 0.5),
                noop.rate()), ">= 50 %", ingest.rate() >= 0.5 * noop.rate());
        Load.Result ingestHalf = result("ingestOpen50");
        target(md, "ingest p99 at 50 % of max", ingestHalf == null ? skipped
                : String.format("%s at %,.0f/s", ms(ingestHalf.p(99)), ingestHalf.offeredRate()), "<= 15 ms",
                ingestHalf == null ? null : ingestHalf.p(99) <= 15);
        target(md, "bytes written to the WAL per webhook", Double.isNaN(number("walBytes")) ? writtenPerWebhook()
                : String.format("%,.0f bytes = %.2f x body (mean body %,.0f bytes; %s)", writtenPerWebhook(false),
                        writtenPerWebhook(true), number("bodyMean"), engine.equals("postgresql")
                                ? "pg_wal_lsn_diff over the max ingest run, whole cluster"
                                : "all the server process's disk writes: WAL + checkpoints, log, JFR"),
                "<= 1.3 x body", writtenMet());
        String start;
        double startMillis;
        if (startUp != null && engine.equals("sqlite")) {
            startMillis = startUp.launcherMedian();
            start = String.format("%,.0f ms (./tributary, median of %d, start-up comparison)", startMillis,
                    startUp.launcherMillis().size());
        } else {
            startMillis = number("start");
            start = String.format("%,.0f ms (%s)", startMillis, engine.equals("sqlite")
                    ? "this engine's one start; the start-up comparison did not run"
                    : "java -jar on PostgreSQL, this engine's one start");
        }
        target(md, "README's run command, process start -> ready", start, "<= 3 s", startMillis <= 3000);
        target(md, "heap used (peak seen)", String.format("%.0f MiB", heapPeakMiB()), "inside -Xmx256m",
                heapPeakMiB() <= 256);
        return md.toString();
    }

    /** The cross-engine target, once both engines ran. */
    static String crossEngine(Report sqlite, Report postgresql) {
        double ratio = postgresql.result("ingestMax").rate() / sqlite.result("ingestMax").rate();
        StringBuilder md = new StringBuilder("### Both engines\n\n| figure | this run | target |\n|---|---|---|\n");
        target(md, "PostgreSQL ingest max / SQLite ingest max", String.format("%s (%,.0f/s / %,.0f/s)", percent(ratio, 0.7),
                postgresql.result("ingestMax").rate(), sqlite.result("ingestMax").rate()), ">= 70 %", ratio >= 0.7);
        return md.toString();
    }

    /**
     * A ratio as a whole percentage, or to a tenth where the whole one would read as the target while
     * missing it (49.6 % against >= 50 %).
     */
    static String percent(double ratio, double target) {
        return Math.round(100 * ratio) == Math.round(100 * target) && ratio < target
                ? String.format("%.1f %%", Math.floor(1000 * ratio) / 10) : String.format("%.0f %%", 100 * ratio);
    }

    private static String e2eP99(E2eOpen e2e) {
        return ms(e2e.p(99)) + (e2e.undelivered() == 0 ? "" : String.format(" (%,d missing, counted at their wait)",
                e2e.undelivered()));
    }

    private static void target(StringBuilder md, String figure, String value, String target, Boolean met) {
        md.append("| ").append(figure).append(" | ").append(Boolean.FALSE.equals(met) ? "**" + value + "**" : value)
                .append(" | ").append(target).append(" |\n");
    }

    /** Milliseconds, to two decimals below 100 ms, else whole with thousands separators. */
    static String ms(double millis) {
        return Double.isNaN(millis) ? "?" : millis < 100 ? String.format("%.2f ms", millis) : String.format("%,.0f ms", millis);
    }

    private static String seconds(double seconds) {
        return Double.isInfinite(seconds) ? "beyond the last bucket" : Double.isNaN(seconds) ? "?"
                : String.format("%.1f ms", seconds * 1000);
    }

    private static void row(StringBuilder md, String figure, String measured, String target, Boolean met) {
        md.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(target).append(" | ")
                .append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
    }
}
