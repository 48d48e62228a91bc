package dev.tributary.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Start-up to readiness on SQLite in production mode, two ways side by side: the fat jar with
 * {@code java -jar}, and the README's {@code ./tributary} launcher (the jar extracted, with a class
 * data archive from a training run: a CDS archive before Java 25, an AOT cache from 25 on; see
 * docs/configuration.md). The launcher's first start from nothing (extraction, training run, start)
 * is timed once; the rounds then time its later starts, alternating with {@code java -jar}, each from
 * an empty data directory, so both see the same machine.
 */
final class StartUp {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Medians of the rounds; {@code trainingMillis} is the launcher's first start, the training run included. */
    record Result(List<Long> plainMillis, List<Long> launcherMillis, long trainingMillis) {

        long plainMedian() {
            return median(plainMillis);
        }

        long launcherMedian() {
            return median(launcherMillis);
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    private StartUp() {
    }

    static Result measure(String java, Path serverJar, Path work, int rounds) throws Exception {
        // tributary-server/target/tributary-server.jar -> the repository's root, where ./tributary is.
        Path root = serverJar.toAbsolutePath().getParent().getParent().getParent();
        Path launcher = root.resolve("tributary");
        // The launcher's own layout (extracted jar, archive): removed, so the first start below makes it anew.
        deleteTree(serverJar.toAbsolutePath().getParent().resolve("launch"));
        long trainingMillis = launcherReadyMillis(launcher, java, work.resolve("launcher-first.log"));
        List<Long> plain = new ArrayList<>();
        List<Long> launched = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            plain.add(plainReadyMillis(java, serverJar, work.resolve("plain-" + round + ".log")));
            launched.add(launcherReadyMillis(launcher, java, work.resolve("launcher-" + round + ".log")));
        }
        return new Result(plain, launched, trainingMillis);
    }

    private static long plainReadyMillis(String java, Path jar, Path log) throws Exception {
        Path dataDir = Files.createTempDirectory("tributary-bench-start-");
        try (ServerProcess server = ServerProcess.start(java, jar, "256m", log, environment(dataDir))) {
            return server.readyMillis;
        }
    }

    /** {@code ./tributary} as the README runs it, with the bench's JDK and heap. */
    private static long launcherReadyMillis(Path launcher, String java, Path log) throws Exception {
        Map<String, String> environment = environment(Files.createTempDirectory("tributary-bench-start-"));
        Path javaHome = Path.of(java).toAbsolutePath().getParent().getParent();
        environment.put("JAVA_HOME", javaHome.toString());
        environment.put("JAVA_OPTS", "-Xmx256m");
        int port = ServerProcess.freePort();
        ProcessBuilder builder = new ProcessBuilder(launcher.toString()).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_"));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        // The launcher execs java: the process is the server.
        Process process = builder.start();
        try {
            long deadline = started + TimeUnit.SECONDS.toNanos(300);
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("./tributary exited with " + process.exitValue() + "; see " + log);
                }
                try {
                    HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                    if (ready.statusCode() == 200) {
                        return (System.nanoTime() - started) / 1_000_000;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                Thread.sleep(10);
            }
            throw new IllegalStateException("./tributary was not ready within 300 s; see " + log);
        } finally {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }

    private static Map<String, String> environment(Path dataDir) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_DATA_DIR", dataDir.toString());
        environment.put("TRIBUTARY_MODE", "production");
        return environment;
    }

    private static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            for (Path path : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(path);
            }
        }
    }
}
