package dev.tributary.delivery;

import java.util.Collection;

import dev.tributary.platform.cluster.ClusterLocks;
import dev.tributary.platform.storage.PreparedBatch;

/**
 * The per-object lock that keeps one object's deliveries in order across nodes: the transactions
 * that decide whether an object's delivery may go now (storing a webhook that could be handed
 * straight to a sender, claiming from the table) take it until they commit, so they decide one
 * at a time and each sees what the one before it committed.
 */
final class ObjectLocks {

    private static final String LOCKING = "locking objects delivered in order";

    private ObjectLocks() {
    }

    /**
     * Locks the objects {@code keys} until the transaction ends; does nothing where
     * {@code transactionLock} is null (the embedded store, whose single writer serializes these
     * transactions anyway).
     */
    static void lock(PreparedBatch statements, String transactionLock, Collection<String> keys) {
        if (transactionLock == null || keys.isEmpty()) {
            return;
        }
        // All in one statement, in one order for every transaction, so two of them never wait for
        // each other in a circle.
        Object[] hashes = keys.stream().map(String::hashCode).sorted().distinct().toArray();
        statements.run(transactionLock, LOCKING, statement -> {
            statement.setInt(1, ClusterLocks.Kind.OBJECT_ORDER.key());
            statement.setArray(2, statement.getConnection().createArrayOf("int4", hashes));
            return statement.execute();
        });
    }
}
