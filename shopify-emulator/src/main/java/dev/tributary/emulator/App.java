package dev.tributary.emulator;

/**
 * A Shopify app: client id and secret, and the address its app settings give for the mandatory
 * compliance topics (null when none is set).
 */
public final class App {

    private final String clientId;
    private final String clientSecret;
    private final String name;
    private volatile String complianceUrl;

    App(String clientId, String clientSecret, String name, String complianceUrl) {
        this.clientId = clientId;
        this.clientSecret = clientSecret;
        this.name = name;
        this.complianceUrl = complianceUrl;
    }

    public String clientId() {
        return clientId;
    }

    public String clientSecret() {
        return clientSecret;
    }

    public String name() {
        return name;
    }

    public String complianceUrl() {
        return complianceUrl;
    }

    void complianceUrl(String url) {
        this.complianceUrl = url;
    }
}
