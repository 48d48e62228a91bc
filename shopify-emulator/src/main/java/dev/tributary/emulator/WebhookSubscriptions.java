package dev.tributary.emulator;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/**
 * The rules for webhook subscriptions that the GraphQL and REST Admin APIs share: an app sees and
 * changes only its own; a topic must be one apps may subscribe to; an address must be an absolute
 * http(s) URL; an app may not subscribe the same address to the same topic twice.
 */
public final class WebhookSubscriptions {

    /** Why a change was refused; the APIs word it each in their own way. */
    public enum Problem {
        TOPIC_INVALID, ADDRESS_INVALID, ADDRESS_TAKEN, FORMAT_INVALID, NOT_FOUND
    }

    /** The outcome of a change: the subscription, or the problem. */
    public record Result(Subscription subscription, Problem problem) {

        static Result ok(Subscription subscription) {
            return new Result(subscription, null);
        }

        static Result refused(Problem problem) {
            return new Result(null, problem);
        }

        public boolean isOk() {
            return problem == null;
        }
    }

    private final EmulatorState state;
    private final Clock clock;

    WebhookSubscriptions(EmulatorState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    /** The app's subscriptions on the shop, in id order. */
    public List<Subscription> list(Installation installation) {
        return installation.shop().subscriptions().values().stream()
                .filter(s -> s.clientId().equals(installation.app().clientId()))
                .toList();
    }

    public Optional<Subscription> get(Installation installation, long id) {
        Subscription subscription = installation.shop().subscriptions().get(id);
        return subscription != null && subscription.clientId().equals(installation.app().clientId())
                ? Optional.of(subscription)
                : Optional.empty();
    }

    public synchronized Result create(Installation installation, String topic, String address, String format,
            List<String> fields, List<String> metafieldNamespaces, String apiVersion) {
        String normalizedFormat = format == null ? "json" : format.toLowerCase(java.util.Locale.ROOT);
        if (topic == null || !Topics.isSubscribable(topic)) {
            return Result.refused(Problem.TOPIC_INVALID);
        }
        if (!isValidAddress(address)) {
            return Result.refused(Problem.ADDRESS_INVALID);
        }
        if (!normalizedFormat.equals("json") && !normalizedFormat.equals("xml")) {
            return Result.refused(Problem.FORMAT_INVALID);
        }
        if (taken(installation, topic, address, -1)) {
            return Result.refused(Problem.ADDRESS_TAKEN);
        }
        var now = clock.instant();
        Subscription subscription = new Subscription(state.nextId(), installation.app().clientId(), topic, address,
                normalizedFormat, fields, metafieldNamespaces, apiVersion, now, now);
        installation.shop().subscriptions().put(subscription.id(), subscription);
        state.changed();
        return Result.ok(subscription);
    }

    /** Changes the address (and fields, when not null) of one of the app's subscriptions. */
    public synchronized Result update(Installation installation, long id, String address, List<String> fields) {
        Subscription existing = get(installation, id).orElse(null);
        if (existing == null) {
            return Result.refused(Problem.NOT_FOUND);
        }
        String newAddress = address == null ? existing.address() : address;
        if (!isValidAddress(newAddress)) {
            return Result.refused(Problem.ADDRESS_INVALID);
        }
        if (taken(installation, existing.topic(), newAddress, id)) {
            return Result.refused(Problem.ADDRESS_TAKEN);
        }
        Subscription updated = existing.withAddress(newAddress, fields, clock.instant());
        installation.shop().subscriptions().put(id, updated);
        state.changed();
        return Result.ok(updated);
    }

    public synchronized Result delete(Installation installation, long id) {
        Subscription existing = get(installation, id).orElse(null);
        if (existing == null) {
            return Result.refused(Problem.NOT_FOUND);
        }
        installation.shop().subscriptions().remove(id);
        state.changed();
        return Result.ok(existing);
    }

    private static boolean taken(Installation installation, String topic, String address, long exceptId) {
        return installation.shop().subscriptions().values().stream()
                .anyMatch(s -> s.id() != exceptId && s.clientId().equals(installation.app().clientId())
                        && s.topic().equals(topic) && s.address().equals(address));
    }

    static boolean isValidAddress(String address) {
        if (address == null || address.isBlank() || address.length() > 2048) {
            return false;
        }
        try {
            URI uri = new URI(address);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (java.net.URISyntaxException e) {
            return false;
        }
    }
}
