package dev.tributary.platform.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.HashMap;
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

    /** The first column of the first row a statement answers (a {@code RETURNING id}), or null for none. */
    public static Long returnedId(PreparedStatement statement) throws SQLException {
        try (ResultSet rows = statement.executeQuery()) {
            return rows.next() ? rows.getLong(1) : null;
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

    /** One use of a prepared statement. */
    @FunctionalInterface
    public interface StatementWork<T> {
        T apply(PreparedStatement statement) throws SQLException;
    }
}
