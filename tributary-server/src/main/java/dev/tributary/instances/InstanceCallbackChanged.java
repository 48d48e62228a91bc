package dev.tributary.instances;

/** An instance's callback URL changed (or events were turned off: {@code newUrl} null). */
public record InstanceCallbackChanged(long accountId, long instanceId, String newUrl) {
}
