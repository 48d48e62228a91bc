package dev.tributary.platform.secrets;

import java.nio.file.Path;

import dev.tributary.platform.startup.StartupException;

/** The master key (TRIBUTARY_MASTER_KEY or the key file) is not 32 bytes in base64; never holds the key. */
class MalformedMasterKeyException extends StartupException {

    private static final String NEW_KEY = "32 bytes in base64 (for a new store: openssl rand -base64 32)";

    private MalformedMasterKeyException(String problem, String action) {
        // No cause: the decoder's message quotes a character of the key.
        super(problem, action, null);
    }

    static MalformedMasterKeyException inVariable(String problem) {
        return new MalformedMasterKeyException("TRIBUTARY_MASTER_KEY " + problem,
                "set TRIBUTARY_MASTER_KEY to the store's key, " + NEW_KEY);
    }

    static MalformedMasterKeyException inFile(Path file, String problem) {
        return new MalformedMasterKeyException("The master key file " + file.toAbsolutePath() + " " + problem,
                "restore the file, or set TRIBUTARY_MASTER_KEY to the store's key, " + NEW_KEY);
    }
}
