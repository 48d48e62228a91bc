package dev.tributary.bench;

import java.util.HashMap;
import java.util.Map;

import org.HdrHistogram.Histogram;

/** One engine's figures, as a markdown section with each target and whether it was met. */
final class Report {

    private final String engine;
    private final Map<String, Object> values = new HashMap<>();

    Report(String engine) {
        this.engine = engine;
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
        Load.Result e2eOpen = result("e2eOpen");
        Histogram e2e = (Histogram) values.get("e2eLatency");
        RawInsert.Result raw = (RawInsert.Result) values.get("raw");
        double rowsPerWebhook = raw.webhooks() == 0 ? 3 : (double) raw.rows() / raw.webhooks();
        double storeRows = ingest.rate() * rowsPerWebhook;
        StringBuilder md = new StringBuilder();
        md.append("## ").append(engine.equals("sqlite") ? "SQLite" : "PostgreSQL").append("\n\n");
        md.append(String.format("Bodies %s; %d ingest + %d end-to-end instances; closed loop %d connections, %.0f s per run; "
                + "open loop up to %d connections.%n%n", values.get("bodySizes"), Bench.INSTANCES, Bench.INSTANCES,
                connections, seconds, Bench.OPEN_LOOP_CONNECTIONS));
        md.append("| figure | measured | target | met |\n|---|---|---|---|\n");
        row(md, "ingest, max rate (closed loop, stored)", String.format("%,.0f/s", ingest.rate()), ">= 10,000/s",
                ingest.rate() >= 10_000);
        row(md, "no-op endpoint, max rate (closed loop)", String.format("%,.0f/s", noop.rate()), "", null);
        row(md, "ingest / no-op", String.format("%.0f %%", 100 * ingest.rate() / noop.rate()), ">= 60 %",
                ingest.rate() >= 0.6 * noop.rate());
        Load.Result half = result("ingestOpen50");
        row(md, "ingest p99 at 50 % of max (open loop)", String.format("%.2f ms at %,.0f/s", half.p(99), half.offeredRate()),
                "<= 10 ms", half.p(99) <= 10);
        double delivered = number("e2eDeliveredRate");
        row(md, "end to end, delivered rate (closed-loop ingest until all delivered)",
                String.format("%,.0f/s (%.0f %% of ingest max; %,.0f/s ingested meanwhile)", delivered,
                        100 * delivered / ingest.rate(), e2eMax.rate()),
                ">= 50 % of ingest", delivered >= 0.5 * ingest.rate());
        int undelivered = ((Number) values.get("e2eUndelivered")).intValue();
        row(md, "end to end p99 at 1,000/s, sent -> callback received", String.format("%.2f ms (p50 %.2f, p99.9 %.2f; n=%d%s)",
                e2e.getValueAtPercentile(99) / 1000.0, e2e.getValueAtPercentile(50) / 1000.0,
                e2e.getValueAtPercentile(99.9) / 1000.0, e2e.getTotalCount(),
                undelivered == 0 ? "" : "; " + undelivered + " undelivered after 30 s, counted at their wait so far"), "<= 50 ms",
                e2e.getTotalCount() > 0 && e2e.getValueAtPercentile(99) / 1000.0 <= 50);
        row(md, "end to end at 1,000/s, server's received -> acknowledged timer",
                String.format("p50 <= %s, p99 <= %s (histogram bucket bounds)", ms(number("e2eServerP50")),
                        ms(number("e2eServerP99"))), "", null);
        row(md, "durable writes, rows/s through the store", String.format("%,.0f rows/s (%.1f rows per webhook)",
                storeRows, rowsPerWebhook), "", null);
        row(md, "durable writes, raw JDBC batched insert of the same rows",
                String.format("%,.0f rows/s (%d rows, transactions of %d webhooks)", raw.rowsPerSecond(), raw.rows(),
                        raw.batch()), "", null);
        row(md, "store / raw", String.format("%.0f %%", 100 * storeRows / raw.rowsPerSecond()), ">= 50 %",
                storeRows >= 0.5 * raw.rowsPerSecond());
        row(md, "process start to readiness 200", String.format("%,.0f ms", number("start")), "<= 2,500 ms",
                number("start") <= 2500);
        row(md, "heap used / committed (-Xmx256m), end of run", String.format("%.0f / %.0f MiB (%.0f MiB after max ingest)",
                number("heapUsed"), number("heapCommitted"), number("heapAfterIngest")), "<= 256 MiB",
                number("heapCommitted") <= 256);
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
                .append(values.get("uptimeE2e")).append("; baseline ").append(values.get("uptimeRaw")).append(".\n\n");
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
        md.append(String.format("| end to end ingest at 1,000/s | %,.0f/s | %,.0f/s | %d | %.2f ms | %.2f ms | %.2f ms | %.1f ms |%n",
                e2eOpen.offeredRate(), e2eOpen.rate(), e2eOpen.failed(), e2eOpen.p(50), e2eOpen.p(99), e2eOpen.p(99.9),
                e2eOpen.latencyMicros().getMaxValue() / 1000.0));
        md.append(String.format("%nClosed loop latency (service time): ingest p50 %.2f ms p99 %.2f ms; no-op p50 %.2f ms p99 %.2f ms; "
                + "failed: ingest %d, no-op %d.%n", ingest.p(50), ingest.p(99), noop.p(50), noop.p(99), ingest.failed(), noop.failed()));
        md.append("\n").append(values.get("cpuByThread"));
        md.append("\nJFR during the max ingest run (server process):\n\n```\n").append(values.get("profile")).append("```\n");
        if (values.get("polling") != null) {
            md.append("\n").append(values.get("polling"));
        }
        return md.toString();
    }

    private static String ms(double seconds) {
        return Double.isInfinite(seconds) ? "beyond the last bucket" : Double.isNaN(seconds) ? "?"
                : String.format("%.1f ms", seconds * 1000);
    }

    private static void row(StringBuilder md, String figure, String measured, String target, Boolean met) {
        md.append("| ").append(figure).append(" | ").append(measured).append(" | ").append(target).append(" | ")
                .append(met == null ? "" : met ? "yes" : "**no**").append(" |\n");
    }
}
