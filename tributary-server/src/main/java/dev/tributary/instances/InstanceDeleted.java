package dev.tributary.instances;

/** An instance was removed; what was still to be delivered for it is cancelled. */
public record InstanceDeleted(long accountId, long instanceId) {
}
