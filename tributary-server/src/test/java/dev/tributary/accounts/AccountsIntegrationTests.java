package dev.tributary.accounts;

import static dev.tributary.testing.ApiClient.API;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;

import dev.tributary.testing.ApiClient;
import dev.tributary.testing.ApiClient.Answer;
import dev.tributary.testing.ApiClient.Credentials;
import dev.tributary.testing.RunningService;
import dev.tributary.testing.TestStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import tools.jackson.databind.JsonNode;

/**
 * Accounts, users, settings, authentication and tenant isolation over real HTTP, against the
 * running application on each storage engine (one nested class per engine).
 */
class AccountsIntegrationTests {

    @Nested
    class OnSqlite extends Scenarios {
        @Override
        TestStore newStore() {
            return TestStore.sqlite();
        }
    }

    @Nested
    class OnPostgresql extends Scenarios {
        @Override
        TestStore newStore() {
            return TestStore.postgres();
        }
    }

    @TestInstance(TestInstance.Lifecycle.PER_CLASS)
    abstract static class Scenarios {

        TestStore store;
        RunningService service;
        ApiClient api;
        Credentials admin;

        abstract TestStore newStore();

        @BeforeAll
        void start() {
            store = newStore();
            service = RunningService.start(store);
            api = service.client();
            admin = Credentials.fromFile(store.dataDir().resolve("bootstrap-credentials"));
        }

        @AfterAll
        void stop() {
            if (service != null) {
                service.close();
            }
            if (store != null) {
                store.close();
            }
        }

        @Test
        void first_start_creates_an_admin_whose_generated_credentials_are_owner_only() throws Exception {
            Path file = store.dataDir().resolve("bootstrap-credentials");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            assertThat(admin.user()).hasSizeGreaterThanOrEqualTo(22);
            assertThat(admin.organization()).hasSizeGreaterThanOrEqualTo(22).isNotEqualTo(admin.user());

            Answer me = api.get(API + "/accounts/me").as(admin).send();
            assertThat(me.status()).isEqualTo(200);
            assertThat(me.json().get("name").asString()).isEqualTo("Default");
            assertThat(me.json().get("id").asLong()).isPositive();
            assertThat(me.json().get("createdDate").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
            assertThat(me.json().has("externalId")).as("every field of the account is present").isTrue();
        }

        @Test
        void bootstrap_is_idempotent_across_restarts() throws Exception {
            try (TestStore own = newStore()) {
                Credentials first;
                String fileBefore;
                try (RunningService once = RunningService.start(own)) {
                    first = Credentials.fromFile(own.dataDir().resolve("bootstrap-credentials"));
                    fileBefore = Files.readString(own.dataDir().resolve("bootstrap-credentials"));
                }
                try (RunningService again = RunningService.start(own)) {
                    ApiClient client = again.client();
                    assertThat(client.get(API + "/accounts/me").as(first).send().status()).isEqualTo(200);
                    JsonNode accounts = client.get(API + "/accounts").as(first).send().json();
                    assertThat(accounts).hasSize(1);
                    assertThat(Files.readString(own.dataDir().resolve("bootstrap-credentials"))).isEqualTo(fileBefore);
                }
            }
        }

        @Test
        void secrets_from_the_environment_are_used_and_not_written_down() throws Exception {
            try (TestStore own = newStore();
                 RunningService given = RunningService.start(own, Map.of(
                         "tributary.bootstrap.organization-secret", "org-secret-from-env-0123456789",
                         "tributary.bootstrap.user-secret", "user-secret-from-env-0123456789"))) {
                Credentials fromEnv = new Credentials("user-secret-from-env-0123456789", "org-secret-from-env-0123456789");
                assertThat(given.client().get(API + "/accounts/me").as(fromEnv).send().status()).isEqualTo(200);
                assertThat(own.dataDir().resolve("bootstrap-credentials")).doesNotExist();
            }
        }

        @Test
        void a_store_opened_with_another_master_key_refuses_to_start() throws Exception {
            try (TestStore own = newStore()) {
                RunningService.start(own).close();
                Files.writeString(own.dataDir().resolve("master.key"), "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=\n");
                org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunningService.start(own))
                        .hasStackTraceContaining("master key is not the one this store was created with");
            }
        }

        @Test
        void wrong_missing_or_incomplete_credentials_are_refused_with_401() {
            String wrongUser = "User not-the-secret-at-all, Organization " + admin.organization();
            String wrongOrganization = "User " + admin.user() + ", Organization not-the-secret-at-all";
            String userOnly = "User " + admin.user();
            String organizationOnly = "Organization " + admin.organization();
            String swapped = "User " + admin.organization() + ", Organization " + admin.user();
            String bearer = "Bearer " + admin.user();
            for (String header : new String[] {wrongUser, wrongOrganization, userOnly, organizationOnly, swapped, bearer}) {
                Answer answer = api.get(API + "/accounts/me").header("Authorization", header).send();
                assertThat(answer.status()).as(header).isEqualTo(401);
                assertErrorFormat(answer);
            }
            Answer none = api.get(API + "/accounts/me").send();
            assertThat(none.status()).isEqualTo(401);
            assertErrorFormat(none);
            // Unauthenticated callers cannot tell an existing path from a missing one.
            assertThat(api.get(API + "/no-such-thing").send().status()).isEqualTo(401);
        }

        @Test
        void header_parts_may_come_in_any_order_and_spacing() {
            String[] forms = {
                    "User " + admin.user() + ", Organization " + admin.organization(),
                    "Organization " + admin.organization() + ", User " + admin.user(),
                    "User " + admin.user() + ",Organization " + admin.organization(),
                    "User  " + admin.user() + " ,\t Organization   " + admin.organization(),
            };
            for (String header : forms) {
                assertThat(api.get(API + "/accounts/me").header("Authorization", header).send().status())
                        .as(header).isEqualTo(200);
            }
        }

        @Test
        void a_user_of_one_account_sees_nothing_of_another() {
            Account other = createAccount("Isolated " + System.nanoTime(), null);
            Credentials outsider = createUser(other.id(), "outsider@example.com");
            long home = api.get(API + "/accounts/me").as(admin).send().json().get("id").asLong();

            assertThat(api.get(API + "/accounts/me").as(outsider).send().json().get("id").asLong()).isEqualTo(other.id());
            String settingsBefore = api.get(API + "/accounts/" + home + "/settings").as(admin).send().body();

            Answer[] refused = {
                    api.get(API + "/accounts/" + home).as(outsider).send(),
                    api.get(API + "/accounts/" + home + "/settings").as(outsider).send(),
                    api.patch(API + "/accounts/" + home + "/settings", "{\"notification.webhook.failure.policy\":\"queue\"}")
                            .as(outsider).send(),
                    api.post(API + "/accounts/" + home + "/settings", "{\"notification.webhook.failure.policy\":\"queue\"}")
                            .as(outsider).send(),
                    api.post(API + "/accounts/" + home + "/users", "{\"email\":\"intruder@example.com\"}").as(outsider).send(),
                    // settings are the owning account's alone, whoever asks
                    api.get(API + "/accounts/" + other.id() + "/settings").as(admin).send(),
            };
            for (Answer answer : refused) {
                assertThat(answer.status()).as(answer.toString()).isEqualTo(404);
                assertErrorFormat(answer);
            }
            // Existing and missing accounts answer alike.
            Answer missing = api.get(API + "/accounts/987654321/settings").as(outsider).send();
            assertThat(missing.json().get("message").asString())
                    .isEqualTo(refused[1].json().get("message").asString().replace(Long.toString(home), "987654321"));
            assertThat(api.get(API + "/accounts/" + home + "/settings").as(admin).send().body()).isEqualTo(settingsBefore);

            // Organization-wide calls are for the organization admin.
            assertThat(api.get(API + "/accounts").as(outsider).send().status()).isEqualTo(403);
            assertThat(api.post(API + "/accounts", "{\"name\":\"Mine\"}").as(outsider).send().status()).isEqualTo(403);
            assertThat(api.post(API + "/accounts/" + other.id() + "/users", "{\"email\":\"friend@example.com\"}")
                    .as(outsider).send().status()).isEqualTo(403);
        }

        @Test
        void settings_round_trip_and_bad_values_change_nothing() {
            Account account = createAccount("Settings " + System.nanoTime(), null);
            Credentials owner = createUser(account.id(), "owner@example.com");
            String path = API + "/accounts/" + account.id() + "/settings";

            assertThat(api.get(path).as(owner).send().json().get("notification.webhook.failure.policy").asString())
                    .isEqualTo("retry");
            Answer created = api.post(path, "{\"notification.webhook.failure.policy\":\"queue\"}").as(owner).send();
            assertThat(created.status()).isEqualTo(200);
            assertThat(created.json().get("notification.webhook.failure.policy").asString()).isEqualTo("queue");
            assertThat(api.get(path).as(owner).send().json().get("notification.webhook.failure.policy").asString())
                    .isEqualTo("queue");

            Answer badValue = api.patch(path, "{\"notification.webhook.failure.policy\":\"sometimes\"}").as(owner).send();
            assertThat(badValue.status()).isEqualTo(400);
            assertThat(badValue.json().get("message").asString())
                    .contains("notification.webhook.failure.policy").contains("retry").contains("queue");
            Answer unknown = api.patch(path, "{\"notification.webhook.failure.policy\":\"retry\",\"colour\":\"blue\"}")
                    .as(owner).send();
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.json().get("message").asString()).contains("colour");
            Answer notText = api.patch(path, "{\"notification.webhook.failure.policy\":7}").as(owner).send();
            assertThat(notText.status()).isEqualTo(400);
            assertThat(api.get(path).as(owner).send().json().get("notification.webhook.failure.policy").asString())
                    .isEqualTo("queue");

            Answer patched = api.patch(path, "{\"notification.webhook.failure.policy\":\"retry\"}").as(owner).send();
            assertThat(patched.status()).isEqualTo(200);
            assertThat(api.get(path).as(owner).send().json().get("notification.webhook.failure.policy").asString())
                    .isEqualTo("retry");
        }

        @Test
        void a_new_users_secret_is_shown_once_and_works() {
            Account account = createAccount("Users " + System.nanoTime(), null);
            Answer created = api.post(API + "/accounts/" + account.id() + "/users",
                    "{\"email\":\"ada@example.com\",\"firstName\":\"Ada\",\"lastName\":\"Lovelace\"}").as(admin).send();
            assertThat(created.status()).isEqualTo(200);
            JsonNode user = created.json();
            assertThat(user.get("accountId").asLong()).isEqualTo(account.id());
            assertThat(user.get("email").asString()).isEqualTo("ada@example.com");
            assertThat(user.get("firstName").asString()).isEqualTo("Ada");
            assertThat(user.get("lastName").asString()).isEqualTo("Lovelace");
            Credentials ada = new Credentials(user.get("secret").asString(), admin.organization());
            assertThat(api.get(API + "/accounts/me").as(ada).send().json().get("id").asLong()).isEqualTo(account.id());

            Answer duplicate = api.post(API + "/accounts/" + account.id() + "/users", "{\"email\":\"ada@example.com\"}")
                    .as(admin).send();
            assertThat(duplicate.status()).isEqualTo(409);
            assertErrorFormat(duplicate);
            Answer badEmail = api.post(API + "/accounts/" + account.id() + "/users", "{\"email\":\"not-an-email\"}")
                    .as(admin).send();
            assertThat(badEmail.status()).isEqualTo(400);
            assertThat(badEmail.json().get("message").asString()).contains("email");
            assertThat(api.post(API + "/accounts/987654321/users", "{\"email\":\"x@example.com\"}").as(admin).send()
                    .status()).isEqualTo(404);
        }

        @Test
        void accounts_are_listed_in_pages_with_stable_tokens() {
            String prefix = "Paged " + System.nanoTime();
            for (int i = 0; i < 3; i++) {
                createAccount(prefix + " " + i, null);
            }
            int total = api.get(API + "/accounts?pageSize=500").as(admin).send().json().size();
            Answer first = api.get(API + "/accounts?pageSize=2").as(admin).send();
            assertThat(first.json()).hasSize(2);
            String token = first.header("Elements-Next-Page-Token");
            assertThat(token).isNotBlank();
            createAccount(prefix + " late", null);
            int seen = 2;
            long lastId = first.json().get(1).get("id").asLong();
            while (token != null) {
                Answer next = api.get(API + "/accounts?pageSize=2&nextPage=" + token).as(admin).send();
                assertThat(next.status()).isEqualTo(200);
                for (JsonNode account : next.json()) {
                    assertThat(account.get("id").asLong()).isGreaterThan(lastId);
                    lastId = account.get("id").asLong();
                    seen++;
                }
                token = next.header("Elements-Next-Page-Token");
            }
            assertThat(seen).isEqualTo(total + 1);
            assertThat(api.get(API + "/accounts?pageSize=0").as(admin).send().status()).isEqualTo(400);
            assertThat(api.get(API + "/accounts?pageSize=501").as(admin).send().status()).isEqualTo(400);
            assertThat(api.get(API + "/accounts?nextPage=bogus").as(admin).send().status()).isEqualTo(400);
        }

        @Test
        void a_taken_external_id_is_a_conflict() {
            String externalId = "ext-" + System.nanoTime();
            Account account = createAccount("External", externalId);
            assertThat(account.externalId()).isEqualTo(externalId);
            Answer again = api.post(API + "/accounts", ApiClient.json(Map.of("name", "Again", "externalId", externalId)))
                    .as(admin).send();
            assertThat(again.status()).isEqualTo(409);
            assertErrorFormat(again);
        }

        @Test
        void every_kind_of_error_has_the_error_format() {
            String tooBig = "{\"name\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
            Answer[] answers = {
                    api.get(API + "/no-such-thing").as(admin).send(),
                    api.get("/no-such-thing").send(),
                    api.call("DELETE", API + "/accounts/me").as(admin).send(),
                    api.call("POST", API + "/accounts").as(admin).header("Content-Type", "text/plain")
                            .body(HttpRequest.BodyPublishers.ofString("name=x")).send(),
                    api.post(API + "/accounts", "{\"name\": ").as(admin).send(),
                    api.post(API + "/accounts", "[1, 2]").as(admin).send(),
                    api.post(API + "/accounts", "{}").as(admin).send(),
                    // declared too big: refused before the body is sent
                    api.rawHead("POST " + API + "/accounts HTTP/1.1", "Content-Type: application/json",
                            "Content-Length: " + (20L * 1024 * 1024), "Authorization: " + ApiClient.authorization(admin)),
                    api.call("POST", API + "/accounts").as(admin).header("Content-Type", "application/json")
                            .body(HttpRequest.BodyPublishers.ofInputStream(
                                    () -> new java.io.ByteArrayInputStream(tooBig.getBytes()))).send(),
                    api.get(API + "/accounts/me").as(admin).header("Accept", "text/html").send(),
                    api.get(API + "/accounts/not-a-number").as(admin).send(),
                    api.get("/%2e%2e/%2e%2e/etc/passwd").send(),
            };
            int[] expected = {404, 404, 405, 415, 400, 400, 400, 413, 413, 406, 400, 400};
            for (int i = 0; i < answers.length; i++) {
                assertThat(answers[i].status()).as("case %d: %s", i, answers[i]).isEqualTo(expected[i]);
                assertErrorFormat(answers[i]);
            }
            assertThat(answers[2].header("Allow")).contains("GET");
            assertThat(answers[6].json().get("message").asString()).contains("name");
            assertThat(api.get(API + "/accounts").as(admin).send().json().toString()).doesNotContain("aaaaaaaa");
        }

        @Test
        void health_readiness_and_metrics_are_served() {
            assertThat(api.get("/actuator/health/readiness").send().json().get("status").asString()).isEqualTo("UP");
            assertThat(api.get("/actuator/health/liveness").send().status()).isEqualTo(200);
            api.get(API + "/accounts/me").as(admin).send();
            assertThat(api.get("/actuator/prometheus").send().body()).contains("http_server_requests_seconds_count");
        }

        Account createAccount(String name, String externalId) {
            Map<String, String> body = externalId == null
                    ? Map.of("name", name)
                    : Map.of("name", name, "externalId", externalId);
            Answer answer = api.post(API + "/accounts", ApiClient.json(body)).as(admin).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            JsonNode json = answer.json();
            return new Account(json.get("id").asLong(), json.get("name").asString(),
                    json.get("externalId").isNull() ? null : json.get("externalId").asString(), null);
        }

        Credentials createUser(long accountId, String email) {
            Answer answer = api.post(API + "/accounts/" + accountId + "/users", ApiClient.json(Map.of("email", email)))
                    .as(admin).send();
            assertThat(answer.status()).as(answer.toString()).isEqualTo(200);
            return new Credentials(answer.json().get("secret").asString(), admin.organization());
        }

        static void assertErrorFormat(Answer answer) {
            assertThat(answer.header("Content-Type")).startsWith("application/json");
            JsonNode error = answer.json();
            assertThat(error.get("message").asString()).isNotBlank();
            assertThat(error.get("requestId").asString()).isNotBlank();
            if (answer.header("X-Request-Id") != null) {
                assertThat(error.get("requestId").asString()).isEqualTo(answer.header("X-Request-Id"));
            }
            assertThat(answer.body()).doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("dev.tributary");
        }
    }
}
