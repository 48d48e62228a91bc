package dev.tributary.delivery;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.tributary.platform.cluster.ClusterSignals;
import org.springframework.stereotype.Component;

/**
 * Wakes the delivery worker so fresh work does not wait for a polling interval. Only a hint: the
 * deliveries table stays the only truth, and the worker also looks on its own every interval.
 */
@Component
public class DeliverySignal {

    private final Semaphore permits = new Semaphore(0);
    private final AtomicBoolean tableDue = new AtomicBoolean();
    private final ClusterSignals cluster;

    DeliverySignal(ClusterSignals cluster) {
        this.cluster = cluster;
        cluster.listen(ClusterSignals.Channel.WORK_DUE, ignored -> wake());
    }

    /**
     * Work any node may take is due now (a redelivery asked for through the API): this node and,
     * once the caller's transaction commits, the others look in the table.
     */
    public void wakeEveryNode() {
        wake();
        cluster.send(ClusterSignals.Channel.WORK_DUE, "deliveries");
    }

    /** A commit made deliveries that only a claim through the table finds. */
    public void wake() {
        tableDue.set(true);
        nudge();
    }

    /** Deliveries were handed over, or sending slots came free: no need to look in the table. */
    void nudge() {
        if (permits.availablePermits() == 0) {
            permits.release();
        }
    }

    /** Whether a wake-up asked for the table since the last call. */
    boolean takeTableDue() {
        return tableDue.getAndSet(false);
    }

    /** Waits for a wake-up or the timeout, whichever comes first. */
    void await(Duration timeout) throws InterruptedException {
        if (permits.tryAcquire(Math.max(0, timeout.toMillis()), TimeUnit.MILLISECONDS)) {
            permits.drainPermits();
        }
    }
}
