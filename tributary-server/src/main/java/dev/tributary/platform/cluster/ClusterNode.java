package dev.tributary.platform.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import dev.tributary.platform.PeriodicWork;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * This node: its name (the {@code lease_owner} of the deliveries it works on) and its heartbeat in
 * {@code cluster_nodes}, so every node and an operator can tell which nodes are alive. The only
 * code that touches that table.
 */
@Component
public class ClusterNode extends PeriodicWork {

    /** How often the heartbeat is written. */
    static final Duration HEARTBEAT = Duration.ofSeconds(2);
    /** Missing this many heartbeats, a node counts as gone. */
    private static final int MISSED = 5;
    /** A node gone this long leaves the table. */
    private static final Duration FORGOTTEN = Duration.ofDays(1);

    private static final String BEAT = """
            INSERT INTO cluster_nodes (id, host, started_at, heartbeat_at) VALUES (:id, :host, :now, :now)
            ON CONFLICT (id) DO UPDATE SET heartbeat_at = :now
            """;

    private final String id = "node-" + UUID.randomUUID();
    private final String host = hostName();
    private final JdbcClient jdbc;
    private final Clock clock;

    ClusterNode(JdbcClient jdbc, Clock clock) {
        super("cluster-heartbeat");
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** This node's name, unique among every node that ever shared the store. */
    public String id() {
        return id;
    }

    /** A node as the table knows it. */
    public record Node(String id, String host, long startedAt, long heartbeatAt, boolean alive) {
    }

    /** Every node heard from in the last day, this one included; {@code alive} when its heartbeat is recent. */
    public List<Node> nodes() {
        long aliveSince = clock.millis() - HEARTBEAT.toMillis() * MISSED;
        return jdbc.sql("SELECT id, host, started_at, heartbeat_at FROM cluster_nodes ORDER BY started_at, id")
                .query((rs, n) -> new Node(rs.getString("id"), rs.getString("host"), rs.getLong("started_at"),
                        rs.getLong("heartbeat_at"), rs.getLong("heartbeat_at") >= aliveSince))
                .list();
    }

    @Override
    protected Duration every() {
        return HEARTBEAT;
    }

    @Override
    protected void work() {
        long now = clock.millis();
        jdbc.sql(BEAT).param("id", id).param("host", host).param("now", now).update();
        jdbc.sql("DELETE FROM cluster_nodes WHERE heartbeat_at < :before").param("before", now - FORGOTTEN.toMillis())
                .update();
    }

    @Override
    public synchronized void start() {
        // Present from the first moment, not one heartbeat later.
        work();
        super.start();
    }

    @Override
    public synchronized void stop() {
        super.stop();
        try {
            jdbc.sql("DELETE FROM cluster_nodes WHERE id = :id").param("id", id).update();
        } catch (RuntimeException e) {
            // the store may be going away too; the row ages out
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown";
        }
    }
}
