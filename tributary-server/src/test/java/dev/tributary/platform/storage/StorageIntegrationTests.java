package dev.tributary.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

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

    @Test
    void a_group_commits_rows_go_in_few_statements_and_every_returned_row_is_read_on_both_engines() {
        for (TestStore engine : List.of(TestStore.sqlite(), TestStore.postgres())) {
            try (TestStore store = engine; RunningService service = RunningService.start(store)) {
                DataSource dataSource = service.bean(DataSource.class);
                JdbcClient jdbc = JdbcClient.create(dataSource);
                jdbc.sql("CREATE TABLE scratch (id BIGINT PRIMARY KEY, name TEXT NOT NULL UNIQUE)").update();
                RowsInsert insert = new RowsInsert("INSERT INTO scratch (id, name)", "(?, ?)",
                        "ON CONFLICT (name) DO NOTHING RETURNING id, name", "testing", service.bean(Dialect.class));
                // 300 rows, two of them repeating a name earlier in the list: the repeats are skipped.
                List<Integer> ids = IntStream.range(0, 300).boxed().toList();
                Map<Long, String> returned = new HashMap<>();
                service.bean(TransactionTemplate.class).executeWithoutResult(status -> {
                    try (PreparedBatch batch = PreparedBatch.open(dataSource)) {
                        batch.insertRows(insert, ids, (statement, at, id) -> {
                            statement.setLong(at + 1, id);
                            statement.setString(at + 2, id == 150 || id == 299 ? "name-7" : "name-" + id);
                        }, row -> returned.put(row.getLong("id"), row.getString("name")));
                    }
                });
                assertThat(returned).hasSize(298).doesNotContainKeys(150L, 299L).containsEntry(7L, "name-7")
                        .containsEntry(298L, "name-298");
                assertThat(jdbc.sql("SELECT COUNT(*) FROM scratch").query(Long.class).single()).isEqualTo(298);
            }
        }
    }
}
