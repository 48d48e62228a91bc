package dev.tributary.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs the Node scripts of {@code src/test/node} for {@link ShopifyLibraryFidelityIntegrationTests},
 * installing their packages with {@code npm ci} the first time, so {@code ./mvnw verify} needs no
 * extra step on a fresh machine.
 */
final class ShopifyLibraryFidelityScripts {

    static final Duration INSTALL_TIMEOUT = Duration.ofMinutes(5);
    static final Duration SCRIPT_TIMEOUT = Duration.ofSeconds(90);

    private static final Path DIRECTORY = Path.of(System.getProperty("basedir", System.getProperty("user.dir")))
            .resolve(Path.of("src", "test", "node")).toAbsolutePath();

    private ShopifyLibraryFidelityScripts() {
    }

    /** How a script ended and everything it printed. */
    record Run(String script, int exitCode, String output) {

        boolean passed() {
            return exitCode == 0;
        }

        @Override
        public String toString() {
            return "node " + script + " exited with " + (exitCode == TIMED_OUT ? "a timeout" : exitCode)
                    + "; its output:\n" + output;
        }
    }

    static final int TIMED_OUT = -1;

    /** Runs {@code node script} in the scripts' directory with {@code environment} added to this process's. */
    static Run run(String script, Map<String, String> environment) {
        installOnce();
        return exec(script, List.of("node", script), environment, SCRIPT_TIMEOUT);
    }

    private static synchronized void installOnce() {
        if (Files.isDirectory(DIRECTORY.resolve("node_modules"))) {
            return;
        }
        Run install = exec("npm ci", List.of("npm", "ci", "--no-audit", "--no-fund"), Map.of(), INSTALL_TIMEOUT);
        if (!install.passed()) {
            throw new IllegalStateException("npm ci failed in " + DIRECTORY + ":\n" + install.output());
        }
    }

    /** Output goes to a file, not a pipe, so a script that hangs cannot block the wait for its timeout. */
    private static Run exec(String name, List<String> command, Map<String, String> environment, Duration timeout) {
        Path log = null;
        try {
            log = Files.createTempFile("shopify-library-fidelity-", ".log");
            ProcessBuilder builder = new ProcessBuilder(command).directory(DIRECTORY.toFile())
                    .redirectErrorStream(true).redirectOutput(log.toFile());
            builder.environment().putAll(environment);
            Process process = builder.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            return new Run(name, finished ? process.exitValue() : TIMED_OUT, output);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot run " + command + " in " + DIRECTORY + " (are Node 20 and npm installed?)", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            if (log != null) {
                try {
                    Files.deleteIfExists(log);
                } catch (IOException e) {
                    // a temporary file left behind is harmless
                }
            }
        }
    }
}
