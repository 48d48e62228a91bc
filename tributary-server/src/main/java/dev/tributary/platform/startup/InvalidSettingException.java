package dev.tributary.platform.startup;

/** A setting whose value names nothing Tributary knows, such as {@code TRIBUTARY_MODE=prod}. */
public class InvalidSettingException extends StartupException {

    /**
     * @param variable the environment variable
     * @param value    what it was set to
     * @param accepted what it may be set to: "sandbox or production"
     */
    public InvalidSettingException(String variable, String value, String accepted) {
        super(variable + " is '" + (value.length() > 60 ? value.substring(0, 60) + "..." : value) + "'",
                "set " + variable + " to " + accepted, null);
    }
}
