package dev.tributary.accounts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;

import dev.tributary.platform.cluster.ClusterLocks;
import dev.tributary.platform.logging.KnownSecrets;
import dev.tributary.platform.secrets.Secrets;
import dev.tributary.platform.secrets.WrongMasterKeyException;
import dev.tributary.platform.startup.UnwritableDataDirectoryException;
import dev.tributary.platform.storage.OwnerOnlyFiles;
import dev.tributary.platform.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * On the first start with an empty store: creates the organization, a default account and its
 * admin user. Later starts only check that the master key is the one the store was made with.
 * Runs before the server takes requests.
 */
@Component
class Bootstrap implements InitializingBean {

    static final String CREDENTIALS_FILE = "bootstrap-credentials";

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);

    private final AccountRepository repository;
    private final Secrets secrets;
    private final TransactionTemplate transactions;
    private final BootstrapProperties properties;
    private final Path dataDir;
    private final Clock clock;
    private final ClusterLocks locks;

    Bootstrap(AccountRepository repository, Secrets secrets, TransactionTemplate transactions,
            BootstrapProperties properties, StorageProperties storage, Clock clock, ClusterLocks locks) {
        this.locks = locks;
        this.repository = repository;
        this.secrets = secrets;
        this.transactions = transactions;
        this.properties = properties;
        this.dataDir = storage.dataDir();
        this.clock = clock;
    }

    @Override
    public void afterPropertiesSet() {
        // Secrets from the environment: masked in every log line from the start, used or not.
        KnownSecrets.register(properties.organizationSecret());
        KnownSecrets.register(properties.userSecret());
        // Nodes starting at once on an empty store take turns: the first creates the organization and
        // writes the credentials file, the others find it made (a shared data directory keeps that file).
        locks.withLock(ClusterLocks.Kind.BOOTSTRAP, 0, () -> {
            var keyCheck = transactions.execute(status -> repository.findKeyCheck());
            if (keyCheck != null && keyCheck.isPresent()) {
                verifyMasterKey(keyCheck.get());
                return;
            }
            createFirstAccount();
        });
    }

    private void verifyMasterKey(String keyCheck) {
        if (!secrets.opensKeyCheck(keyCheck)) {
            throw new WrongMasterKeyException(dataDir.resolve("master.key"));
        }
    }

    private void createFirstAccount() {
        boolean organizationGenerated = isBlank(properties.organizationSecret());
        boolean userGenerated = isBlank(properties.userSecret());
        String organizationSecret = organizationGenerated ? secrets.generate() : properties.organizationSecret();
        String userSecret = userGenerated ? secrets.generate() : properties.userSecret();
        Path credentials = dataDir.resolve(CREDENTIALS_FILE);
        // Written before the commit: a crash in between leaves a spare file, never secrets nobody knows.
        if (organizationGenerated || userGenerated) {
            writeCredentials(credentials, organizationGenerated ? organizationSecret : null,
                    userGenerated ? userSecret : null);
        }
        Instant now = clock.instant();
        Boolean created = transactions.execute(status -> {
            if (!repository.insertOrganization(properties.organizationName(), secrets.hash(organizationSecret),
                    secrets.sealKeyCheck(), now)) {
                return false;
            }
            long accountId = repository.insertAccount(properties.accountName(), null, now);
            repository.insertUser(accountId, properties.adminEmail(), "Organization", "Admin",
                    secrets.hash(userSecret), true, now);
            return true;
        });
        if (!Boolean.TRUE.equals(created)) {
            log.info("Another node created the organization first; nothing to bootstrap");
            deleteQuietly(credentials, organizationGenerated || userGenerated);
            return;
        }
        if (organizationGenerated || userGenerated) {
            log.info("Created the organization, account '{}' and admin user {}; credentials written to {}",
                    properties.accountName(), properties.adminEmail(), credentials.toAbsolutePath());
        } else {
            log.info("Created the organization, account '{}' and admin user {} with the secrets from the environment",
                    properties.accountName(), properties.adminEmail());
        }
    }

    private static void writeCredentials(Path file, String organizationSecret, String userSecret) {
        StringBuilder text = new StringBuilder()
                .append("# Tributary bootstrap credentials. Shell-readable: . ").append(file.getFileName()).append('\n')
                .append("# Use as: Authorization: User $TRIBUTARY_USER_SECRET, Organization $TRIBUTARY_ORGANIZATION_SECRET\n");
        if (organizationSecret != null) {
            text.append("TRIBUTARY_ORGANIZATION_SECRET=").append(organizationSecret).append('\n');
        } else {
            text.append("# TRIBUTARY_ORGANIZATION_SECRET was given in the environment\n");
        }
        if (userSecret != null) {
            text.append("TRIBUTARY_USER_SECRET=").append(userSecret).append('\n');
        } else {
            text.append("# TRIBUTARY_USER_SECRET was given in the environment\n");
        }
        try {
            OwnerOnlyFiles.write(file, text.toString());
        } catch (IOException e) {
            throw new UnwritableDataDirectoryException(file.toAbsolutePath().getParent(), e);
        }
    }

    private static void deleteQuietly(Path file, boolean written) {
        if (!written) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            log.warn("Could not remove the unused credentials file {}", file, e);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
