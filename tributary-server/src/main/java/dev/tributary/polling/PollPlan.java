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

/**
 * What one instance polls (SPEC 5), read from its configuration: each resource's url, the fields
 * that hold an object's id and its created and updated times, the tolerance under which an object
 * counts as created, the page size and the poll delay. Pure. Without an
 * {@code event.poller.configuration}, a polling instance polls the resources of its topics (all
 * three when it names none), each since its last poll.
 */
record PollPlan(Duration interval, List<ResourcePoll> resources) {

    static final String DEFAULT_URL = "%s?where=updated_at_min='${gmtDate:yyyy-MM-dd'T'HH:mm:ssXXX}'";
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
        return new PollPlan(configuration.pollInterval(), List.copyOf(resources));
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
