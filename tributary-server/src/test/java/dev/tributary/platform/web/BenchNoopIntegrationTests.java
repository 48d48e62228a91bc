package dev.tributary.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.Test;

/** The benchmark's no-op endpoint exists only when TRIBUTARY_BENCH_NOOP is on. */
class BenchNoopIntegrationTests {

    private static final String ORDER = "{\"id\": 450789469, \"email\": \"bob.norman@hostmail.com\"}";

    @Test
    void the_noop_endpoint_answers_200_with_nothing_when_switched_on() {
        try (TestStore store = TestStore.sqlite();
                RunningService service = RunningService.start(store, Map.of("tributary.bench.noop", "true"))) {
            Answer answer = service.client().post("/bench/noop", ORDER).header("X-Shopify-Topic", "orders/create").send();
            assertThat(answer.status()).isEqualTo(200);
            assertThat(answer.body()).isEmpty();
        }
    }

    @Test
    void the_noop_endpoint_is_absent_by_default() {
        try (TestStore store = TestStore.sqlite(); RunningService service = RunningService.start(store)) {
            Answer answer = service.client().post("/bench/noop", ORDER).send();
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.json().get("requestId").asString()).isNotBlank();
        }
    }
}
