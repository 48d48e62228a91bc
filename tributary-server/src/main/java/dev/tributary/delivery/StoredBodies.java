package dev.tributary.delivery;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.tributary.events.NotificationBody;
import org.springframework.stereotype.Component;

/**
 * Reads notification bodies as stored: whole, or as an envelope whose provider body is the
 * received webhook's, put back in at {@code raw_offset}. Queries select {@code n.body},
 * {@code n.raw_offset} and {@code n.received_webhook_id}.
 */
@Component
class StoredBodies {

    /** The columns a query selects for {@link #read}. */
    static final String COLUMNS = "n.body, n.raw_offset, n.received_webhook_id";

    private final ReceivedBodies received;

    StoredBodies(ReceivedBodies received) {
        this.received = received;
    }

    /** A notification body as one row stores it. */
    record Stored(byte[] body, Integer rawOffset, Long receivedWebhookId) {

        boolean whole() {
            return rawOffset == null || receivedWebhookId == null;
        }
    }

    static Stored read(ResultSet rs) throws SQLException {
        byte[] body = rs.getBytes("body");
        int offset = rs.getInt("raw_offset");
        Integer rawOffset = rs.wasNull() ? null : offset;
        long receivedId = rs.getLong("received_webhook_id");
        return new Stored(body, rawOffset, rs.wasNull() ? null : receivedId);
    }

    /** The exact bodies of these stored notifications, in their order; one read for all the received bodies. */
    List<byte[]> assemble(List<Stored> stored) {
        List<Long> ids = stored.stream().filter(body -> !body.whole()).map(Stored::receivedWebhookId).distinct().toList();
        Map<Long, byte[]> bodies = ids.isEmpty() ? Map.of() : received.find(ids);
        return stored.stream().map(body -> body.whole() ? body.body()
                : NotificationBody.assemble(body.body(), body.rawOffset(),
                        Objects.requireNonNull(bodies.get(body.receivedWebhookId()),
                                () -> "received webhook " + body.receivedWebhookId() + " is gone")))
                .toList();
    }
}
