package dev.tributary.emulator;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.Router;
import org.junit.jupiter.api.Test;

class RouterUnitTests {

    private static Request request(String method, String path) {
        return new Request(method, path, null, Map.of(), new byte[0], Map.of());
    }

    @Test
    void the_most_specific_pattern_wins_whatever_the_order_added() throws Exception {
        Router router = new Router()
                .add("POST", "/_emulator/shops/{shop}/{resource}", r -> Response.text(200, "resource " + r.pathVariable("resource")))
                .add("POST", "/_emulator/shops/{shop}/rate-limit", r -> Response.text(200, "rate limit of " + r.pathVariable("shop")));
        assertThat(router.dispatch(request("POST", "/_emulator/shops/mystore/rate-limit")).bodyText())
                .isEqualTo("rate limit of mystore");
        assertThat(router.dispatch(request("POST", "/_emulator/shops/mystore/orders")).bodyText()).isEqualTo("resource orders");
    }

    @Test
    void variables_match_inside_one_segment_and_around_suffixes() throws Exception {
        Router router = new Router().add("GET", "/{shop}/admin/api/{version}/orders/{id}.json",
                r -> Response.text(200, r.pathVariable("shop") + " " + r.pathVariable("version") + " " + r.pathVariable("id")));
        assertThat(router.dispatch(request("GET", "/mystore/admin/api/2025-10/orders/42.json")).bodyText())
                .isEqualTo("mystore 2025-10 42");
        assertThat(router.dispatch(request("GET", "/mystore/admin/api/2025-10/orders/4/2.json")).status()).isEqualTo(404);
    }

    @Test
    void a_known_path_with_another_method_is_405_with_allow() throws Exception {
        Router router = new Router().add("GET", "/x", r -> Response.text(200, "x")).add("PUT", "/x", r -> Response.text(200, "x"));
        Response response = router.dispatch(request("DELETE", "/x"));
        assertThat(response.status()).isEqualTo(405);
        assertThat(List.of(response.headers().get("Allow").split(", "))).containsExactly("GET", "PUT");
    }
}
