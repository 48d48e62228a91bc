package dev.tributary.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeliveryPropertiesUnitTests {

    private static DeliveryProperties sending(int concurrency, int perHost) {
        return new DeliveryProperties(1, null, null, concurrency, perHost, null, null, 0, null);
    }

    @Test
    void a_busy_host_keeps_as_many_sends_waiting_as_it_may_have_in_flight_by_default() {
        assertThat(sending(0, 0).hostWaitingRoom()).isEqualTo(64);
    }

    @Test
    void one_host_never_holds_more_than_half_of_the_sending_slots_when_its_limit_allows() {
        for (int concurrency = 1; concurrency <= 128; concurrency++) {
            for (int perHost = 1; perHost <= concurrency / 2; perHost++) {
                DeliveryProperties properties = sending(concurrency, perHost);
                assertThat(properties.hostWaitingRoom()).isBetween(0, perHost);
                assertThat(perHost + properties.hostWaitingRoom()).as("%d of %d", perHost, concurrency)
                        .isLessThanOrEqualTo(concurrency / 2);
            }
        }
        assertThat(sending(8, 4).hostWaitingRoom()).isZero();
        assertThat(sending(4, 4).hostWaitingRoom()).isZero();
    }
}
