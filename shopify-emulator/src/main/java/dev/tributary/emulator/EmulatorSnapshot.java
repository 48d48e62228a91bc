package dev.tributary.emulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The emulator's lasting state as one JSON document: apps, shops with their installations,
 * resources and subscriptions, and the id counter. Pending authorization codes and webhook
 * deliveries are left out: a code is good for minutes, and a delivery dies with the process anyway.
 *
 * @param version the file format, so a later emulator can tell an old file from a new one
 * @param nextId  the id the emulator hands out next: restored ids must never be handed out again
 */
record EmulatorSnapshot(int version, long nextId, List<StoredApp> apps, List<StoredShop> shops) {

    static final int VERSION = 1;

    EmulatorSnapshot {
        apps = List.copyOf(Objects.requireNonNull(apps, "apps"));
        shops = List.copyOf(Objects.requireNonNull(shops, "shops"));
    }

    /** A client id, secret and name, and where compliance topics go (null for nowhere). */
    record StoredApp(String clientId, String clientSecret, String name, String complianceUrl) {

        StoredApp {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(clientSecret, "clientSecret");
        }
    }

    /** A shop with everything in it; resources by their plural ({@code orders}), each as the REST API renders it. */
    record StoredShop(String name, long lastOrderNumber, List<StoredInstallation> installations,
            Map<String, List<ObjectNode>> resources, List<StoredSubscription> subscriptions) {

        StoredShop {
            Objects.requireNonNull(name, "name");
            installations = List.copyOf(Objects.requireNonNull(installations, "installations"));
            // Kept in order, so the file lists orders, customers, products each time.
            resources = Collections.unmodifiableMap(new LinkedHashMap<>(Objects.requireNonNull(resources, "resources")));
            subscriptions = List.copyOf(Objects.requireNonNull(subscriptions, "subscriptions"));
        }
    }

    record StoredInstallation(String clientId, String accessToken, List<String> scopes) {

        StoredInstallation {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(accessToken, "accessToken");
            scopes = List.copyOf(Objects.requireNonNull(scopes, "scopes"));
        }
    }

    /** A {@link Subscription} with its times as ISO-8601 instants. */
    record StoredSubscription(long id, String clientId, String topic, String address, String format,
            List<String> fields, List<String> metafieldNamespaces, String apiVersion, String createdAt,
            String updatedAt) {

        StoredSubscription {
            Objects.requireNonNull(clientId, "clientId");
            Objects.requireNonNull(topic, "topic");
            Objects.requireNonNull(address, "address");
            Objects.requireNonNull(format, "format");
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(updatedAt, "updatedAt");
        }
    }

    /**
     * Takes the state as it is now, while other threads may change it. The id counter is read
     * last, so it is past every id in the snapshot; stored resource bodies are replaced, never
     * changed in place, so each one is a whole version.
     */
    static EmulatorSnapshot of(EmulatorState state) {
        List<StoredApp> apps = new ArrayList<>();
        for (App app : state.apps()) {
            apps.add(new StoredApp(app.clientId(), app.clientSecret(), app.name(), app.complianceUrl()));
        }
        List<StoredShop> shops = new ArrayList<>();
        for (Shop shop : state.shops()) {
            List<StoredInstallation> installations = new ArrayList<>();
            for (Installation installation : shop.installations().values()) {
                installations.add(new StoredInstallation(installation.app().clientId(), installation.accessToken(),
                        List.copyOf(installation.scopes())));
            }
            Map<String, List<ObjectNode>> resources = new LinkedHashMap<>();
            for (ResourceType type : ResourceType.values()) {
                resources.put(type.plural(), List.copyOf(shop.resources(type).values()));
            }
            List<StoredSubscription> subscriptions = new ArrayList<>();
            for (Subscription s : shop.subscriptions().values()) {
                subscriptions.add(new StoredSubscription(s.id(), s.clientId(), s.topic(), s.address(), s.format(),
                        s.fields(), s.metafieldNamespaces(), s.apiVersion(), s.createdAt().toString(),
                        s.updatedAt().toString()));
            }
            shops.add(new StoredShop(shop.name(), shop.lastOrderNumber(), installations, resources, subscriptions));
        }
        return new EmulatorSnapshot(VERSION, state.peekNextId(), apps, shops);
    }

    /**
     * Puts the snapshot into a state that has nothing yet. Throws IllegalArgumentException for
     * anything that does not fit together (a token for an unknown app, a resource without an id).
     */
    void restoreInto(EmulatorState state) {
        if (version != VERSION) {
            throw new IllegalArgumentException("format version " + version + " is not " + VERSION
                    + ", the one this emulator reads");
        }
        if (!state.apps().isEmpty() || !state.shops().isEmpty()) {
            throw new IllegalStateException("a snapshot is restored into an empty emulator only");
        }
        long highestId = 0;
        for (StoredApp app : apps) {
            state.createApp(app.clientId(), app.clientSecret(), app.name(), app.complianceUrl());
        }
        for (StoredShop stored : shops) {
            Shop shop = state.createShop(stored.name());
            shop.lastOrderNumber(stored.lastOrderNumber());
            for (StoredInstallation installation : stored.installations()) {
                App app = state.app(installation.clientId()).orElseThrow(() -> new IllegalArgumentException(
                        "shop " + stored.name() + " has an installation of unknown app " + installation.clientId()));
                state.install(shop, app, installation.accessToken(), new LinkedHashSet<>(installation.scopes()));
            }
            for (Map.Entry<String, List<ObjectNode>> entry : stored.resources().entrySet()) {
                ResourceType type = ResourceType.ofPlural(entry.getKey()).orElseThrow(() ->
                        new IllegalArgumentException("shop " + stored.name() + " has unknown resources " + entry.getKey()));
                for (ObjectNode resource : entry.getValue()) {
                    JsonNode id = resource == null ? null : resource.get("id");
                    if (id == null || !id.isIntegralNumber()) {
                        throw new IllegalArgumentException("shop " + stored.name() + " has " + type.plural()
                                + " without a numeric id");
                    }
                    shop.resources(type).put(id.asLong(), resource);
                    highestId = Math.max(highestId, id.asLong());
                }
            }
            for (StoredSubscription s : stored.subscriptions()) {
                if (state.app(s.clientId()).isEmpty()) {
                    throw new IllegalArgumentException("shop " + stored.name() + " has subscription " + s.id()
                            + " of unknown app " + s.clientId());
                }
                shop.subscriptions().put(s.id(), new Subscription(s.id(), s.clientId(), s.topic(), s.address(),
                        s.format(), s.fields(), s.metafieldNamespaces(), s.apiVersion(), Instant.parse(s.createdAt()),
                        Instant.parse(s.updatedAt())));
                highestId = Math.max(highestId, s.id());
            }
        }
        // The stored counter is past every stored id unless the file was edited; never trust it below them.
        state.skipIdsTo(Math.max(nextId, highestId + 1));
    }
}
