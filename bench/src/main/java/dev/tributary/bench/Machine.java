package dev.tributary.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** What the figures were taken on. */
final class Machine {

    private Machine() {
    }

    static String describe(String java) {
        StringBuilder out = new StringBuilder();
        out.append("- CPUs: ").append(Runtime.getRuntime().availableProcessors()).append(" (")
                .append(cpuModel()).append(")\n");
        out.append("- JDK: ").append(javaVersion(java)).append("\n");
        out.append("- Memory: ").append(meminfo("MemTotal")).append("\n");
        out.append("- Load at start: ").append(Bench.uptime()).append("\n");
        return out.toString();
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(line -> line.startsWith("model name"))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String meminfo(String field) {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(line -> line.startsWith(field))
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).findFirst().orElse("?");
        } catch (Exception e) {
            return "?";
        }
    }

    private static String javaVersion(String java) {
        try {
            Process process = new ProcessBuilder(java, "-version").redirectErrorStream(true).start();
            String text = new String(process.getInputStream().readAllBytes());
            process.waitFor();
            return text.lines().skip(1).findFirst().orElse(text).strip();
        } catch (Exception e) {
            return "?";
        }
    }
}
