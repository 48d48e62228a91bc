package dev.tributary.bench;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * The durable-write baseline: the rows the server stored (received webhooks, notifications,
 * deliveries) inserted again by a plain JDBC program into an emptied copy of the same schema, in
 * transactions of as many webhooks as the server's group commit held on average. Only the inserts
 * and commits are timed.
 */
final class RawInsert {

    private static final String[] TABLES = {"received_webhooks", "notifications", "deliveries"};

    /** What the baseline wrote. */
    record Result(long webhooks, long rows, double seconds, int batch) {
        double rowsPerSecond() {
            return rows / seconds;
        }
    }

    private RawInsert() {
    }

    /**
     * Empties the event tables of the copy, children first. On PostgreSQL with one TRUNCATE: a
     * DELETE leaves the deleted rows' tuples behind, and each notification deleted then checks its
     * foreign key against all of the deliveries' (a full run's hundred thousand rows took minutes).
     */
    static void empty(Connection target) throws SQLException {
        String[] tables = {"delivery_attempts", "deliveries", "notifications", "received_webhooks"};
        try (Statement statement = target.createStatement()) {
            if (target.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                statement.executeUpdate("TRUNCATE " + String.join(", ", tables));
                return;
            }
            for (String table : tables) {
                statement.executeUpdate("DELETE FROM " + table);
            }
        }
    }

    static Result run(Connection source, Connection target, int batch, long maxWebhooks) throws SQLException {
        long first;
        long last;
        try (Statement index = source.createStatement()) {
            // The server never looks notifications up by their received webhook; reading them in chunks that way
            // without an index scanned the whole table per chunk (minutes once a run stores 400,000 webhooks).
            index.execute("CREATE INDEX IF NOT EXISTS bench_notifications_by_received ON notifications (received_webhook_id)");
        }
        try (Statement statement = source.createStatement();
                ResultSet range = statement.executeQuery("SELECT MIN(id), MAX(id) FROM received_webhooks")) {
            range.next();
            first = range.getLong(1);
            last = Math.min(range.getLong(2), first + maxWebhooks - 1);
        }
        target.setAutoCommit(false);
        long rows = 0;
        long nanos = 0;
        for (long from = first; from <= last; from += batch) {
            long to = Math.min(last + 1, from + batch);
            List<List<Object[]>> chunk = new ArrayList<>();
            List<String[]> columns = new ArrayList<>();
            read(source, "SELECT * FROM received_webhooks WHERE id >= ? AND id < ? ORDER BY id", from, to, chunk, columns);
            read(source, "SELECT * FROM notifications WHERE received_webhook_id >= ? AND received_webhook_id < ? ORDER BY id",
                    from, to, chunk, columns);
            read(source, "SELECT d.* FROM deliveries d JOIN notifications n ON d.notification_id = n.id"
                    + " WHERE n.received_webhook_id >= ? AND n.received_webhook_id < ? ORDER BY d.id", from, to, chunk, columns);
            long started = System.nanoTime();
            for (int t = 0; t < TABLES.length; t++) {
                rows += insert(target, TABLES[t], columns.get(t), chunk.get(t));
            }
            target.commit();
            nanos += System.nanoTime() - started;
        }
        target.setAutoCommit(true);
        return new Result(last - first + 1, rows, nanos / 1e9, batch);
    }

    private static void read(Connection source, String sql, long from, long to, List<List<Object[]>> chunk,
            List<String[]> columns) throws SQLException {
        try (PreparedStatement select = source.prepareStatement(sql)) {
            select.setLong(1, from);
            select.setLong(2, to);
            try (ResultSet rs = select.executeQuery()) {
                ResultSetMetaData meta = rs.getMetaData();
                String[] names = new String[meta.getColumnCount()];
                for (int i = 0; i < names.length; i++) {
                    names[i] = meta.getColumnName(i + 1);
                }
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[names.length];
                    for (int i = 0; i < names.length; i++) {
                        row[i] = rs.getObject(i + 1);
                    }
                    rows.add(row);
                }
                columns.add(names);
                chunk.add(rows);
            }
        }
    }

    private static int insert(Connection target, String table, String[] columns, List<Object[]> rows) throws SQLException {
        if (rows.isEmpty()) {
            return 0;
        }
        String sql = "INSERT INTO " + table + " (" + String.join(", ", columns) + ") VALUES ("
                + "?, ".repeat(columns.length - 1) + "?)";
        try (PreparedStatement insert = target.prepareStatement(sql)) {
            for (Object[] row : rows) {
                for (int i = 0; i < row.length; i++) {
                    insert.setObject(i + 1, row[i]);
                }
                insert.addBatch();
            }
            insert.executeBatch();
        }
        return rows.size();
    }

    static Connection sqlite(java.nio.file.Path file) throws SQLException {
        Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
        try (Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA journal_mode=WAL");
            statement.execute("PRAGMA synchronous=FULL");
            statement.execute("PRAGMA foreign_keys=ON");
        }
        return connection;
    }
}
