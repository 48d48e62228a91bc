package dev.tributary.platform.storage;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.springframework.stereotype.Component;

/**
 * Connections to the external database outside the pool, for what holds one for long: listening
 * for other nodes' notices, or holding a lock while an instance is changed. Taking those from the
 * pool would starve the work that needs a pooled connection to finish.
 */
@Component
public class DirectConnections {

    private final StorageProperties.Database database;
    private final Dialect dialect;

    DirectConnections(StorageProperties properties, Dialect dialect) {
        this.database = properties.database();
        this.dialect = dialect;
    }

    /** Whether other nodes may share the store: only an external database (PostgreSQL) can be shared. */
    public boolean shared() {
        return dialect == Dialect.POSTGRESQL;
    }

    /** A new connection to the shared database; the caller closes it. */
    public Connection open() throws SQLException {
        if (!shared()) {
            throw new IllegalStateException("the embedded SQLite store is not shared with other nodes");
        }
        return DriverManager.getConnection(database.url(), database.username(), database.password());
    }
}
