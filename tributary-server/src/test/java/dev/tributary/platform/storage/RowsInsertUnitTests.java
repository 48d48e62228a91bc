package dev.tributary.platform.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class RowsInsertUnitTests {

    private static final RowsInsert INSERT = new RowsInsert("INSERT INTO t (a, b, c)", "(?, 'x', ?)",
            "RETURNING id", "testing", Dialect.POSTGRESQL);

    @Test
    void one_statement_holds_every_row_with_its_constants_and_the_tail_follows_the_values() {
        assertThat(INSERT.sql(2)).isEqualTo("INSERT INTO t (a, b, c) VALUES (?, 'x', ?), (?, 'x', ?) RETURNING id");
        assertThat(INSERT.columns()).isEqualTo(2);
    }

    @Test
    void rows_go_in_powers_of_two_up_to_the_dialects_limit() {
        assertThat(statements(INSERT, 300, 30_000)).containsExactly(256, 32, 8, 4);
        assertThat(statements(INSERT, 1, 30_000)).containsExactly(1);
        // A wide row: the parameter limit, not the row limit, decides.
        assertThat(statements(INSERT, 100, 100)).containsExactly(32, 32, 32, 4);
    }

    @Test
    void sqlite_writes_a_row_per_statement() {
        RowsInsert sqlite = new RowsInsert("INSERT INTO t (a)", "(?)", "", "testing", Dialect.SQLITE);
        assertThat(statements(sqlite, 3, 30_000)).containsExactly(1, 1, 1);
        assertThat(sqlite.sql(1)).isEqualTo("INSERT INTO t (a) VALUES (?)");
    }

    private static List<Integer> statements(RowsInsert insert, int rows, int maxParameters) {
        List<Integer> sizes = new ArrayList<>();
        for (int left = rows; left > 0; ) {
            int next = insert.rowsFor(left, maxParameters);
            sizes.add(next);
            left -= next;
        }
        return sizes;
    }
}
