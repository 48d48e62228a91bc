package dev.tributary.platform.secrets;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.function.Function;

import dev.tributary.platform.logging.KnownSecrets;
import dev.tributary.platform.storage.OwnerOnlyFiles;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds the master key: {@code TRIBUTARY_MASTER_KEY} (base64 of 32 bytes) when set, otherwise the
 * key file in the data directory, created with owner-only permissions on first start.
 */
final class MasterKeyLoader {

    static final String KEY_FILE = "master.key";

    private static final Logger log = LoggerFactory.getLogger(MasterKeyLoader.class);

    private MasterKeyLoader() {
    }

    static byte[] load(String configured, Path dataDir) {
        if (configured != null && !configured.isBlank()) {
            return decode(configured.trim(), MalformedMasterKeyException::inVariable);
        }
        Path file = dataDir.resolve(KEY_FILE);
        try {
            if (Files.exists(file)) {
                return decode(Files.readString(file, StandardCharsets.US_ASCII).trim(),
                        problem -> MalformedMasterKeyException.inFile(file, problem));
            }
            byte[] key = new byte[Secrets.KEY_BYTES];
            new SecureRandom().nextBytes(key);
            String text = Base64.getEncoder().encodeToString(key);
            KnownSecrets.register(text);
            OwnerOnlyFiles.write(file, text + "\n");
            log.info("Generated a master key in {}; keep it with the data, or set TRIBUTARY_MASTER_KEY", file.toAbsolutePath());
            return key;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read or create the master key file " + file.toAbsolutePath(), e);
        }
    }

    private static byte[] decode(String base64, Function<String, MalformedMasterKeyException> malformed) {
        KnownSecrets.register(base64);
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw malformed.apply("is not base64");
        }
        if (key.length != Secrets.KEY_BYTES) {
            throw malformed.apply("decodes to " + key.length + " bytes, not " + Secrets.KEY_BYTES);
        }
        return key;
    }
}
