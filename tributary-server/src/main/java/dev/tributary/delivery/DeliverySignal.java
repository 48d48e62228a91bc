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

    /** The notice that deliveries wait for others of their object, on some node. */
    private static final String ORDERED = "ordered";
    /** How often a node tells the others that deliveries wait, at most. */
    private static final long ORDERED_NOTICE_NANOS = Duration.ofSeconds(10).toNanos();

    private final Semaphore permits = new Semaphore(0);
    private final AtomicBoolean tableDue = new AtomicBoolean();
    private final ClusterSignals cluster;
    /** How long after deliveries were last seen waiting for their object's turn settling one still looks for its successor. */
    private final long orderedWindowNanos;
    /**
     * Closed until told otherwise. On PostgreSQL the first LISTEN opens it, as any reconnect does:
     * what other nodes said before is unknown.
     */
    private volatile long orderedWaitingUntil = System.nanoTime();
    private volatile long orderedNoticeSent = System.nanoTime() - ORDERED_NOTICE_NANOS;

    DeliverySignal(ClusterSignals cluster, DeliveryProperties properties) {
        this.cluster = cluster;
        this.orderedWindowNanos = properties.orderedWakeWindow().toNanos();
        cluster.listen(ClusterSignals.Channel.WORK_DUE, payload -> {
            // Null: notices may have been missed, so deliveries may be waiting too.
            if (payload == null || ORDERED.equals(payload)) {
                orderedWaiting();
            }
            wake();
        });
    }

    /**
     * Deliveries were written that wait for an earlier one of their object (in flight, maybe on
     * another node): for a while, settling a delivery of an ordered object makes every node's
     * claimer look for its successor. Inside a transaction the other nodes hear of it when it commits.
     */
    void orderedWaitingEverywhere() {
        orderedWaiting();
        long now = System.nanoTime();
        if (now - orderedNoticeSent > ORDERED_NOTICE_NANOS) {
            orderedNoticeSent = now;
            cluster.send(ClusterSignals.Channel.WORK_DUE, ORDERED);
        }
    }

    private void orderedWaiting() {
        orderedWaitingUntil = System.nanoTime() + orderedWindowNanos;
    }

    /** Whether a delivery may wait for its object's turn: if so, settling one of its object is news for the claimer. */
    boolean orderedMayWait() {
        return System.nanoTime() - orderedWaitingUntil < 0;
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
