package dev.tributary.delivery;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;

import dev.tributary.platform.cluster.ClusterNode;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * Deliveries handed from the commit that wrote them straight to this node's senders, without a
 * claim through the table. The ingest transaction writes each one already leased to this node
 * (having reserved room here first), and after the commit hands it over; the senders take it from
 * here. The table stays the truth: a delivery never handed over (the node died between the commit
 * and the hand-off) or left waiting here too long becomes claimable again when its lease runs out.
 */
@Component
class Handoff {

    /** Deliveries that may wait here at once; beyond that, new deliveries go through the table. */
    static final int CAPACITY = 2048;

    /** This node's name in {@code lease_owner}, for handed-over and claimed deliveries alike. */
    private final String owner;
    private final Semaphore room = new Semaphore(CAPACITY);
    private final ArrayDeque<DeliveryRepository.ClaimedDelivery> waiting = new ArrayDeque<>();
    private final Duration lease;
    private volatile boolean open;

    @Autowired
    Handoff(DeliveryProperties properties, ClusterNode node) {
        this(properties, node.id());
    }

    Handoff(DeliveryProperties properties, String owner) {
        this.owner = owner;
        this.lease = properties.lease();
    }

    String owner() {
        return owner;
    }

    Duration lease() {
        return lease;
    }

    /** Reserves room for one delivery about to be written leased to this node; false when full or closed. */
    boolean reserve() {
        return open && room.tryAcquire();
    }

    /** Gives back room reserved for deliveries that were not handed over (their transaction rolled back). */
    void unreserve(int count) {
        room.release(count);
    }

    /**
     * Hands over committed deliveries, for which room was reserved. False when the senders have
     * stopped meanwhile: the caller then gives their leases back to the table.
     */
    synchronized boolean handOver(List<DeliveryRepository.ClaimedDelivery> committed) {
        if (!open) {
            room.release(committed.size());
            return false;
        }
        waiting.addAll(committed);
        return true;
    }

    /**
     * Up to {@code max} deliveries to send now. One that waited until half its lease was gone is
     * dropped instead: the lease would run out while sending it, and the table's claim sends it
     * after the lease.
     */
    synchronized List<DeliveryRepository.ClaimedDelivery> take(int max, Instant now) {
        if (waiting.isEmpty() || max <= 0) {
            return List.of();
        }
        List<DeliveryRepository.ClaimedDelivery> taken = new ArrayList<>(Math.min(max, waiting.size()));
        Instant stale = now.minus(lease.dividedBy(2));
        while (taken.size() < max && !waiting.isEmpty()) {
            DeliveryRepository.ClaimedDelivery next = waiting.poll();
            room.release();
            if (!next.createdAt().isBefore(stale)) {
                taken.add(next);
            }
        }
        return taken;
    }

    synchronized boolean isEmpty() {
        return waiting.isEmpty();
    }

    synchronized void open() {
        open = true;
    }

    /** Stops taking deliveries; answers the ids still waiting, whose leases the caller gives back. */
    synchronized List<Long> close() {
        open = false;
        List<Long> left = waiting.stream().map(DeliveryRepository.ClaimedDelivery::id).toList();
        room.release(waiting.size());
        waiting.clear();
        return left;
    }
}
