package dev.tributary.emulator;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.MapperFeature;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * The JSON file an emulator's state survives restarts in: read once at start, then written again
 * on a background thread shortly after changes. Changes that come close together share one write,
 * so a busy emulator writes a few times a second, not once per change; a kill loses at most the
 * last {@link #DELAY}. The file holds access tokens and client secrets, so only its owner may read it.
 */
final class StateFile implements AutoCloseable {

    /** How long a write waits for more changes to join it. */
    static final Duration DELAY = Duration.ofMillis(100);

    private static final Logger log = LoggerFactory.getLogger(StateFile.class);
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(MapperFeature.SORT_PROPERTIES_ALPHABETICALLY)
            .build();

    private final Path file;
    private final EmulatorState state;
    private final ScheduledThreadPoolExecutor writer;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** The change count the file holds; guarded by this. */
    private long written;

    /** Keeps {@code file} up to date with {@code state} from now on; {@code current} when the file already holds it. */
    StateFile(Path file, EmulatorState state, boolean current) {
        this.file = file.toAbsolutePath();
        this.state = state;
        this.written = current ? state.changes() : -1;
        this.writer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "shopify-emulator-state-file");
            thread.setDaemon(true);
            return thread;
        });
        // On close, a write still waiting is dropped: close() writes the latest state itself.
        writer.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        state.onChange(this::changed);
    }

    /**
     * Fills the empty {@code state} from {@code file}; false when there is no file. A file that
     * cannot be read or understood stops the start: starting empty would overwrite it.
     */
    static boolean restore(Path file, EmulatorState state) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            throw unreadable(file, e.toString(), e);
        }
        EmulatorSnapshot snapshot;
        try {
            snapshot = JSON.readValue(bytes, EmulatorSnapshot.class);
            if (snapshot != null) {
                snapshot.restoreInto(state);
            }
        } catch (RuntimeException e) {
            throw unreadable(file, e.getMessage(), e);
        }
        if (snapshot == null) {
            throw unreadable(file, "it holds JSON null, not a state", null);
        }
        return true;
    }

    private static IllegalStateException unreadable(Path file, String why, Exception cause) {
        return new IllegalStateException("Cannot restore the Shopify emulator's state from " + file.toAbsolutePath()
                + ": " + why + ". Fix the file, or delete it to start with an empty emulator.", cause);
    }

    /** Writes now if anything changed since the last write; callers on other threads wait for a write under way. */
    synchronized void write() throws IOException {
        long seen = state.changes();
        if (seen == written) {
            return;
        }
        byte[] bytes = JSON.writeValueAsBytes(EmulatorSnapshot.of(state));
        replace(bytes);
        written = seen;
    }

    /** Stops the background writer, then writes what it had not written yet. */
    @Override
    public void close() {
        state.onChange(null);
        writer.shutdown();
        try {
            writer.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            write();
        } catch (IOException | RuntimeException e) {
            log.error("Could not write the Shopify emulator's state to {}; changes since the last write are lost",
                    file, e);
        }
    }

    private void changed() {
        if (scheduled.compareAndSet(false, true)) {
            try {
                writer.schedule(this::writeInBackground, DELAY.toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                // closing: close() writes the last state itself
            }
        }
    }

    private void writeInBackground() {
        // Cleared before reading the state: a change from here on schedules the next write.
        scheduled.set(false);
        try {
            write();
        } catch (IOException | RuntimeException e) {
            // The next change, or close(), tries again with everything.
            log.warn("Could not write the Shopify emulator's state to {}", file, e);
        }
    }

    /** Writes a temporary file next to the real one, then renames it over it: the file is always whole. */
    private void replace(byte[] bytes) throws IOException {
        Path dir = file.getParent();
        Files.createDirectories(dir);
        Path temp = dir.resolve("." + file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(temp);
        }
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
            channel.force(true);
        }
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
