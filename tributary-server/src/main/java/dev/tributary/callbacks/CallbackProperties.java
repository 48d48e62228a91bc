package dev.tributary.callbacks;

import org.springframework.boot.context.properties.ConfigurationProperties;

/** {@code TRIBUTARY_CALLBACK_ALLOW}: comma-separated IPv4 and IPv6 CIDRs callbacks may reach in production mode. */
@ConfigurationProperties("tributary.callback")
public record CallbackProperties(String allow) {

    public CallbackProperties {
        allow = allow == null ? "" : allow;
    }
}
