package dev.tributary.emulator;

import dev.tributary.emulator.http.Request;
import dev.tributary.emulator.http.Response;
import dev.tributary.emulator.http.ShopifyHttpException;

/** The checks every Admin API call passes: a known shop, a valid access token, the needed scope. */
public final class AdminAccess {

    public static final String TOKEN_HEADER = "X-Shopify-Access-Token";

    private final EmulatorState state;

    AdminAccess(EmulatorState state) {
        this.state = state;
    }

    /** The shop named by the {@code shop} path variable; 404 as Shopify answers for an unknown one. */
    public Shop shop(Request request) {
        return state.shop(request.pathVariable("shop"))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(404, "Not Found")));
    }

    /** The installation whose token the request carries, for its shop; 401 otherwise. */
    public Installation authenticate(Request request, Shop shop) {
        return state.installationByToken(shop, request.header(TOKEN_HEADER))
                .orElseThrow(() -> new ShopifyHttpException(Response.errors(401,
                        "[API] Invalid API key or access token (unrecognized login or wrong password)")));
    }

    /** 403 unless the installation was granted {@code scope} (or its write form). */
    public static void requireScope(Installation installation, String scope) {
        if (!installation.hasScope(scope)) {
            throw new ShopifyHttpException(Response.errors(403,
                    "[API] This action requires merchant approval for " + scope + " scope."));
        }
    }
}
