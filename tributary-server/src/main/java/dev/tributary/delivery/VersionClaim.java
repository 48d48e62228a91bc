package dev.tributary.delivery;

import java.util.Comparator;

/**
 * A source's claim to deliver one object version of an instance ({@link Notifications.Batch#claim}).
 * Ordered by instance, object and version: the order claims are made in.
 *
 * @param source {@code webhook} or {@code reconciliation}
 */
public record VersionClaim(long instanceId, String source, ObjectVersion version) implements Comparable<VersionClaim> {

    private static final Comparator<VersionClaim> ORDER = Comparator.comparingLong(VersionClaim::instanceId)
            .thenComparing(claim -> claim.version().objectType())
            .thenComparing(claim -> claim.version().objectId())
            .thenComparingLong(claim -> claim.version().version())
            .thenComparing(VersionClaim::source);

    @Override
    public int compareTo(VersionClaim other) {
        return ORDER.compare(this, other);
    }
}
