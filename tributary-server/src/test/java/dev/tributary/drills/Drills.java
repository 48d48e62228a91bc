package dev.tributary.drills;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;

import dev.tributary.testing.TestStore;

/**
 * What the reliability drills share: how long they run ({@code short} in every build, {@code long}
 * with {@code ./mvnw verify -Pdrills}) and where they write their figures
 * ({@code tributary-server/target/drill-reports/}).
 */
final class Drills {

    private Drills() {
    }

    static boolean isLong() {
        return "long".equals(System.getProperty("tributary.drill.length", "short"));
    }

    /** Appends a line to the drill's report and echoes it to the test output. */
    static void report(String drill, String line) {
        System.out.println("[" + drill + "] " + line);
        try {
            Path reports = Path.of("target", "drill-reports");
            Files.createDirectories(reports);
            Files.writeString(reports.resolve(drill + ".txt"), line + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The store's settings as the environment variables an operator would set ({@code tributary.database.url} to {@code TRIBUTARY_DATABASE_URL}). */
    static Map<String, String> environment(TestStore store) {
        return store.environment();
    }
}
