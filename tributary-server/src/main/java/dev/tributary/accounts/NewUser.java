package dev.tributary.accounts;

import com.fasterxml.jackson.annotation.JsonInclude;

/** A user just created: the only answer that ever shows the user's secret. */
@JsonInclude(JsonInclude.Include.ALWAYS)
record NewUser(long id, long accountId, String email, String firstName, String lastName, String secret) {
}
