package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class HandoffUnitTests {

    static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");

    final Handoff handoff = new Handoff(new DeliveryProperties(1, null, null, 0, 0, Duration.ofSeconds(60), null, 0, null), "node-test");

    static DeliveryRepository.ClaimedDelivery delivery(long id, Instant createdAt) {
        return new DeliveryRepository.ClaimedDelivery(id, 1, 2, "event-" + id, "http://127.0.0.1:1/callback", 0, 0,
                null, createdAt, id, false, false, "orders/create", "mystore.myshopify.com", null, false, false, new byte[0]);
    }

    @Test
    void nothing_is_reserved_or_handed_over_before_the_senders_open_it() {
        assertThat(handoff.reserve()).isFalse();
        assertThat(handoff.handOver(List.of(delivery(1, NOW)))).isFalse();
        assertThat(handoff.take(10, NOW)).isEmpty();
    }

    @Test
    void deliveries_are_taken_in_the_order_they_were_handed_over_at_most_as_many_as_asked() {
        handoff.open();
        List<DeliveryRepository.ClaimedDelivery> committed = new ArrayList<>();
        for (long id = 1; id <= 5; id++) {
            assertThat(handoff.reserve()).isTrue();
            committed.add(delivery(id, NOW));
        }
        assertThat(handoff.handOver(committed)).isTrue();
        assertThat(handoff.take(3, NOW).stream().map(DeliveryRepository.ClaimedDelivery::id)).containsExactly(1L, 2L, 3L);
        assertThat(handoff.take(10, NOW).stream().map(DeliveryRepository.ClaimedDelivery::id)).containsExactly(4L, 5L);
        assertThat(handoff.isEmpty()).isTrue();
    }

    @Test
    void room_is_bounded_and_comes_back_when_deliveries_are_taken_or_unreserved() {
        handoff.open();
        for (int i = 0; i < Handoff.CAPACITY; i++) {
            assertThat(handoff.reserve()).isTrue();
        }
        assertThat(handoff.reserve()).as("full: the next delivery goes through the table").isFalse();
        handoff.unreserve(1);
        assertThat(handoff.reserve()).isTrue();
        handoff.handOver(List.of(delivery(1, NOW)));
        assertThat(handoff.reserve()).isFalse();
        handoff.take(1, NOW);
        assertThat(handoff.reserve()).isTrue();
    }

    @Test
    void a_delivery_that_waited_half_its_lease_is_left_to_the_table() {
        handoff.open();
        handoff.reserve();
        handoff.reserve();
        handoff.handOver(List.of(delivery(1, NOW.minusSeconds(31)), delivery(2, NOW.minusSeconds(29))));
        assertThat(handoff.take(10, NOW).stream().map(DeliveryRepository.ClaimedDelivery::id)).containsExactly(2L);
        assertThat(handoff.isEmpty()).isTrue();
    }

    @Test
    void closing_answers_what_was_never_taken_and_refuses_later_hand_overs() {
        handoff.open();
        handoff.reserve();
        handoff.reserve();
        handoff.reserve();
        handoff.handOver(List.of(delivery(1, NOW), delivery(2, NOW)));
        handoff.take(1, NOW);
        assertThat(handoff.close()).containsExactly(2L);
        assertThat(handoff.handOver(List.of(delivery(3, NOW)))).isFalse();
        assertThat(handoff.reserve()).isFalse();
        handoff.open();
        for (int i = 0; i < Handoff.CAPACITY; i++) {
            assertThat(handoff.reserve()).as("all room back after %d", i).isTrue();
        }
    }
}
