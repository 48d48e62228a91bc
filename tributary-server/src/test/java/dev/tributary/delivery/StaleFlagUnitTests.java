package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;

class StaleFlagUnitTests {

    @Test
    void a_stale_notification_carries_the_flag_as_the_message_first_field_and_is_otherwise_unchanged() {
        byte[] body = "{\"message\":{\"eventId\":\"e1\",\"raw\":{\"id\":1}}}".getBytes(StandardCharsets.UTF_8);
        assertThat(new String(DeliveryWorker.flaggedStale(body), StandardCharsets.UTF_8))
                .isEqualTo("{\"message\":{\"stale\":true,\"eventId\":\"e1\",\"raw\":{\"id\":1}}}");
    }

    @Test
    void bytes_that_are_not_a_notification_are_sent_as_stored() {
        byte[] odd = "{\"msg\":1}".getBytes(StandardCharsets.UTF_8);
        assertThat(DeliveryWorker.flaggedStale(odd)).isSameAs(odd);
        assertThat(DeliveryWorker.flaggedStale(new byte[0])).isEmpty();
    }

    @Test
    void the_order_key_is_instance_object_type_and_id_and_objects_without_an_id_are_not_ordered() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        DeliveryOrder order = DeliveryOrder.of(7, "orders", "450789469", at, at.plusSeconds(1), false);
        assertThat(order.key()).isEqualTo("7:orders:450789469");
        assertThat(order.at()).isEqualTo(at.toEpochMilli());
        assertThat(order.version()).isEqualTo(at.plusSeconds(1).toEpochMilli());
        assertThat(DeliveryOrder.of(7, "orders", "1", at, null, true).version()).isZero();
        assertThat(DeliveryOrder.of(7, "shop", null, at, null, false)).isNull();
    }
}
