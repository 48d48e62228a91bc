package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * A fresh, real store for one test class: a SQLite data directory, or a PostgreSQL database
 * created on the local server (127.0.0.1:5432, or {@code TRIBUTARY_TEST_POSTGRES_URL}) and dropped
 * afterwards. Both have a data directory of their own for the key and credential files.
 */
public abstract class TestStore implements AutoCloseable {

    private final Path dataDir;

    protected TestStore() {
        try {
            this.dataDir = Files.createTempDirectory("tributary-it-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dataDir() {
        return dataDir;
    }

    /** Application properties that point a server at this store. */
    public Map<String, String> settings() {
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("tributary.data-dir", dataDir.toString());
        return settings;
    }

    /**
     * The same settings as the environment variables an operator would set
     * ({@code tributary.database.url} to {@code TRIBUTARY_DATABASE_URL}), for a packaged server.
     */
    public Map<String, String> environment() {
        Map<String, String> environment = new LinkedHashMap<>();
        settings().forEach((name, value) -> environment.put(
                name.toUpperCase(java.util.Locale.ROOT).replace('.', '_').replace('-', '_'), value));
        return environment;
    }

    public abstract String engine();

    @Override
    public void close() {
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }

    public static TestStore sqlite() {
        return new TestStore() {
            @Override
            public String engine() {
                return "sqlite";
            }
        };
    }

    public static TestStore postgres() {
        return new Postgres();
    }

    private static final class Postgres extends TestStore {

        private static final String SERVER = System.getenv().getOrDefault(
                "TRIBUTARY_TEST_POSTGRES_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        private static final String USER = System.getenv().getOrDefault("TRIBUTARY_TEST_POSTGRES_USER", "postgres");

        private final String database = "tributary_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);

        Postgres() {
            admin("CREATE DATABASE " + database);
        }

        @Override
        public String engine() {
            return "postgresql";
        }

        @Override
        public Map<String, String> settings() {
            Map<String, String> settings = super.settings();
            settings.put("tributary.database.url", SERVER.substring(0, SERVER.lastIndexOf('/') + 1) + database);
            settings.put("tributary.database.username", USER);
            return settings;
        }

        @Override
        public void close() {
            admin("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)");
            super.close();
        }

        private static void admin(String sql) {
            try (Connection connection = DriverManager.getConnection(SERVER, USER, "");
                 Statement statement = connection.createStatement()) {
                statement.execute(sql);
            } catch (SQLException e) {
                throw new IllegalStateException("PostgreSQL at " + SERVER + " is needed for this test: " + e.getMessage(), e);
            }
        }
    }
}
