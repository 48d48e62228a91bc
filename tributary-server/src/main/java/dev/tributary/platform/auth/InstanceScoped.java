package dev.tributary.platform.auth;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a handler that an instance-scoped caller ({@code User <secret>, Element <token>}) may call;
 * the handler itself keeps it to its instance ({@link Caller#requireAccessTo}). Every other
 * handler answers such a caller 403, so a new endpoint is closed to it until someone decides.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface InstanceScoped {
}
