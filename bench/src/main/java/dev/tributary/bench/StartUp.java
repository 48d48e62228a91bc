package dev.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up to readiness on SQLite in production mode, two ways side by side: the fat jar as the
 * README runs it, and the layout docs/configuration.md recommends for fast starts (the jar extracted
 * with Spring Boot's {@code -Djarmode=tools}, plus a class data sharing archive from a training run).
 * Rounds alternate between the two, each from an empty data directory, so both see the same machine.
 */
final class StartUp {

    record Result(List<Long> plainMillis, List<Long> cdsMillis, long trainingMillis) {

        long plainMedian() {
            return median(plainMillis);
        }

        long cdsMedian() {
            return median(cdsMillis);
        }

        private static long median(List<Long> values) {
            List<Long> sorted = values.stream().sorted().toList();
            return sorted.get(sorted.size() / 2);
        }
    }

    private StartUp() {
    }

    static Result measure(String java, Path serverJar, Path work, int rounds) throws Exception {
        Path layout = work.resolve("extracted");
        Path archive = work.resolve("tributary.jsa");
        run(work.resolve("extract.log"), Map.of(), java, "-Djarmode=tools", "-jar", serverJar.toString(), "extract",
                "--destination", layout.toString());
        Path extractedJar = layout.resolve(serverJar.getFileName());
        long trainingStarted = System.nanoTime();
        // The training run starts the application context and exits: the classes it loaded go to the archive.
        run(work.resolve("training.log"), environment(Files.createTempDirectory("tributary-bench-training-")), java,
                "-Xmx256m", "-XX:ArchiveClassesAtExit=" + archive, "-Dspring.context.exit=onRefresh", "-jar",
                extractedJar.toString());
        long trainingMillis = (System.nanoTime() - trainingStarted) / 1_000_000;
        List<Long> plain = new ArrayList<>();
        List<Long> cds = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            plain.add(readyMillis(java, List.of(), serverJar, work.resolve("plain-" + round + ".log")));
            cds.add(readyMillis(java, List.of("-XX:SharedArchiveFile=" + archive), extractedJar,
                    work.resolve("cds-" + round + ".log")));
        }
        return new Result(plain, cds, trainingMillis);
    }

    private static long readyMillis(String java, List<String> options, Path jar, Path log) throws Exception {
        Path dataDir = Files.createTempDirectory("tributary-bench-start-");
        try (ServerProcess server = ServerProcess.start(java, options, jar, "256m", log, environment(dataDir))) {
            return server.readyMillis;
        }
    }

    private static Map<String, String> environment(Path dataDir) {
        Map<String, String> environment = new HashMap<>();
        environment.put("TRIBUTARY_DATA_DIR", dataDir.toString());
        environment.put("TRIBUTARY_MODE", "production");
        return environment;
    }

    private static void run(Path log, Map<String, String> environment, String... command) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_"));
        builder.environment().put("SERVER_PORT", Integer.toString(ServerProcess.freePort()));
        builder.environment().putAll(environment);
        Process process = builder.start();
        if (!process.waitFor(120, TimeUnit.SECONDS) || process.exitValue() != 0) {
            process.destroyForcibly();
            throw new IllegalStateException(String.join(" ", command) + " failed; see " + log);
        }
    }
}
