package dev.tributary.platform.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.flyway.autoconfigure.FlywayConfigurationCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Opens the store: SQLite in the data directory by default, PostgreSQL when a URL is set. */
@Configuration(proxyBeanMethods = false)
class StorageConfiguration {

    private static final Logger log = LoggerFactory.getLogger(StorageConfiguration.class);

    @Bean
    Dialect dialect(StorageProperties properties) {
        return properties.database().isExternal()
                ? Dialect.ofJdbcUrl(properties.database().url())
                : Dialect.SQLITE;
    }

    @Bean(destroyMethod = "close")
    HikariDataSource dataSource(StorageProperties properties, Dialect dialect) {
        HikariConfig config = new HikariConfig();
        config.setPoolName("tributary");
        StorageProperties.Database database = properties.database();
        if (database.isExternal()) {
            config.setJdbcUrl(database.url());
            config.setUsername(database.username());
            config.setPassword(database.password());
            config.setMaximumPoolSize(Math.max(2, database.poolSize()));
            log.info("Storage: {} at {}", dialect, JdbcUrls.withoutCredentials(database.url()));
        } else {
            Path file = sqliteFile(properties.dataDir());
            config.setJdbcUrl("jdbc:sqlite:" + file);
            // SQLite allows one writer at a time; one connection makes that explicit and avoids
            // SQLITE_BUSY between our own connections.
            config.setMaximumPoolSize(1);
            config.addDataSourceProperty("journal_mode", "WAL");
            config.addDataSourceProperty("synchronous", "FULL");
            config.addDataSourceProperty("foreign_keys", "true");
            config.addDataSourceProperty("busy_timeout", "10000");
            log.info("Storage: SQLite at {}", file);
        }
        return new HikariDataSource(config);
    }

    @Bean
    FlywayConfigurationCustomizer dialectPlaceholders(Dialect dialect) {
        return flyway -> flyway.placeholders(dialect.migrationPlaceholders());
    }

    private static Path sqliteFile(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + dataDir.toAbsolutePath(), e);
        }
        return dataDir.toAbsolutePath().normalize().resolve("tributary.db");
    }
}
