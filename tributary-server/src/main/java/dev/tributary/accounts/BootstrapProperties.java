package dev.tributary.accounts;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** What the first start creates; the secrets are generated when not given. */
@ConfigurationProperties("tributary.bootstrap")
record BootstrapProperties(String organizationSecret, String userSecret, String organizationName,
        String accountName, String adminEmail) {

    BootstrapProperties {
        organizationName = orDefault(organizationName, "Tributary");
        accountName = orDefault(accountName, "Default");
        adminEmail = orDefault(adminEmail, "admin@localhost");
    }

    private static String orDefault(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value;
    }
}
