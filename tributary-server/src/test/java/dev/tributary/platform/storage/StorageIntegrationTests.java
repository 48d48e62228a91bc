package dev.tributary.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The store is opened as promised: SQLite durable and single-writer, PostgreSQL pooled. */
class StorageIntegrationTests {

    @Test
    void sqlite_runs_in_wal_mode_with_full_sync_and_one_writer_connection() {
        try (TestStore store = TestStore.sqlite(); RunningService service = RunningService.start(store)) {
            assertThat(service.bean(Dialect.class)).isEqualTo(Dialect.SQLITE);
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            assertThat(jdbc.sql("PRAGMA journal_mode").query(String.class).single()).isEqualToIgnoringCase("wal");
            assertThat(jdbc.sql("PRAGMA synchronous").query(Integer.class).single()).isEqualTo(2);
            assertThat(jdbc.sql("PRAGMA foreign_keys").query(Integer.class).single()).isEqualTo(1);
            assertThat(((HikariDataSource) service.bean(DataSource.class)).getMaximumPoolSize()).isEqualTo(1);
            assertThat(store.dataDir().resolve("tributary.db")).exists();
        }
    }

    @Test
    void postgresql_is_used_when_a_database_url_is_set() {
        try (TestStore store = TestStore.postgres(); RunningService service = RunningService.start(store)) {
            assertThat(service.bean(Dialect.class)).isEqualTo(Dialect.POSTGRESQL);
            JdbcClient jdbc = JdbcClient.create(service.bean(DataSource.class));
            assertThat(jdbc.sql("SELECT COUNT(*) FROM accounts").query(Long.class).single()).isEqualTo(1);
            assertThat(jdbc.sql("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success").query(Long.class).single())
                    .isZero();
            assertThat(store.dataDir().resolve("tributary.db")).doesNotExist();
        }
    }
}
