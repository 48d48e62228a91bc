package dev.tributary.platform.auth;

/** An {@code Authorization} header that does not have the platform's shape. */
class MalformedAuthorizationException extends RuntimeException {

    public MalformedAuthorizationException(String message) {
        super(message);
    }
}
