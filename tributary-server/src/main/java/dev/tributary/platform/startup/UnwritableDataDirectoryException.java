package dev.tributary.platform.startup;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;

/** The data directory (TRIBUTARY_DATA_DIR) cannot be created or written. */
public class UnwritableDataDirectoryException extends StartupException {

    public UnwritableDataDirectoryException(Path dataDir, IOException cause) {
        super("The data directory " + dataDir.toAbsolutePath().normalize() + " cannot be created or written ("
                + reason(cause) + ")", "set TRIBUTARY_DATA_DIR to a writable directory", cause);
    }

    /** The operating system's words, without the path that the sentence already names. */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof FileAlreadyExistsException) {
            return "a file is in the way";
        }
        if (e instanceof FileSystemException fileSystem && fileSystem.getReason() != null) {
            return fileSystem.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }
}
