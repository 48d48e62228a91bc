package dev.tributary.platform.secrets;

import java.nio.file.Path;

import dev.tributary.platform.startup.StartupException;

/** The master key does not open the store: it is not the key the store was created with. */
public class WrongMasterKeyException extends StartupException {

    public WrongMasterKeyException(Path keyFile) {
        super("The master key is not the one this store was created with",
                "set TRIBUTARY_MASTER_KEY (or restore " + keyFile.toAbsolutePath() + ") to the original key", null);
    }
}
