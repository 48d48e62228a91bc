package dev.tributary.polling;

import java.time.Instant;
import java.util.List;

import dev.tributary.platform.storage.Dialect;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the poller's state (poll_states) and the versions it delivered (polled_objects). */
@Repository
class PollRepository {

    private static final String ADD = """
            INSERT INTO poll_states (account_id, instance_id, resource, source, polled_until, next_poll_at)
            VALUES (:accountId, :instanceId, :resource, :source, :from, :next)
            ON CONFLICT (instance_id, resource) DO NOTHING
            """;

    private static final String SELECT_ALL = "SELECT instance_id, resource, source FROM poll_states";

    private static final String REMOVE = "DELETE FROM poll_states WHERE instance_id = :instanceId AND resource = :resource";

    /** Takes due rows no live lease holds; {@code %s} is the dialect's SKIP LOCKED or nothing. */
    private static final String CLAIM = """
            UPDATE poll_states SET lease_owner = :owner, lease_until = :until
            WHERE id IN (SELECT id FROM poll_states
                         WHERE next_poll_at <= :now AND (lease_until IS NULL OR lease_until < :now)
                         ORDER BY next_poll_at
                         LIMIT :limit%s)
            RETURNING id, account_id, instance_id, resource, polled_until
            """;

    private static final String FINISH = """
            UPDATE poll_states SET polled_until = :polledUntil, next_poll_at = :next, lease_owner = NULL, lease_until = NULL
            WHERE id = :id AND lease_owner = :owner
            """;

    /** Records an object's updated time; a row comes back only when this version is new. */
    private static final String SEEN = """
            INSERT INTO polled_objects (instance_id, resource, object_id, updated_at)
            VALUES (:instanceId, :resource, :objectId, :updatedAt)
            ON CONFLICT (instance_id, resource, object_id) DO UPDATE SET updated_at = excluded.updated_at
            WHERE polled_objects.updated_at <> excluded.updated_at
            RETURNING object_id
            """;

    private static final String RELEASE_ALL = """
            UPDATE poll_states SET lease_owner = NULL, lease_until = NULL WHERE lease_owner IS NOT NULL
            """;

    private final JdbcClient jdbc;
    private final String claim;
    private final Dialect dialect;

    PollRepository(JdbcClient jdbc, Dialect dialect) {
        this.jdbc = jdbc;
        this.dialect = dialect;
        this.claim = CLAIM.formatted(dialect.skipLocked());
    }

    /**
     * On SQLite, which one node uses alone, the leases left by this node's previous process (killed
     * mid-poll) are released at start, so its polls resume at once rather than when the leases run
     * out. On PostgreSQL another node may hold them: they run out.
     */
    int releaseLeftoverLeases() {
        return dialect == Dialect.SQLITE ? jdbc.sql(RELEASE_ALL).update() : 0;
    }

    /**
     * Starts reading a resource of an instance for a source (unless it is read already): its first
     * window begins {@code from}.
     */
    void add(long accountId, long instanceId, String resource, String source, Instant from, Instant next) {
        jdbc.sql(ADD).param("accountId", accountId).param("instanceId", instanceId).param("resource", resource)
                .param("source", source)
                .param("from", from.toEpochMilli()).param("next", next.toEpochMilli()).update();
    }

    /** Every (instance, resource, source) read now, as "instanceId resource source". */
    List<String> all() {
        return jdbc.sql(SELECT_ALL).query((rs, n) -> rs.getLong("instance_id") + " " + rs.getString("resource") + " "
                + rs.getString("source")).list();
    }

    void remove(long instanceId, String resource) {
        jdbc.sql(REMOVE).param("instanceId", instanceId).param("resource", resource).update();
    }

    List<Claimed> claim(String owner, Instant now, Instant until, int limit) {
        return jdbc.sql(claim).param("owner", owner).param("until", until.toEpochMilli())
                .param("now", now.toEpochMilli()).param("limit", limit)
                .query((rs, n) -> new Claimed(rs.getLong("id"), rs.getLong("account_id"), rs.getLong("instance_id"),
                        rs.getString("resource"), Instant.ofEpochMilli(rs.getLong("polled_until"))))
                .list();
    }

    /** Ends a poll: the window polled whole (or, after a failure, the same start again) and the next time. */
    boolean finish(long id, String owner, Instant polledUntil, Instant next) {
        return jdbc.sql(FINISH).param("id", id).param("owner", owner).param("polledUntil", polledUntil.toEpochMilli())
                .param("next", next.toEpochMilli()).update() == 1;
    }

    /** Whether this (object, updated time) is new for the instance's resource; records it if so. */
    boolean firstSeen(long instanceId, String resource, String objectId, String updatedAt) {
        return !jdbc.sql(SEEN).param("instanceId", instanceId).param("resource", resource).param("objectId", objectId)
                .param("updatedAt", updatedAt).query(String.class).list().isEmpty();
    }

    /** A poll this node holds under its lease. */
    record Claimed(long id, long accountId, long instanceId, String resource, Instant polledUntil) {
    }
}
