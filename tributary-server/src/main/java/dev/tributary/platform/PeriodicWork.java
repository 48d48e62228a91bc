package dev.tributary.platform;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work a node does on its own every so often (a sweep of due rows), on one daemon thread of its
 * own, from start to stop. A failed round is logged and the next round tries again; the rows the
 * work reads are the truth, so a round missed by a stop or a crash is made up by the next.
 */
public abstract class PeriodicWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicWork.class);

    private final String name;
    private ScheduledExecutorService executor;

    protected PeriodicWork(String name) {
        this.name = name;
    }

    /** How long between the end of one round and the start of the next. */
    protected abstract Duration every();

    /** One round. */
    protected abstract void work();

    private void round() {
        try {
            work();
        } catch (RuntimeException e) {
            log.error("{} failed; trying again in {} ms", name, every().toMillis(), e);
        }
    }

    @Override
    public synchronized void start() {
        long every = Math.max(100, every().toMillis());
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::round, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
