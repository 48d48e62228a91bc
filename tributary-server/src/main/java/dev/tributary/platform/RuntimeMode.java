package dev.tributary.platform;

import java.util.Locale;

import dev.tributary.platform.startup.InvalidSettingException;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * {@code TRIBUTARY_MODE}: {@code sandbox} mounts a Shopify emulator and a recording receiver for
 * newcomers; {@code production} mounts neither. Unset, it is sandbox on the embedded store and
 * production when {@code TRIBUTARY_DATABASE_URL} is set.
 */
public enum RuntimeMode {

    SANDBOX, PRODUCTION;

    public static RuntimeMode of(Environment environment) {
        String mode = environment.getProperty("tributary.mode", "").strip().toLowerCase(Locale.ROOT);
        return switch (mode) {
            case "sandbox" -> SANDBOX;
            case "production" -> PRODUCTION;
            case "" -> environment.getProperty("tributary.database.url", "").isBlank() ? SANDBOX : PRODUCTION;
            default -> throw new InvalidSettingException("TRIBUTARY_MODE", mode, "sandbox or production");
        };
    }

    /** Lets a bean exist in sandbox mode only. */
    public static final class SandboxOnly implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return RuntimeMode.of(context.getEnvironment()) == SANDBOX;
        }
    }
}
