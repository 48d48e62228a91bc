package dev.tributary.delivery;

import dev.tributary.instances.InstanceCallbackChanged;
import dev.tributary.instances.InstanceDeleted;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Keeps deliveries in step with their instance, inside the transaction that changed it: a new
 * callback URL applies to every delivery not yet made; a removed instance's undelivered deliveries
 * are cancelled.
 */
@Component
class InstanceChangeListener {

    private static final String REDIRECT = """
            UPDATE deliveries SET url = :url
            WHERE account_id = :accountId AND instance_id = :instanceId AND status IN ('pending', 'retrying', 'queued')
            """;

    private static final String CANCEL = """
            UPDATE deliveries SET status = 'cancelled', next_attempt_at = NULL
            WHERE account_id = :accountId AND instance_id = :instanceId AND status IN ('pending', 'retrying', 'queued')
            """;

    private final JdbcClient jdbc;

    InstanceChangeListener(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @EventListener
    void on(InstanceCallbackChanged change) {
        jdbc.sql(REDIRECT).param("url", change.newUrl()).param("accountId", change.accountId())
                .param("instanceId", change.instanceId()).update();
    }

    @EventListener
    void on(InstanceDeleted deleted) {
        jdbc.sql(CANCEL).param("accountId", deleted.accountId()).param("instanceId", deleted.instanceId()).update();
    }
}
