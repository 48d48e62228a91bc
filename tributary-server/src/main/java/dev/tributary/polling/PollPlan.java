package dev.tributary.polling;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import dev.tributary.elements.HubResourcePath;
import dev.tributary.elements.PollUrlTemplate;
import dev.tributary.instances.InstanceConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What one instance reads from its shop, read from its configuration. Pure.
 * <ul>
 * <li>Polling (SPEC 5): each resource's url, the fields that hold an object's id and its created
 * and updated times, the tolerance under which an object counts as created, the page size and the
 * poll delay. Without an {@code event.poller.configuration}, a polling instance polls the resources
 * of its topics (all three when it names none), each since its last poll.</li>
 * <li>Reconciliation: for a webhook instance, the hub resources of its subscribed topics (less any
 * it polls), read the default way, and {@link #SUBSCRIPTIONS}, its webhook subscriptions at Shopify.</li>
 * </ul>
 *
 * @param source {@link #POLLING} or {@link #RECONCILIATION}: what the events it finds say they came from
 * @param topics the topics the instance takes: reconciliation sends only changes of these
 */
record PollPlan(String source, Duration interval, List<ResourcePoll> resources, Set<String> topics) {

    static final String POLLING = "polling";
    static final String RECONCILIATION = "reconciliation";
    /** The pseudo-resource a reconciliation sweep checks the webhook subscriptions under. */
    static final String SUBSCRIPTIONS = "webhook-subscriptions";
    static final String DEFAULT_URL = "%s?where=updated_at_min='${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}'";
    private static final int RECONCILIATION_PAGE_SIZE = 250;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** How one resource is polled. */
    record ResourcePoll(String resource, PollUrlTemplate url, String idField, String updatedField,
            String createdField, Duration createdTolerance, int pageSize, Duration pollDelay) {
    }

    /** The {@code where} of an expanded url, as the hub reads it ({@code +} in an offset kept), or null. */
    static String whereOf(String url) {
        int query = url.indexOf('?');
        if (query < 0) {
            return null;
        }
        for (String parameter : url.substring(query + 1).split("&")) {
            if (parameter.startsWith("where=")) {
                return URLDecoder.decode(parameter.substring("where=".length()).replace("+", "%2B"), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    static PollPlan of(InstanceConfiguration configuration) {
        List<ResourcePoll> resources = new ArrayList<>();
        String text = configuration.get(InstanceConfiguration.POLLER_CONFIGURATION).orElse(null);
        JsonNode settings = text == null ? null : JSON.readTree(text);
        if (settings == null || settings.isEmpty()) {
            for (String resource : defaultResources(configuration)) {
                resources.add(resourcePoll(resource, JSON.createObjectNode()));
            }
        } else {
            for (Map.Entry<String, JsonNode> entry : settings.properties()) {
                resources.add(resourcePoll(entry.getKey(), entry.getValue()));
            }
        }
        return new PollPlan(POLLING, configuration.pollInterval(), List.copyOf(resources), configuration.topics());
    }

    /**
     * The sweep of a webhook instance that reconciles: the hub resources its topics are about, except
     * those in {@code polled}, and its subscriptions.
     */
    static PollPlan reconciliation(InstanceConfiguration configuration, Set<String> polled) {
        List<ResourcePoll> resources = new ArrayList<>();
        Set<String> topics = configuration.subscribedTopics();
        for (String resource : HubResourcePath.RESOURCES) {
            if (!polled.contains(resource) && (topics.contains(topicOf(resource, true))
                    || topics.contains(topicOf(resource, false)))) {
                ObjectNode settings = JSON.createObjectNode().put("pageSize", RECONCILIATION_PAGE_SIZE);
                resources.add(resourcePoll(resource, settings));
            }
        }
        resources.add(new ResourcePoll(SUBSCRIPTIONS, null, null, null, null, Duration.ZERO, 0, Duration.ZERO));
        return new PollPlan(RECONCILIATION, configuration.reconciliationInterval(), List.copyOf(resources), topics);
    }

    /** The webhook topic a change of {@code resource} has: its create topic, or its update topic. */
    static String topicOf(String resource, boolean created) {
        return resource + (created ? "/create" : resource.equals("orders") ? "/updated" : "/update");
    }

    ResourcePoll resource(String name) {
        return resources.stream().filter(r -> r.resource().equals(name)).findFirst().orElse(null);
    }

    private static Set<String> defaultResources(InstanceConfiguration configuration) {
        Set<String> resources = new LinkedHashSet<>();
        for (String topic : configuration.topics()) {
            String resource = topic.substring(0, topic.indexOf('/'));
            if (HubResourcePath.RESOURCES.contains(resource)) {
                resources.add(resource);
            }
        }
        return resources.isEmpty() ? new LinkedHashSet<>(HubResourcePath.RESOURCES) : resources;
    }

    private static ResourcePoll resourcePoll(String name, JsonNode settings) {
        String url = text(settings, "url", String.format(DEFAULT_URL, HubResourcePath.PREFIX + name));
        int query = url.indexOf('?');
        String path = query < 0 ? url : url.substring(0, query);
        String resource = path.substring(HubResourcePath.PREFIX.length());
        JsonNode dates = settings.path("datesConfiguration");
        return new ResourcePoll(resource, PollUrlTemplate.parse(url), text(settings, "idField", "id"),
                text(dates, "updatedDateField", "updated_at"), text(dates, "createdDateField", "created_at"),
                Duration.ofSeconds(settings.path("createdCheckTolerance").asLong(1)),
                Math.max(1, Math.min(250, settings.path("pageSize").asInt(50))),
                Duration.ofSeconds(Math.max(0, settings.path("pollDelay").asLong(0))));
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        return value != null && value.isString() && !value.asString().isBlank() ? value.asString().strip() : fallback;
    }
}
