package dev.tributary.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EventIdsUnitTests {

    @Test
    void idsAreVersionSevenUuidsCarryingTheirMillisecond() {
        long millis = 1_764_400_000_123L;
        UUID id = UUID.fromString(EventIds.at(millis));
        assertThat(id.version()).isEqualTo(7);
        assertThat(id.variant()).isEqualTo(2);
        assertThat(id.getMostSignificantBits() >>> 16).isEqualTo(millis);
    }

    @Test
    void laterIdsSortLaterAsText() {
        String earlier = EventIds.at(1_764_400_000_123L);
        String later = EventIds.at(1_764_400_000_124L);
        String muchLater = EventIds.at(1_900_000_000_000L);
        assertThat(earlier).isLessThan(later);
        assertThat(later).isLessThan(muchLater);
    }

    @Test
    void idsOfTheSameMillisecondDiffer() {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(EventIds.at(1_764_400_000_123L));
        }
        assertThat(ids).hasSize(10_000);
    }
}
