package dev.tributary.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.sql.DataSource;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;

/**
 * Statements on the current transaction's connection, each prepared once however often it runs:
 * on the webhook path a group commit writes hundreds of rows per transaction, and parsing and
 * preparing SQL per row would cost more than the inserts themselves.
 */
public final class PreparedBatch implements AutoCloseable {

    /** Below both engines' limit on one statement's parameters (PostgreSQL's 65,535). */
    private static final int MAX_PARAMETERS = 30_000;

    private final DataSource dataSource;
    private final Connection connection;
    private final Map<String, PreparedStatement> statements = new HashMap<>();

    private PreparedBatch(DataSource dataSource) {
        this.dataSource = dataSource;
        this.connection = DataSourceUtils.getConnection(dataSource);
    }

    /** Opens on the transaction's connection; call inside the transaction. */
    public static PreparedBatch open(DataSource dataSource) {
        return new PreparedBatch(dataSource);
    }

    /** Runs {@code work} with {@code sql} prepared (once per batch); {@code doing} names it in a failure. */
    public <T> T run(String sql, String doing, StatementWork<T> work) {
        try {
            PreparedStatement statement = statements.get(sql);
            if (statement == null) {
                statement = connection.prepareStatement(sql);
                statements.put(sql, statement);
            }
            return work.apply(statement);
        } catch (SQLException e) {
            throw new UncategorizedSQLException(doing, sql, e);
        }
    }

    /**
     * Inserts {@code items} with as many rows per statement as {@code insert} allows, so a group
     * commit on PostgreSQL costs a few round trips instead of one per row; {@code returned} sees each
     * row the statements answer (their {@code RETURNING} clause), in no promised order.
     */
    public <T> void insertRows(RowsInsert insert, List<T> items, RowBinder<T> binder, RowReader returned) {
        for (int from = 0, rows; from < items.size(); from += rows) {
            rows = insert.rowsFor(items.size() - from, MAX_PARAMETERS);
            List<T> chunk = items.subList(from, from + rows);
            run(insert.sql(chunk.size()), insert.doing(), statement -> {
                for (int row = 0; row < chunk.size(); row++) {
                    binder.bind(statement, row * insert.columns(), chunk.get(row));
                }
                if (returned == null) {
                    statement.executeUpdate();
                } else {
                    try (ResultSet answered = statement.executeQuery()) {
                        while (answered.next()) {
                            returned.read(answered);
                        }
                    }
                }
                return null;
            });
        }
    }

    public static void setNullableLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    @Override
    public void close() {
        for (PreparedStatement statement : statements.values()) {
            try {
                statement.close();
            } catch (SQLException e) {
                // closing; the transaction's outcome is what matters
            }
        }
        DataSourceUtils.releaseConnection(connection, dataSource);
    }

    /** Binds one row's parameters; the row's first parameter is at {@code offset + 1}. */
    @FunctionalInterface
    public interface RowBinder<T> {
        void bind(PreparedStatement statement, int offset, T item) throws SQLException;
    }

    /** Reads one row a statement answered. */
    @FunctionalInterface
    public interface RowReader {
        void read(ResultSet row) throws SQLException;
    }

    /** One use of a prepared statement. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }
}
