package dev.tributary;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import dev.tributary.testing.PackagedServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's {@code ./tributary}: its first start makes the class data archive by a training run
 * that leaves the user's data directory alone, its later starts use the archive, and both pass the
 * arguments and environment on to the server. Run on a copy of the launcher and the jar, so the
 * training run is a fresh one and the repository's own {@code target/launch} is left as it is.
 */
class LauncherIntegrationTests {

    private static final Path LAUNCHER = Path.of("..", "tributary");

    @TempDir
    Path layout;

    @TempDir
    Path dataDir;

    @Test
    void the_first_start_trains_an_archive_away_from_the_data_and_later_starts_use_it() throws Exception {
        assertThat(PackagedServer.JAR).as("run ./mvnw package first").exists();
        Path launcher = layout.resolve("tributary");
        Files.copy(LAUNCHER, launcher);
        Path target = Files.createDirectories(layout.resolve("tributary-server/target"));
        Files.copy(PackagedServer.JAR, target.resolve("tributary-server.jar"));
        Map<String, String> environment = Map.of("JAVA_HOME", System.getProperty("java.home"), "JAVA_OPTS", "-Xmx256m");
        boolean aotCache = Runtime.version().feature() >= 25;
        Path archive = target.resolve(aotCache ? "launch/tributary.aot" : "launch/tributary.jsa");
        String archiveOption = aotCache ? "-XX:AOTCache=" : "-XX:SharedArchiveFile=";

        try (PackagedServer first = PackagedServer.start(List.of(launcher.toString(), "--tributary.bootstrap.account-name=Launched"),
                dataDir, PackagedServer.freePort(), environment, Duration.ofMinutes(5))) {
            assertThat(first.log()).anyMatch(line -> line.startsWith("tributary: making the class data archive"));
            // The server that answered bootstrapped this data directory itself: the training run did not touch it.
            first.awaitLine(line -> line.contains("Created the organization, account 'Launched'")
                    && line.contains(dataDir.toString()), "of the first start's bootstrap");
            assertThat(archive).isNotEmptyFile();
            assertThat(commandLine(first)).contains(archiveOption).contains(archive.getFileName().toString());
        }

        try (PackagedServer again = PackagedServer.start(List.of(launcher.toString()), dataDir,
                PackagedServer.freePort(), environment, Duration.ofMinutes(2))) {
            assertThat(again.log()).noneMatch(line -> line.startsWith("tributary:"));
            // The launcher execs java: the process is the server, started with the archive.
            assertThat(commandLine(again)).contains(archiveOption).contains("launch/app/tributary-server.jar");
            // A JVM that cannot use an archive says so and goes on without it.
            assertThat(again.log()).noneMatch(line -> line.contains("[cds]") || line.contains("[aot]")
                    || line.contains("shared archive"));
        }
    }

    private static String commandLine(PackagedServer server) {
        return server.process().info().commandLine().orElseThrow();
    }
}
