package dev.tributary.platform.cluster;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.function.Supplier;

import dev.tributary.platform.storage.DirectConnections;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.stereotype.Component;

/**
 * Locks that hold across every node sharing the store, for work that must not interleave on one
 * object and spans more than a transaction (an instance change calls Shopify between its reads and
 * writes). On PostgreSQL a session advisory lock, held on a connection of its own for as long as
 * the work runs; on the embedded store, where this is the only node, a lock in this JVM.
 */
@Component
public class ClusterLocks {

    /** What is locked; the kind keeps ids of different things apart. */
    public enum Kind {
        INSTANCE(1),
        /** An object whose notifications are delivered in order: taken in a transaction ({@code Dialect#transactionLock}). */
        OBJECT_ORDER(2),
        /** Creating the organization on the first start of an empty store. */
        BOOTSTRAP(3);

        private final int key;

        Kind(int key) {
            this.key = key;
        }

        /** The first int of the advisory lock's two-int key: one key space per kind. */
        public int key() {
            return key;
        }
    }

    private final DirectConnections connections;
    /** Threads of this node wait here, not on a connection each. */
    private final Object[] local = new Object[64];

    ClusterLocks(DirectConnections connections) {
        this.connections = connections;
        for (int i = 0; i < local.length; i++) {
            local[i] = new Object();
        }
    }

    /** Runs {@code work} while no other thread of any node runs work locked on the same {@code kind} and {@code id}. */
    public <T> T withLock(Kind kind, long id, Supplier<T> work) {
        synchronized (local[(int) Math.floorMod(id * 31 + kind.key, (long) local.length)]) {
            if (!connections.shared()) {
                return work.get();
            }
            try (Connection connection = connections.open()) {
                advisory(connection, "SELECT pg_advisory_lock(?, ?)", kind, id);
                // Closing the connection (below) also releases the lock, should the unlock fail.
                try {
                    return work.get();
                } finally {
                    advisory(connection, "SELECT pg_advisory_unlock(?, ?)", kind, id);
                }
            } catch (SQLException e) {
                throw new CannotAcquireLockException("locking " + kind + " " + id + " across nodes", e);
            }
        }
    }

    /** Like {@link #withLock(Kind, long, Supplier)}, for work with no result. */
    public void withLock(Kind kind, long id, Runnable work) {
        withLock(kind, id, () -> {
            work.run();
            return null;
        });
    }

    private static void advisory(Connection connection, String sql, Kind kind, long id) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            statement.setInt(1, kind.key);
            // The two-int form: the id's low 32 bits; two ids sharing them only wait for each other.
            statement.setInt(2, (int) id);
            statement.execute();
        }
    }
}
