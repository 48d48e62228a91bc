package dev.tributary.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node checks in {@code src/test/node} (official or widely used client libraries), installing
 * their packages with {@code npm ci} the first time, so {@code ./mvnw verify} needs no extra step.
 */
public final class NodeScripts {

    private static final Path DIRECTORY = Path.of("src", "test", "node").toAbsolutePath();

    private NodeScripts() {
    }

    /** What a script printed and how it ended. */
    public record Run(int exitCode, String output) {
    }

    public static synchronized Run run(String script, Map<String, String> environment) {
        install();
        return exec(List.of("node", script), environment, 60);
    }

    /** Runs {@code command} in that directory, a program from its packages say, with the packages installed. */
    public static synchronized Run command(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        install();
        return exec(command, environment, timeoutSeconds);
    }

    /** The directory the scripts and commands run in. */
    public static Path directory() {
        return DIRECTORY;
    }

    /**
     * {@code npm ci} when nothing is installed yet, or the lockfile changed since (npm's own record of
     * what it installed, {@code node_modules/.package-lock.json}, is then older).
     */
    private static void install() {
        Path installed = DIRECTORY.resolve("node_modules").resolve(".package-lock.json");
        try {
            if (Files.isRegularFile(installed) && !Files.getLastModifiedTime(installed)
                    .toInstant().isBefore(Files.getLastModifiedTime(DIRECTORY.resolve("package-lock.json")).toInstant())) {
                return;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Run install = exec(List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), 300);
        if (install.exitCode() != 0) {
            throw new IllegalStateException("npm ci failed in " + DIRECTORY + ":\n" + install.output());
        }
    }

    private static Run exec(List<String> command, Map<String, String> environment, int timeoutSeconds) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile()).redirectErrorStream(true);
            builder.environment().putAll(environment);
            Process process = builder.start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Run(-1, "timed out: " + command);
            }
            return new Run(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command + " (is Node 20 installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
