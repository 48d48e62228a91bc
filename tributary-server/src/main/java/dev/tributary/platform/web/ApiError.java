package dev.tributary.platform.web;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.swagger.v3.oas.annotations.media.Schema;

/** The body of every error answer (SPEC 2.2). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@Schema(name = "ApiError", description = "The body of every error answer")
public record ApiError(
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "What went wrong, naming the field or value at fault and what to do instead",
                example = "pageSize must be from 1 to 500, not 900") String message,
        @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
                description = "This request's id, also in the server's log line for it",
                example = "c886adb9398bf0ed3ad3e9f6") String requestId,
        @Schema(description = "What Shopify said, when the failure comes from Shopify") String providerMessage) {

    public ApiError(String message, String requestId) {
        this(message, requestId, null);
    }
}
