package dev.tributary.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The body of every error answer (SPEC 2.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String message, String requestId, String providerMessage) {

    public ApiError(String message, String requestId) {
        this(message, requestId, null);
    }
}
