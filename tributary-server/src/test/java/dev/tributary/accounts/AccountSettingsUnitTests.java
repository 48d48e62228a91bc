package dev.tributary.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;

import dev.tributary.platform.web.ApiException;
import org.junit.jupiter.api.Test;

class AccountSettingsUnitTests {

    private static final String POLICY = AccountSettings.FAILURE_POLICY;

    @Test
    void the_failure_policy_defaults_to_retry() {
        assertThat(AccountSettings.effective(Map.of())).containsExactly(Map.entry(POLICY, "retry"));
    }

    @Test
    void stored_values_override_defaults() {
        assertThat(AccountSettings.effective(Map.of(POLICY, "queue"))).containsEntry(POLICY, "queue");
    }

    @Test
    void accepts_each_allowed_value() {
        assertThat(AccountSettings.validate(Map.of(POLICY, "retry"))).containsExactly(Map.entry(POLICY, "retry"));
        assertThat(AccountSettings.validate(Map.of(POLICY, "queue"))).containsExactly(Map.entry(POLICY, "queue"));
        assertThat(AccountSettings.validate(Map.of())).isEmpty();
    }

    @Test
    void refuses_other_values_naming_the_allowed_ones() {
        for (Object bad : new Object[] {"RETRY", "drop", "", " retry", 1, true}) {
            assertThatThrownBy(() -> AccountSettings.validate(Map.of(POLICY, bad)))
                    .as(String.valueOf(bad))
                    .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.status().value()).isEqualTo(400))
                    .hasMessageContaining(POLICY)
                    .hasMessageContaining("retry, queue");
        }
    }

    @Test
    void refuses_null_values_and_missing_bodies() {
        Map<String, Object> withNull = new HashMap<>();
        withNull.put(POLICY, null);
        assertThatThrownBy(() -> AccountSettings.validate(withNull)).hasMessageContaining("got null");
        assertThatThrownBy(() -> AccountSettings.validate(null)).hasMessageContaining("JSON object");
    }

    @Test
    void refuses_unknown_settings_by_name() {
        assertThatThrownBy(() -> AccountSettings.validate(Map.of(POLICY, "retry", "notification.colour", "red")))
                .hasMessageContaining("notification.colour")
                .hasMessageContaining(POLICY);
    }
}
