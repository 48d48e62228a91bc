package dev.tributary.platform.storage;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where Tributary keeps its data: SQLite in {@code dataDir} unless a PostgreSQL URL is given.
 */
@ConfigurationProperties("tributary")
public record StorageProperties(Path dataDir, Database database) {

    public StorageProperties {
        dataDir = dataDir == null ? Path.of("data") : dataDir;
        database = database == null ? new Database(null, null, null, 10) : database;
    }

    /** Connection settings of an external database; an empty url means the embedded SQLite store. */
    public record Database(String url, String username, String password, int poolSize) {

        /** A blank user or password, as an empty environment variable gives, is none. */
        public Database {
            username = username == null || username.isBlank() ? null : username;
            password = password == null || password.isBlank() ? null : password;
        }

        public boolean isExternal() {
            return url != null && !url.isBlank();
        }
    }
}
