package dev.tributary.accounts;

import java.util.List;
import java.util.Map;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.paging.PageRequest;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Email;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** {@code /accounts}: the caller's account, accounts of the organization, users and settings. */
@RestController
@RequestMapping(path = "/elements/api-v2/accounts", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Accounts", description = "The caller's account; the organization's accounts and their users (for "
        + "organization admins); an account's settings, such as what a failed delivery does.")
class AccountController {

    private final AccountManagement accounts;

    AccountController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/me")
    @Operation(operationId = "getMyAccount", summary = "The caller's account")
    Account me(Caller caller) {
        return accounts.me(caller);
    }

    @GetMapping
    @Operation(operationId = "listAccounts", summary = "The organization's accounts (organization admins)")
    ResponseEntity<List<Account>> list(Caller caller, @RequestParam(required = false) String pageSize,
            @RequestParam(required = false) String nextPage) {
        return accounts.list(caller, PageRequest.of(pageSize, nextPage)).toResponse();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createAccount", summary = "Create an account (organization admins)")
    Account create(Caller caller, @Valid @RequestBody CreateAccount request) {
        return accounts.create(caller, request);
    }

    @GetMapping("/{accountId}")
    @Operation(operationId = "getAccount", summary = "One account: the caller's own, or any for organization admins")
    Account get(Caller caller, @PathVariable long accountId) {
        return accounts.get(caller, accountId);
    }

    @PostMapping(path = "/{accountId}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "createUser", summary = "Create a user of an account (organization admins)",
            description = "The answer shows the new user's secret this once and never again.")
    NewUser createUser(Caller caller, @PathVariable long accountId, @Valid @RequestBody CreateUser request) {
        return accounts.createUser(caller, accountId, request);
    }

    @GetMapping("/{accountId}/settings")
    @Operation(operationId = "getAccountSettings", summary = "The account's settings, defaults included")
    @ApiResponse(responseCode = "200", description = "Every setting with its value",
            content = @Content(schema = @Schema(implementation = Settings.class)))
    Map<String, String> settings(Caller caller, @PathVariable long accountId) {
        return accounts.settings(caller, accountId);
    }

    @PostMapping(path = "/{accountId}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "setAccountSettings", summary = "Set some of the account's settings",
            description = "The same as PATCH: the settings named change, the others keep their values.")
    @ApiResponse(responseCode = "200", description = "Every setting with its value after the change",
            content = @Content(schema = @Schema(implementation = Settings.class)))
    Map<String, String> setSettings(Caller caller, @PathVariable long accountId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = Settings.class)))
            @RequestBody Map<String, Object> settings) {
        return accounts.changeSettings(caller, accountId, settings);
    }

    @PatchMapping(path = "/{accountId}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    @Operation(operationId = "changeAccountSettings", summary = "Change some of the account's settings")
    @ApiResponse(responseCode = "200", description = "Every setting with its value after the change",
            content = @Content(schema = @Schema(implementation = Settings.class)))
    Map<String, String> changeSettings(Caller caller, @PathVariable long accountId,
            @io.swagger.v3.oas.annotations.parameters.RequestBody(
                    content = @Content(schema = @Schema(implementation = Settings.class)))
            @RequestBody Map<String, Object> settings) {
        return accounts.changeSettings(caller, accountId, settings);
    }

    /** The settings an account holds (AccountSettings), as the API description shows them. */
    @Schema(name = "AccountSettings", description = "An account's settings by name; a change names only those it changes")
    record Settings(
            @com.fasterxml.jackson.annotation.JsonProperty(AccountSettings.FAILURE_POLICY)
            @Schema(description = "What a failed delivery does: `retry` on the schedule (4^x seconds, nine times) "
                    + "and then queue, or `queue` at once", allowableValues = {"retry", "queue"}, defaultValue = "retry",
                    example = "queue")
            String failurePolicy) {
    }

    record CreateAccount(@NotBlank @Size(max = 200) String name, @Size(max = 200) String externalId) {
    }

    record CreateUser(@NotBlank @Email @Size(max = 254) String email, @Size(max = 100) String firstName,
            @Size(max = 100) String lastName) {
    }
}
