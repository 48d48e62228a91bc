package dev.tributary.accounts;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** SQL for the organization, accounts, users and account settings. */
@Repository
class AccountRepository {

    private static final String INSERT_ORGANIZATION = """
            INSERT INTO organization (id, name, secret_hash, key_check, created_at)
            VALUES (1, :name, :secretHash, :keyCheck, :now)
            ON CONFLICT (id) DO NOTHING
            """;

    private static final String SELECT_KEY_CHECK = """
            SELECT key_check FROM organization WHERE id = 1
            """;

    private static final String INSERT_ACCOUNT = """
            INSERT INTO accounts (name, external_id, created_at)
            VALUES (:name, :externalId, :now)
            RETURNING id
            """;

    private static final String SELECT_ACCOUNT = """
            SELECT id, name, external_id, created_at FROM accounts WHERE id = :id
            """;

    private static final String SELECT_ACCOUNT_BY_EXTERNAL_ID = """
            SELECT id, name, external_id, created_at FROM accounts WHERE external_id = :externalId
            """;

    private static final String SELECT_ACCOUNTS_PAGE = """
            SELECT id, name, external_id, created_at FROM accounts
            WHERE id > :afterId
            ORDER BY id
            LIMIT :limit
            """;

    private static final String INSERT_USER = """
            INSERT INTO users (account_id, email, first_name, last_name, secret_hash, organization_admin, created_at)
            VALUES (:accountId, :email, :firstName, :lastName, :secretHash, :organizationAdmin, :now)
            RETURNING id
            """;

    private static final String COUNT_USERS_WITH_EMAIL = """
            SELECT COUNT(*) FROM users WHERE account_id = :accountId AND email = :email
            """;

    private static final String SELECT_CREDENTIALS = """
            SELECT u.id, u.account_id, u.organization_admin, o.secret_hash AS organization_secret_hash
            FROM users u CROSS JOIN organization o
            WHERE u.secret_hash = :secretHash
            """;

    private static final String SELECT_SETTINGS = """
            SELECT name, value FROM account_settings WHERE account_id = :accountId
            """;

    private static final String UPSERT_SETTING = """
            INSERT INTO account_settings (account_id, name, value, updated_at)
            VALUES (:accountId, :name, :value, :now)
            ON CONFLICT (account_id, name) DO UPDATE SET value = excluded.value, updated_at = excluded.updated_at
            """;

    private static final RowMapper<Account> ACCOUNT = (rs, n) -> new Account(
            rs.getLong("id"), rs.getString("name"), rs.getString("external_id"),
            Instant.ofEpochMilli(rs.getLong("created_at")));

    private final JdbcClient jdbc;

    AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Creates the organization unless it exists; true when this call created it. */
    boolean insertOrganization(String name, String secretHash, String keyCheck, Instant now) {
        return jdbc.sql(INSERT_ORGANIZATION)
                .param("name", name)
                .param("secretHash", secretHash)
                .param("keyCheck", keyCheck)
                .param("now", now.toEpochMilli())
                .update() == 1;
    }

    Optional<String> findKeyCheck() {
        return jdbc.sql(SELECT_KEY_CHECK).query(String.class).optional();
    }

    long insertAccount(String name, String externalId, Instant now) {
        return jdbc.sql(INSERT_ACCOUNT)
                .param("name", name)
                .param("externalId", externalId)
                .param("now", now.toEpochMilli())
                .query(Long.class)
                .single();
    }

    Optional<Account> findAccount(long id) {
        return jdbc.sql(SELECT_ACCOUNT).param("id", id).query(ACCOUNT).optional();
    }

    Optional<Account> findAccountByExternalId(String externalId) {
        return jdbc.sql(SELECT_ACCOUNT_BY_EXTERNAL_ID).param("externalId", externalId).query(ACCOUNT).optional();
    }

    List<Account> findAccountsAfter(long afterId, int limit) {
        return jdbc.sql(SELECT_ACCOUNTS_PAGE).param("afterId", afterId).param("limit", limit).query(ACCOUNT).list();
    }

    long insertUser(long accountId, String email, String firstName, String lastName, String secretHash,
            boolean organizationAdmin, Instant now) {
        return jdbc.sql(INSERT_USER)
                .param("accountId", accountId)
                .param("email", email)
                .param("firstName", firstName)
                .param("lastName", lastName)
                .param("secretHash", secretHash)
                .param("organizationAdmin", organizationAdmin)
                .param("now", now.toEpochMilli())
                .query(Long.class)
                .single();
    }

    boolean userEmailTaken(long accountId, String email) {
        return jdbc.sql(COUNT_USERS_WITH_EMAIL).param("accountId", accountId).param("email", email)
                .query(Long.class).single() > 0;
    }

    /** The user whose secret hashes to {@code secretHash}, with the organization's secret hash. */
    Optional<StoredCredentials> findCredentials(String secretHash) {
        return jdbc.sql(SELECT_CREDENTIALS)
                .param("secretHash", secretHash)
                .query((rs, n) -> new StoredCredentials(rs.getLong("id"), rs.getLong("account_id"),
                        rs.getBoolean("organization_admin"), rs.getString("organization_secret_hash")))
                .optional();
    }

    Map<String, String> findSettings(long accountId) {
        return jdbc.sql(SELECT_SETTINGS).param("accountId", accountId)
                .query((rs, n) -> Map.entry(rs.getString("name"), rs.getString("value")))
                .list().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
    }

    void saveSetting(long accountId, String name, String value, Instant now) {
        jdbc.sql(UPSERT_SETTING)
                .param("accountId", accountId)
                .param("name", name)
                .param("value", value)
                .param("now", now.toEpochMilli())
                .update();
    }

    record StoredCredentials(long userId, long accountId, boolean organizationAdmin, String organizationSecretHash) {
    }
}
