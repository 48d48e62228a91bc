package dev.tributary.platform.startup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Checks once, before anything opens a file, that the data directory can be created and written
 * when this node needs it: for the SQLite store, or for the master key file when
 * TRIBUTARY_MASTER_KEY is not set. Otherwise the failure would surface later, three ways, from
 * SQLite, the key loader or the bootstrap credentials.
 */
public class DataDirectoryCheck implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        Environment environment = event.getEnvironment();
        if (needsDataDirectory(environment)) {
            requireWritable(Path.of(environment.getProperty("tributary.data-dir", "data")));
        }
    }

    // After the logging system is set up (by an earlier listener), so the failure is logged in its format.
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }

    static boolean needsDataDirectory(Environment environment) {
        return environment.getProperty("tributary.database.url", "").isBlank()
                || environment.getProperty("tributary.master-key", "").isBlank();
    }

    /** Creates {@code dataDir} if missing and writes (then removes) a file in it. */
    static void requireWritable(Path dataDir) {
        try {
            Files.createDirectories(dataDir);
            Files.delete(Files.createTempFile(dataDir, ".write-check-", ".tmp"));
        } catch (IOException e) {
            throw new UnwritableDataDirectoryException(dataDir, e);
        }
    }
}
