package dev.tributary.accounts;

import java.util.List;
import java.util.Map;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.paging.PageRequest;
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
class AccountController {

    private final AccountManagement accounts;

    AccountController(AccountManagement accounts) {
        this.accounts = accounts;
    }

    @GetMapping("/me")
    Account me(Caller caller) {
        return accounts.me(caller);
    }

    @GetMapping
    ResponseEntity<List<Account>> list(Caller caller, @RequestParam(required = false) String pageSize,
            @RequestParam(required = false) String nextPage) {
        return accounts.list(caller, PageRequest.of(pageSize, nextPage)).toResponse();
    }

    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    Account create(Caller caller, @Valid @RequestBody CreateAccount request) {
        return accounts.create(caller, request);
    }

    @GetMapping("/{accountId}")
    Account get(Caller caller, @PathVariable long accountId) {
        return accounts.get(caller, accountId);
    }

    @PostMapping(path = "/{accountId}/users", consumes = MediaType.APPLICATION_JSON_VALUE)
    NewUser createUser(Caller caller, @PathVariable long accountId, @Valid @RequestBody CreateUser request) {
        return accounts.createUser(caller, accountId, request);
    }

    @GetMapping("/{accountId}/settings")
    Map<String, String> settings(Caller caller, @PathVariable long accountId) {
        return accounts.settings(caller, accountId);
    }

    @PostMapping(path = "/{accountId}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> setSettings(Caller caller, @PathVariable long accountId,
            @RequestBody Map<String, Object> settings) {
        return accounts.changeSettings(caller, accountId, settings);
    }

    @PatchMapping(path = "/{accountId}/settings", consumes = MediaType.APPLICATION_JSON_VALUE)
    Map<String, String> changeSettings(Caller caller, @PathVariable long accountId,
            @RequestBody Map<String, Object> settings) {
        return accounts.changeSettings(caller, accountId, settings);
    }

    record CreateAccount(@NotBlank @Size(max = 200) String name, @Size(max = 200) String externalId) {
    }

    record CreateUser(@NotBlank @Email @Size(max = 254) String email, @Size(max = 100) String firstName,
            @Size(max = 100) String lastName) {
    }
}
