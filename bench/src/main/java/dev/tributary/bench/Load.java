package dev.tributary.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

import org.HdrHistogram.Histogram;

/**
 * Closed loop (N connections, each sending its next request as soon as the previous is answered:
 * the maximum rate) and open loop (a constant arrival rate whatever the answers: each request has
 * an intended start time, and its latency is counted from then, so a stall delays the requests
 * behind it and they count it: no coordinated omission).
 */
final class Load {

    private static final byte[] STORED = "\"stored\"".getBytes(StandardCharsets.US_ASCII);

    /** What a run did. */
    record Result(String name, double seconds, long ok, long failed, Histogram latencyMicros, double offeredRate) {

        double rate() {
            return ok / seconds;
        }

        double p(double percentile) {
            return latencyMicros.getValueAtPercentile(percentile) / 1000.0;
        }

        String line() {
            return String.format("%-28s %9.0f/s ok=%d failed=%d p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.1fms",
                    name, rate(), ok, failed, p(50), p(99), p(99.9), latencyMicros.getMaxValue() / 1000.0);
        }
    }

    /**
     * A source of requests and a check of the answer: for ingest only a 200 saying "stored" counts,
     * for the no-op any 200.
     */
    record Target(String host, int port, LongFunction<Webhooks.Request> requests, boolean mustStore,
            RequestListener listener) {
    }

    /** Told when a request is about to be sent (for end-to-end latency). */
    interface RequestListener {
        void sending(String webhookId, long nanos);
    }

    private Load() {
    }

    static Result closed(String name, Target target, int connections, double seconds) throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<Worker> workers = new ArrayList<>();
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(target, () -> {
                long now = System.nanoTime();
                return now < end ? now : -1;
            }, sequence, null);
            workers.add(worker);
            worker.start();
        }
        return finish(name, workers, started, 0);
    }

    /**
     * A closed loop spread over several servers, the generator acting as their load balancer:
     * connection i goes to target i % N. One result per target, in order (see {@link #sum}).
     */
    static List<Result> closed(String name, List<Target> targets, int connections, double seconds)
            throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        long end = System.nanoTime() + (long) (seconds * 1e9);
        List<List<Worker>> byTarget = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            byTarget.add(new ArrayList<>());
        }
        long started = System.nanoTime();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(targets.get(i % targets.size()), () -> {
                long now = System.nanoTime();
                return now < end ? now : -1;
            }, sequence, null);
            byTarget.get(i % targets.size()).add(worker);
            worker.start();
        }
        List<Result> results = new ArrayList<>();
        for (int t = 0; t < targets.size(); t++) {
            results.add(finish(name + " node " + (t + 1), byTarget.get(t), started, 0));
        }
        return results;
    }

    /** The results of one spread run as one: successes and failures added, latencies merged. */
    static Result sum(String name, List<Result> results) {
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        double seconds = 0;
        long ok = 0;
        long failed = 0;
        for (Result result : results) {
            all.add(result.latencyMicros());
            seconds = Math.max(seconds, result.seconds());
            ok += result.ok();
            failed += result.failed();
        }
        return new Result(name, seconds, ok, failed, all, 0);
    }

    /**
     * A closed loop that runs until stopped, counting successes as they come, so a caller can read
     * the rate over windows of it (before, during and after something else runs beside it).
     */
    static final class Running {

        private final String name;
        private final AtomicBoolean stopped = new AtomicBoolean();
        private final LongAdder ok = new LongAdder();
        private final List<Worker> workers = new ArrayList<>();
        private final long started = System.nanoTime();

        private Running(String name, Target target, int connections) {
            this.name = name;
            AtomicLong sequence = new AtomicLong();
            for (int i = 0; i < connections; i++) {
                Worker worker = new Worker(target, () -> stopped.get() ? -1 : System.nanoTime(), sequence, ok);
                workers.add(worker);
                worker.start();
            }
        }

        /** Successful answers so far. */
        long ok() {
            return ok.sum();
        }

        Result stop() throws InterruptedException {
            stopped.set(true);
            return finish(name, workers, started, 0);
        }
    }

    static Running start(String name, Target target, int connections) {
        return new Running(name, target, connections);
    }

    static Result open(String name, Target target, double rate, double seconds, int connections)
            throws InterruptedException {
        AtomicLong sequence = new AtomicLong();
        AtomicLong ticket = new AtomicLong();
        double interval = 1e9 / rate;
        long start = System.nanoTime() + 20_000_000L;
        long total = (long) (rate * seconds);
        List<Worker> workers = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            Worker worker = new Worker(target, () -> {
                long n = ticket.getAndIncrement();
                if (n >= total) {
                    return -1;
                }
                long intended = start + (long) (n * interval);
                long wait;
                while ((wait = intended - System.nanoTime()) > 0) {
                    LockSupport.parkNanos(wait);
                }
                return intended;
            }, sequence, null);
            workers.add(worker);
            worker.start();
        }
        return finish(name, workers, start, rate);
    }

    private static Result finish(String name, List<Worker> workers, long started, double offered)
            throws InterruptedException {
        Histogram all = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        long ok = 0;
        long failed = 0;
        for (Worker worker : workers) {
            worker.join();
            all.add(worker.histogram);
            ok += worker.ok;
            failed += worker.failed;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        return new Result(name, seconds, ok, failed, all, offered);
    }

    /** Hands out the next intended start time, or -1 when the run is over. */
    private interface Schedule {
        long next();
    }

    private static final class Worker extends Thread {

        private final Target target;
        private final Schedule schedule;
        private final AtomicLong sequence;
        private final LongAdder live;
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toMicros(120), 3);
        long ok;
        long failed;
        private static final AtomicLong ERRORS_SHOWN = new AtomicLong();

        /** {@code live}, when not null, counts successes as they come. */
        Worker(Target target, Schedule schedule, AtomicLong sequence, LongAdder live) {
            super("load");
            setDaemon(true);
            this.target = target;
            this.schedule = schedule;
            this.sequence = sequence;
            this.live = live;
        }

        @Override
        public void run() {
            try (RawHttp http = new RawHttp(target.host(), target.port())) {
                long intended;
                while ((intended = schedule.next()) >= 0) {
                    Webhooks.Request request = target.requests().apply(sequence.getAndIncrement());
                    if (target.listener() != null) {
                        target.listener().sending(request.webhookId(), intended);
                    }
                    boolean success;
                    try {
                        RawHttp.Answer answer = http.post(request.head(), request.body(), target.mustStore() ? STORED : null);
                        success = answer.status() == 200 && (!target.mustStore() || answer.marked());
                        if (!success && ERRORS_SHOWN.getAndIncrement() < 5) {
                            System.err.println("  answer " + answer.status() + " to " + request.webhookId());
                        }
                    } catch (IOException | RuntimeException e) {
                        success = false;
                        if (ERRORS_SHOWN.getAndIncrement() < 5) {
                            System.err.println("  request failed: " + e);
                        }
                    }
                    long micros = Math.max(0, (System.nanoTime() - intended) / 1000);
                    histogram.recordValue(Math.min(micros, histogram.getHighestTrackableValue()));
                    if (success) {
                        ok++;
                        if (live != null) {
                            live.increment();
                        }
                    } else {
                        failed++;
                    }
                }
            }
        }
    }
}
