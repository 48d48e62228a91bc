package dev.tributary.platform.startup;

import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.util.List;

import dev.tributary.platform.storage.JdbcUrls;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * A first connection to TRIBUTARY_DATABASE_URL that failed, told apart by SQLState: unreachable
 * (08), login refused (28) or no such database (3D000). Shows the URL without credentials.
 */
final class DatabaseFailures {

    private static final String HIKARI_POOL_INITIALIZATION = "com.zaxxer.hikari.pool.HikariPool$PoolInitializationException";

    private DatabaseFailures() {
    }

    /** The analysis of {@code failure}, or null when it is not a failed connection. */
    static FailureAnalysis analyze(Throwable failure, String databaseUrl) {
        SQLException sql = null;
        boolean poolInitialization = false;
        for (Throwable e : StartupFailureAnalyzer.causes(failure)) {
            poolInitialization |= e.getClass().getName().equals(HIKARI_POOL_INITIALIZATION);
            if (e instanceof SQLException found && (sql == null || sql.getSQLState() == null)) {
                sql = found;
            }
        }
        if (sql == null) {
            return null;
        }
        String url = JdbcUrls.withoutCredentials(databaseUrl);
        String state = sql.getSQLState() == null ? "" : sql.getSQLState();
        if (state.startsWith("08")) {
            return new FailureAnalysis("Cannot reach the database at " + url + " (" + unreachableReason(sql) + ")",
                    "check TRIBUTARY_DATABASE_URL and that the database server is running and accepts connections there",
                    sql);
        }
        if (state.startsWith("28")) {
            return new FailureAnalysis("The database at " + url + " refused the login (" + sql.getMessage() + ")",
                    "check TRIBUTARY_DATABASE_USERNAME and TRIBUTARY_DATABASE_PASSWORD", sql);
        }
        if (state.equals("3D000")) {
            return new FailureAnalysis("The database at " + url + " does not exist",
                    "create it, or set TRIBUTARY_DATABASE_URL to an existing database", sql);
        }
        if (poolInitialization) {
            return new FailureAnalysis("Cannot open the database at " + url + " (SQLState " + (state.isEmpty() ? "none" : state)
                    + ": " + sql.getMessage() + ")",
                    "check TRIBUTARY_DATABASE_URL, TRIBUTARY_DATABASE_USERNAME and TRIBUTARY_DATABASE_PASSWORD", sql);
        }
        return null;
    }

    // The socket's words ("Connection refused") say more than the driver's paragraph around them.
    private static String unreachableReason(SQLException sql) {
        List<Throwable> causes = StartupFailureAnalyzer.causes(sql);
        Throwable root = causes.get(causes.size() - 1);
        if (root instanceof ConnectException) {
            return root.getMessage() == null ? "connection refused" : root.getMessage();
        }
        if (root instanceof UnknownHostException) {
            return "unknown host " + root.getMessage();
        }
        if (root instanceof SocketTimeoutException) {
            return "timed out";
        }
        return sql.getMessage();
    }
}
