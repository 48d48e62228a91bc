package dev.tributary.platform.web;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits of the HTTP front door: the largest body, and the longest a body may take to arrive
 * (a client sending a byte now and then never trips the container's per-read timeout).
 */
@ConfigurationProperties("tributary.http")
public record HttpProperties(DataSize maxBodySize, Duration bodyReadTimeout) {

    public HttpProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
        bodyReadTimeout = bodyReadTimeout == null ? Duration.ofSeconds(60) : bodyReadTimeout;
        if (bodyReadTimeout.isNegative() || bodyReadTimeout.isZero()) {
            throw new IllegalArgumentException("TRIBUTARY_BODY_READ_TIMEOUT must be positive, not " + bodyReadTimeout);
        }
    }
}
