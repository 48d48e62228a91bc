package dev.tributary.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The jar that {@code ./mvnw package} builds, run as its own process the way an operator runs it:
 * configured by environment variables, stopped gracefully or killed with SIGKILL.
 */
public record PackagedServer(Process process, int port, List<String> log) implements AutoCloseable {

    public static final Path JAR = Path.of("target", "tributary-server.jar");
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    public static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    /** Starts on {@code port} with {@code dataDir}, plus {@code environment}, and waits until it is ready. */
    public static PackagedServer start(Path dataDir, int port, Map<String, String> environment) throws Exception {
        return start(javaJar(), dataDir, port, environment, Duration.ofSeconds(120));
    }

    /**
     * Starts with {@code command} instead of {@code java -jar} (the {@code ./tributary} launcher, say),
     * configured the same way, and waits until it is ready, at most {@code readyWithin}.
     */
    public static PackagedServer start(List<String> command, Path dataDir, int port, Map<String, String> environment,
            Duration readyWithin) throws Exception {
        Process process = launch(command, dataDir, port, environment);
        List<String> log = new CopyOnWriteArrayList<>();
        collectOutput(process, log);
        PackagedServer server = new PackagedServer(process, port, log);
        try {
            server.awaitReady(readyWithin);
        } catch (Exception | AssertionError e) {
            process.destroyForcibly();
            throw e;
        }
        return server;
    }

    public static PackagedServer start(Path dataDir) throws Exception {
        return start(dataDir, freePort(), Map.of());
    }

    /** What a run that is expected to fail left: its exit code and everything it printed. */
    public record Exit(int code, List<String> output) {
    }

    /** Runs like {@link #start} but waits for the process to exit, at most {@code timeout}. */
    public static Exit runUntilExit(Path dataDir, int port, Map<String, String> environment, Duration timeout)
            throws Exception {
        Process process = launch(javaJar(), dataDir, port, environment);
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = collectOutput(process, output);
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new AssertionError("the server was still running after " + timeout + ":\n" + String.join("\n", output));
        }
        reader.join(TimeUnit.SECONDS.toMillis(10));
        return new Exit(process.exitValue(), List.copyOf(output));
    }

    private static List<String> javaJar() {
        return List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-jar",
                JAR.toAbsolutePath().toString());
    }

    private static Process launch(List<String> command, Path dataDir, int port, Map<String, String> environment)
            throws IOException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_"));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().put("TRIBUTARY_DATA_DIR", dataDir.toString());
        builder.environment().put("TRIBUTARY_SANDBOX_SHOPIFY_PORT", "0");
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static Thread collectOutput(Process process, List<String> lines) {
        Thread reader = new Thread(() -> {
            try (BufferedReader output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                output.lines().forEach(lines::add);
            } catch (IOException | java.io.UncheckedIOException e) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
        return reader;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** The public API of this server, over real HTTP. */
    public ApiClient api() {
        return new ApiClient(baseUrl());
    }

    private void awaitReady(Duration within) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new AssertionError("the server exited with " + process.exitValue() + ":\n" + String.join("\n", log));
            }
            try {
                if (get("/actuator/health/readiness", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the server did not become ready:\n" + String.join("\n", log));
    }

    /**
     * The first line the server printed that matches, waiting for it: a request's lines are written
     * after its answer has left, by another thread, so they may not be there yet.
     */
    public String awaitLine(Predicate<String> matching, String description) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            Optional<String> line = log.stream().filter(matching).findFirst();
            if (line.isPresent()) {
                return line.get();
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no log line " + description + " within 15 s:\n" + String.join("\n", log));
    }

    public HttpResponse<String> get(String path, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(10));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: no shutdown hook, no graceful stop, whatever was in flight is lost from memory. */
    public void kill() throws InterruptedException {
        process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws Exception {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
