package dev.tributary.platform.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import dev.tributary.platform.storage.DirectConnections;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Notices between the nodes that share one PostgreSQL database, with {@code LISTEN/NOTIFY}: "this
 * instance changed" (drop what you cached of it) and "work is due" (look in the table now, not at
 * the next poll). A notice sent inside a transaction leaves when it commits, so no node acts on a
 * change it cannot see yet. Only hints: every node still polls, so a notice lost while a listening
 * connection was down costs a poll interval; after reconnecting, each listener is told that
 * anything may have changed. On the embedded SQLite store there are no other nodes, and sending does nothing.
 */
@Component
public class ClusterSignals implements SmartLifecycle {

    /** What a notice is about. */
    public enum Channel {
        INSTANCE_CHANGED("tributary_instance_changed"),
        WORK_DUE("tributary_work_due");

        private final String pgChannel;

        Channel(String pgChannel) {
            this.pgChannel = pgChannel;
        }
    }

    /** Told of other nodes' notices: the payload, or null when notices may have been missed. */
    public interface Listener extends Consumer<String> {
    }

    private static final Logger log = LoggerFactory.getLogger(ClusterSignals.class);
    private static final int POLL_MILLIS = 250;

    private final DirectConnections connections;
    private final JdbcClient jdbc;
    private final ClusterNode node;
    private final Map<Channel, List<Listener>> listeners = new ConcurrentHashMap<>();
    private volatile boolean running;
    private Thread thread;

    ClusterSignals(DirectConnections connections, JdbcClient jdbc, ClusterNode node) {
        this.connections = connections;
        this.jdbc = jdbc;
        this.node = node;
    }

    /** Calls {@code listener} with each notice on {@code channel} from another node. */
    public void listen(Channel channel, Listener listener) {
        listeners.computeIfAbsent(channel, key -> new CopyOnWriteArrayList<>()).add(listener);
    }

    /**
     * Tells the other nodes; inside a transaction, when it commits. The caller acts on the change
     * on this node itself.
     */
    public void send(Channel channel, String payload) {
        if (!connections.shared()) {
            return;
        }
        jdbc.sql("SELECT pg_notify(:channel, :payload)").param("channel", channel.pgChannel)
                .param("payload", node.id() + " " + payload).query((rs, n) -> 1).list();
    }

    private void run() {
        while (running) {
            try (Connection connection = connections.open()) {
                try (Statement statement = connection.createStatement()) {
                    for (Channel channel : Channel.values()) {
                        statement.execute("LISTEN " + channel.pgChannel);
                    }
                }
                // What was sent while no connection listened is unknown: everyone looks again.
                listeners.values().forEach(list -> list.forEach(listener -> listener.accept(null)));
                PGConnection notices = connection.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] received = notices.getNotifications(POLL_MILLIS);
                    if (received != null) {
                        for (PGNotification notice : received) {
                            dispatch(notice);
                        }
                    }
                }
            } catch (SQLException | RuntimeException e) {
                if (running) {
                    log.warn("Listening for other nodes' notices failed ({}); listening again in 1 s", e.toString());
                    pause();
                }
            }
        }
    }

    private void dispatch(PGNotification notice) {
        String text = notice.getParameter();
        int space = text.indexOf(' ');
        if (space < 0 || text.substring(0, space).equals(node.id())) {
            return;
        }
        String payload = text.substring(space + 1);
        for (Channel channel : Channel.values()) {
            if (channel.pgChannel.equals(notice.getName())) {
                for (Listener listener : listeners.getOrDefault(channel, List.of())) {
                    try {
                        listener.accept(payload);
                    } catch (RuntimeException e) {
                        log.error("Acting on a notice on {} failed", channel, e);
                    }
                }
            }
        }
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        if (connections.shared()) {
            thread = new Thread(this::run, "cluster-listener");
            thread.setDaemon(true);
            thread.start();
        }
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            try {
                thread.join(2_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
