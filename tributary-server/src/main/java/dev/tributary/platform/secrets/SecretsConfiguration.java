package dev.tributary.platform.secrets;

import dev.tributary.platform.storage.StorageProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

@Configuration(proxyBeanMethods = false)
class SecretsConfiguration {

    private static final Logger log = LoggerFactory.getLogger(SecretsConfiguration.class);

    @Bean
    Secrets secrets(@Value("${tributary.master-key:}") String masterKey, StorageProperties storage) {
        if ((masterKey == null || masterKey.isBlank()) && storage.database().isExternal()) {
            log.warn("TRIBUTARY_MASTER_KEY is not set: this node uses a key file of its own, "
                    + "so other nodes sharing the database cannot read its secrets");
        }
        return new Secrets(MasterKeyLoader.load(masterKey, storage.dataDir()));
    }
}
