package dev.tributary.instances;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for instances, their tags, configuration rows and Shopify webhook subscriptions. */
@Repository
class InstanceRepository {

    private static final String COLUMNS = """
            id, account_id, element_key, name, instance_key, token_encrypted, shop_domain,
            events_enabled, valid, invalid_reason, disabled, created_at, updated_at
            """;

    private static final String INSERT = """
            INSERT INTO instances (account_id, element_key, name, instance_key, token_hash, token_encrypted,
                                   shop_domain, events_enabled, valid, disabled, created_at, updated_at)
            VALUES (:accountId, :elementKey, :name, :instanceKey, :tokenHash, :tokenEncrypted,
                    :shopDomain, :eventsEnabled, TRUE, FALSE, :now, :now)
            RETURNING id
            """;

    private static final String SELECT_ONE = "SELECT " + COLUMNS + " FROM instances WHERE account_id = :accountId AND id = :id";

    private static final String SELECT_PAGE = "SELECT " + COLUMNS + """
             FROM instances
            WHERE account_id = :accountId AND id > :afterId
            ORDER BY id
            LIMIT :limit
            """;

    private static final String SELECT_PAGE_WITH_TAGS = "SELECT " + COLUMNS + """
             FROM instances
            WHERE account_id = :accountId AND id > :afterId
              AND id IN (SELECT instance_id FROM instance_tags WHERE tag IN (:tags)
                         GROUP BY instance_id HAVING COUNT(*) = :tagCount)
            ORDER BY id
            LIMIT :limit
            """;

    private static final String SELECT_BY_INSTANCE_KEY = "SELECT " + COLUMNS + " FROM instances WHERE instance_key = :instanceKey";

    private static final String SELECT_ACTIVE = "SELECT " + COLUMNS
            + " FROM instances WHERE events_enabled = TRUE AND valid = TRUE ORDER BY id";

    private static final String SELECT_ACTIVE_VERSION = """
            SELECT COUNT(*) || ':' || COALESCE(MAX(id), 0) || ':' || COALESCE(MAX(updated_at), 0)
            FROM instances WHERE events_enabled = TRUE AND valid = TRUE
            """;

    private static final String SELECT_BY_SHOP = "SELECT " + COLUMNS + " FROM instances WHERE shop_domain = :shopDomain ORDER BY id";

    private static final String MARK_INVALID = """
            UPDATE instances SET valid = FALSE, invalid_reason = :reason, updated_at = :now WHERE id = :id AND valid
            """;

    private static final String SELECT_BY_TOKEN_HASH = """
            SELECT id, account_id FROM instances WHERE token_hash = :tokenHash
            """;

    private static final String UPDATE = """
            UPDATE instances SET name = :name, events_enabled = :eventsEnabled, updated_at = :now
            WHERE account_id = :accountId AND id = :id
            """;

    private static final String DELETE = "DELETE FROM instances WHERE account_id = :accountId AND id = :id";

    private static final String SELECT_TAGS = """
            SELECT instance_id, tag FROM instance_tags WHERE instance_id IN (:ids) ORDER BY instance_id, position
            """;

    private static final String DELETE_TAGS = "DELETE FROM instance_tags WHERE instance_id = :id";

    private static final String INSERT_TAG = """
            INSERT INTO instance_tags (instance_id, position, tag) VALUES (:id, :position, :tag)
            """;

    private static final String SELECT_CONFIGURATION = """
            SELECT id, name, value FROM instance_configuration WHERE instance_id = :id ORDER BY name
            """;

    private static final String UPSERT_CONFIGURATION = """
            INSERT INTO instance_configuration (instance_id, name, value) VALUES (:id, :name, :value)
            ON CONFLICT (instance_id, name) DO UPDATE SET value = excluded.value
            """;

    private static final String DELETE_CONFIGURATION = """
            DELETE FROM instance_configuration WHERE instance_id = :id AND name = :name
            """;

    private static final String SELECT_WEBHOOKS = """
            SELECT topic, shopify_id FROM instance_webhooks WHERE instance_id = :id ORDER BY created_at, topic
            """;

    private static final String INSERT_WEBHOOK = """
            INSERT INTO instance_webhooks (instance_id, topic, shopify_id, created_at)
            VALUES (:id, :topic, :shopifyId, :now)
            """;

    private static final String DELETE_WEBHOOK = """
            DELETE FROM instance_webhooks WHERE instance_id = :id AND topic = :topic
            """;

    private static final RowMapper<Instance> INSTANCE = (rs, n) -> new Instance(
            rs.getLong("id"), rs.getLong("account_id"), rs.getString("element_key"), rs.getString("name"),
            rs.getString("instance_key"), rs.getString("token_encrypted"), rs.getString("shop_domain"), List.of(),
            rs.getBoolean("events_enabled"), rs.getBoolean("valid"), rs.getString("invalid_reason"),
            rs.getBoolean("disabled"), Instant.ofEpochMilli(rs.getLong("created_at")), Instant.ofEpochMilli(rs.getLong("updated_at")));

    private final JdbcClient jdbc;

    InstanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    long insert(long accountId, String elementKey, String name, String instanceKey, String tokenHash,
            String tokenEncrypted, String shopDomain, boolean eventsEnabled, Instant now) {
        return jdbc.sql(INSERT)
                .param("accountId", accountId)
                .param("elementKey", elementKey)
                .param("name", name)
                .param("instanceKey", instanceKey)
                .param("tokenHash", tokenHash)
                .param("tokenEncrypted", tokenEncrypted)
                .param("shopDomain", shopDomain)
                .param("eventsEnabled", eventsEnabled)
                .param("now", now.toEpochMilli())
                .query(Long.class)
                .single();
    }

    Optional<Instance> find(long accountId, long id) {
        return jdbc.sql(SELECT_ONE).param("accountId", accountId).param("id", id).query(INSTANCE).optional()
                .map(instance -> withTags(List.of(instance)).get(0));
    }

    /** A page of the account's instances in id order; with tags, only those carrying every one of them. */
    List<Instance> findPage(long accountId, long afterId, int limit, List<String> tags) {
        List<Instance> page = tags.isEmpty()
                ? jdbc.sql(SELECT_PAGE).param("accountId", accountId).param("afterId", afterId).param("limit", limit)
                        .query(INSTANCE).list()
                : jdbc.sql(SELECT_PAGE_WITH_TAGS).param("accountId", accountId).param("afterId", afterId)
                        .param("limit", limit).param("tags", tags).param("tagCount", tags.size())
                        .query(INSTANCE).list();
        return withTags(page);
    }

    /** Any account's instance by its webhook address key: for receiving webhooks only. */
    Optional<Instance> findByInstanceKey(String instanceKey) {
        return jdbc.sql(SELECT_BY_INSTANCE_KEY).param("instanceKey", instanceKey).query(INSTANCE).optional()
                .map(instance -> withTags(List.of(instance)).get(0));
    }

    /** Every account's valid instances with events on: for the poller, which reads them all. */
    List<Instance> findActive() {
        return withTags(jdbc.sql(SELECT_ACTIVE).query(INSTANCE).list());
    }

    /** Changes when an active instance is made, changed, deleted or stops being active. */
    String activeVersion() {
        return jdbc.sql(SELECT_ACTIVE_VERSION).query(String.class).single();
    }

    /** Every account's instances of one shop: for webhooks sent to the shop-routed address. */
    List<Instance> findByShop(String shopDomain) {
        return withTags(jdbc.sql(SELECT_BY_SHOP).param("shopDomain", shopDomain).query(INSTANCE).list());
    }

    /** Marks the instance not valid, with why; false when it was not valid already (the first reason stays). */
    boolean markInvalid(long id, String reason, Instant now) {
        return jdbc.sql(MARK_INVALID).param("id", id).param("reason", reason).param("now", now.toEpochMilli())
                .update() == 1;
    }

    /** The instance and account an instance token belongs to. */
    Optional<long[]> findByTokenHash(String tokenHash) {
        return jdbc.sql(SELECT_BY_TOKEN_HASH).param("tokenHash", tokenHash)
                .query((rs, n) -> new long[] {rs.getLong("id"), rs.getLong("account_id")})
                .optional();
    }

    void update(long accountId, long id, String name, boolean eventsEnabled, Instant now) {
        jdbc.sql(UPDATE).param("accountId", accountId).param("id", id).param("name", name)
                .param("eventsEnabled", eventsEnabled).param("now", now.toEpochMilli()).update();
    }

    void delete(long accountId, long id) {
        jdbc.sql(DELETE).param("accountId", accountId).param("id", id).update();
    }

    void replaceTags(long id, List<String> tags) {
        jdbc.sql(DELETE_TAGS).param("id", id).update();
        for (int i = 0; i < tags.size(); i++) {
            jdbc.sql(INSERT_TAG).param("id", id).param("position", i).param("tag", tags.get(i)).update();
        }
    }

    /** Configuration rows: id, name and stored value (secrets still encrypted). */
    List<ConfigurationRow> findConfiguration(long id) {
        return jdbc.sql(SELECT_CONFIGURATION).param("id", id)
                .query((rs, n) -> new ConfigurationRow(rs.getLong("id"), rs.getString("name"), rs.getString("value")))
                .list();
    }

    void saveConfiguration(long id, String name, String storedValue) {
        jdbc.sql(UPSERT_CONFIGURATION).param("id", id).param("name", name).param("value", storedValue).update();
    }

    void deleteConfiguration(long id, String name) {
        jdbc.sql(DELETE_CONFIGURATION).param("id", id).param("name", name).update();
    }

    /** Topic to Shopify subscription id, in the order made. */
    Map<String, String> findWebhooks(long id) {
        Map<String, String> webhooks = new LinkedHashMap<>();
        jdbc.sql(SELECT_WEBHOOKS).param("id", id)
                .query((rs, n) -> Map.entry(rs.getString("topic"), rs.getString("shopify_id")))
                .list()
                .forEach(entry -> webhooks.put(entry.getKey(), entry.getValue()));
        return webhooks;
    }

    void insertWebhook(long id, String topic, String shopifyId, Instant now) {
        jdbc.sql(INSERT_WEBHOOK).param("id", id).param("topic", topic).param("shopifyId", shopifyId)
                .param("now", now.toEpochMilli()).update();
    }

    void deleteWebhook(long id, String topic) {
        jdbc.sql(DELETE_WEBHOOK).param("id", id).param("topic", topic).update();
    }

    private List<Instance> withTags(List<Instance> instances) {
        if (instances.isEmpty()) {
            return instances;
        }
        Map<Long, List<String>> tags = new LinkedHashMap<>();
        jdbc.sql(SELECT_TAGS).param("ids", instances.stream().map(Instance::id).toList())
                .query((rs, n) -> Map.entry(rs.getLong("instance_id"), rs.getString("tag")))
                .list()
                .forEach(entry -> tags.computeIfAbsent(entry.getKey(), k -> new ArrayList<>()).add(entry.getValue()));
        return instances.stream()
                .map(i -> new Instance(i.id(), i.accountId(), i.elementKey(), i.name(), i.instanceKey(),
                        i.tokenEncrypted(), i.shopDomain(), List.copyOf(tags.getOrDefault(i.id(), List.of())),
                        i.eventsEnabled(), i.valid(), i.invalidReason(), i.disabled(), i.createdAt(), i.updatedAt()))
                .toList();
    }

    record ConfigurationRow(long id, String name, String storedValue) {
    }
}
