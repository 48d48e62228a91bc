package dev.tributary.instances;

import dev.tributary.platform.cluster.ClusterSignals;
import org.springframework.stereotype.Component;

/**
 * What nodes cache of instances on hot paths (the ingest targets, the signature keys), dropped on
 * every node when one changes an instance: at once on the node that changed it, and on the others
 * when its notice arrives, instead of when their caches expire.
 */
@Component
class InstanceCaches {

    private final IngestTargets ingestTargets;
    private final SignatureKeys signatureKeys;
    private final ClusterSignals signals;

    InstanceCaches(IngestTargets ingestTargets, SignatureKeys signatureKeys, ClusterSignals signals) {
        this.ingestTargets = ingestTargets;
        this.signatureKeys = signatureKeys;
        this.signals = signals;
        signals.listen(ClusterSignals.Channel.INSTANCE_CHANGED, instanceId -> forgetHere());
    }

    /** After a change to the instance committed. */
    void changed(long instanceId) {
        forgetHere();
        signals.send(ClusterSignals.Channel.INSTANCE_CHANGED, Long.toString(instanceId));
    }

    private void forgetHere() {
        ingestTargets.forget();
        signatureKeys.forget();
    }
}
