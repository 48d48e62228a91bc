package dev.tributary.emulator;

import java.util.Set;

/** An app installed on a shop: its access token and granted scopes. */
public final class Installation {

    private final App app;
    private final Shop shop;
    private final String accessToken;
    private final Set<String> scopes;

    Installation(App app, Shop shop, String accessToken, Set<String> scopes) {
        this.app = app;
        this.shop = shop;
        this.accessToken = accessToken;
        this.scopes = java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(scopes));
    }

    public App app() {
        return app;
    }

    public Shop shop() {
        return shop;
    }

    public String accessToken() {
        return accessToken;
    }

    /** The scopes as granted; a {@code write_x} scope also grants {@code read_x}. */
    public Set<String> scopes() {
        return scopes;
    }

    public boolean hasScope(String scope) {
        if (scopes.contains(scope)) {
            return true;
        }
        return scope.startsWith("read_") && scopes.contains("write_" + scope.substring("read_".length()));
    }
}
