package dev.tributary.ingest;

import java.util.Collection;
import java.util.Map;

import dev.tributary.delivery.ReceivedBodies;
import org.springframework.stereotype.Component;

/** The delivery package's way to the bodies of received webhooks, which this package stores. */
@Component
class ReceivedWebhookBodies implements ReceivedBodies {

    private final IngestRepository repository;

    ReceivedWebhookBodies(IngestRepository repository) {
        this.repository = repository;
    }

    @Override
    public Map<Long, byte[]> find(Collection<Long> receivedWebhookIds) {
        return repository.bodies(receivedWebhookIds);
    }
}
