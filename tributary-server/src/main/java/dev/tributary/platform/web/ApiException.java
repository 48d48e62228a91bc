package dev.tributary.platform.web;

import org.springframework.http.HttpStatus;

/** A failure with a status and a message meant for the API caller. */
public class ApiException extends RuntimeException {

    private final HttpStatus status;
    private final String providerMessage;

    public ApiException(HttpStatus status, String message) {
        this(status, message, null);
    }

    public ApiException(HttpStatus status, String message, String providerMessage) {
        super(message);
        this.status = status;
        this.providerMessage = providerMessage;
    }

    public HttpStatus status() {
        return status;
    }

    public String providerMessage() {
        return providerMessage;
    }

    public static ApiException badRequest(String message) {
        return new ApiException(HttpStatus.BAD_REQUEST, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, message);
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, message);
    }

    public static ApiException conflict(String message) {
        return new ApiException(HttpStatus.CONFLICT, message);
    }
}
