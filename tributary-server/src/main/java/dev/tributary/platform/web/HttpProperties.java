package dev.tributary.platform.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/** Limits of the HTTP front door. */
@ConfigurationProperties("tributary.http")
public record HttpProperties(DataSize maxBodySize) {

    public HttpProperties {
        maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(10) : maxBodySize;
    }
}
