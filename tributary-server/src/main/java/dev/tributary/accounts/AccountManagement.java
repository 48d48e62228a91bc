package dev.tributary.accounts;

import java.time.Clock;
import java.util.Map;

import dev.tributary.platform.auth.Caller;
import dev.tributary.platform.paging.Page;
import dev.tributary.platform.paging.PageRequest;
import dev.tributary.platform.secrets.Secrets;
import dev.tributary.platform.web.ApiException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Accounts, their users and their settings. Every read of tenant data is scoped by the caller:
 * another account's resources answer 404 as if they did not exist.
 */
@Service
public class AccountManagement {

    private final AccountRepository repository;
    private final Secrets secrets;
    private final Clock clock;

    AccountManagement(AccountRepository repository, Secrets secrets, Clock clock) {
        this.repository = repository;
        this.secrets = secrets;
        this.clock = clock;
    }

    @Transactional(readOnly = true)
    public Account me(Caller caller) {
        return repository.findAccount(caller.accountId())
                .orElseThrow(() -> new IllegalStateException("Authenticated user without account " + caller.accountId()));
    }

    @Transactional(readOnly = true)
    public Account get(Caller caller, long accountId) {
        if (!caller.organizationAdmin() && accountId != caller.accountId()) {
            throw accountNotFound(accountId);
        }
        return repository.findAccount(accountId).orElseThrow(() -> accountNotFound(accountId));
    }

    @Transactional(readOnly = true)
    public Page<Account> list(Caller caller, PageRequest page) {
        requireOrganizationAdmin(caller, "list accounts");
        return Page.of(repository.findAccountsAfter(page.afterId(), page.fetchSize()), page, Account::id);
    }

    @Transactional
    public Account create(Caller caller, AccountController.CreateAccount request) {
        requireOrganizationAdmin(caller, "create accounts");
        String externalId = blankToNull(request.externalId());
        if (externalId != null && repository.findAccountByExternalId(externalId).isPresent()) {
            throw ApiException.conflict("An account with externalId '" + externalId + "' exists already");
        }
        try {
            long id = repository.insertAccount(request.name().strip(), externalId, clock.instant());
            return repository.findAccount(id).orElseThrow();
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("An account with externalId '" + externalId + "' exists already");
        }
    }

    @Transactional
    public NewUser createUser(Caller caller, long accountId, AccountController.CreateUser request) {
        if (!caller.organizationAdmin()) {
            if (accountId != caller.accountId()) {
                throw accountNotFound(accountId);
            }
            throw ApiException.forbidden("Only an organization admin can create users");
        }
        repository.findAccount(accountId).orElseThrow(() -> accountNotFound(accountId));
        String email = request.email().strip();
        if (repository.userEmailTaken(accountId, email)) {
            throw ApiException.conflict("Account " + accountId + " has a user with email '" + email + "' already");
        }
        String secret = secrets.generate();
        try {
            long id = repository.insertUser(accountId, email, blankToNull(request.firstName()),
                    blankToNull(request.lastName()), secrets.hash(secret), false, clock.instant());
            return new NewUser(id, accountId, email, blankToNull(request.firstName()), blankToNull(request.lastName()), secret);
        } catch (DataIntegrityViolationException e) {
            throw ApiException.conflict("Account " + accountId + " has a user with email '" + email + "' already");
        }
    }

    @Transactional(readOnly = true)
    public Map<String, String> settings(Caller caller, long accountId) {
        requireOwnAccount(caller, accountId);
        return AccountSettings.effective(repository.findSettings(accountId));
    }

    /** Validates all changes before storing any, so a bad request changes nothing. */
    @Transactional
    public Map<String, String> changeSettings(Caller caller, long accountId, Map<String, Object> changes) {
        requireOwnAccount(caller, accountId);
        Map<String, String> valid = AccountSettings.validate(changes);
        valid.forEach((name, value) -> repository.saveSetting(accountId, name, value, clock.instant()));
        return AccountSettings.effective(repository.findSettings(accountId));
    }

    /** The stored value of a setting, or its default, for work done on behalf of an account. */
    @Transactional(readOnly = true)
    public String setting(long accountId, String name) {
        return AccountSettings.effective(repository.findSettings(accountId)).get(name);
    }

    private static void requireOwnAccount(Caller caller, long accountId) {
        if (accountId != caller.accountId()) {
            throw accountNotFound(accountId);
        }
    }

    private static void requireOrganizationAdmin(Caller caller, String action) {
        if (!caller.organizationAdmin()) {
            throw ApiException.forbidden("Only an organization admin can " + action);
        }
    }

    private static ApiException accountNotFound(long accountId) {
        return ApiException.notFound("No account " + accountId);
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
