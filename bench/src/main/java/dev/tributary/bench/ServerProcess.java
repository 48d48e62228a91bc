package dev.tributary.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/** The packaged server as its own process, started the way an operator starts it. */
final class ServerProcess implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    final Process process;
    final int port;
    final long readyMillis;
    final Path log;

    private ServerProcess(Process process, int port, long readyMillis, Path log) {
        this.process = process;
        this.port = port;
        this.readyMillis = readyMillis;
        this.log = log;
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    static ServerProcess start(String java, Path jar, String heap, Path log, Map<String, String> environment)
            throws Exception {
        return start(java, List.of(), jar, heap, log, environment);
    }

    static ServerProcess start(String java, List<String> jvmOptions, Path jar, String heap, Path log,
            Map<String, String> environment) throws Exception {
        int port = freePort();
        List<String> command = new ArrayList<>(List.of(java, "-Xmx" + heap));
        command.addAll(jvmOptions);
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TRIBUTARY_"));
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.environment().putAll(environment);
        long started = System.nanoTime();
        Process process = builder.start();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the server exited with " + process.exitValue() + "; see " + log
                        + "\n" + tail(log));
            }
            try {
                HttpResponse<Void> ready = HTTP.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/actuator/health/readiness"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
                if (ready.statusCode() == 200) {
                    return new ServerProcess(process, port, (System.nanoTime() - started) / 1_000_000, log);
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(10);
        }
        process.destroyForcibly();
        throw new IllegalStateException("the server was not ready within 90 s; see " + log);
    }

    String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** A line of /proc/&lt;pid&gt;/status in MiB, such as VmRSS or VmHWM. */
    double statusMiB(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            // gone
        }
        return Double.NaN;
    }

    /**
     * Bytes the process caused to be written to storage, {@code write_bytes} of /proc/&lt;pid&gt;/io
     * (counted when a page is dirtied, whatever the file: the database and its WAL, checkpoints, the
     * log, the JFR repository); -1 when the kernel does not account it.
     */
    long writeBytes() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(process.pid()), "io"))) {
                if (line.startsWith("write_bytes:")) {
                    return Long.parseLong(line.substring(line.indexOf(':') + 1).strip());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not accounted, or gone
        }
        return -1;
    }

    /** CPU time (user + system) the process has used, in seconds, from /proc/&lt;pid&gt;/stat. */
    static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    double cpuSeconds() {
        return cpuSeconds(process.pid());
    }

    /**
     * CPU seconds by kind of thread, from /proc/&lt;pid&gt;/task/*: what a sampling profiler misses
     * (garbage collection, the JIT compilers, time in the kernel and in native code) is counted too.
     * Threads that ended between two readings are lost, so compare readings of a steady load. Each kind
     * also has an entry with {@link #KERNEL} appended: the system time within it.
     */
    /** Suffix of the entries that hold the kernel (system) share of a kind's CPU seconds. */
    static final String KERNEL = " in the kernel";

    Map<String, Double> cpuSecondsByThreadKind() {
        Map<String, Double> byKind = new TreeMap<>();
        Path tasks = Path.of("/proc", Long.toString(process.pid()), "task");
        try (var threads = Files.list(tasks)) {
            for (Path thread : (Iterable<Path>) threads::iterator) {
                try {
                    String stat = Files.readString(thread.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
                    String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    String kind = threadKind(name);
                    byKind.merge(kind, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0, Double::sum);
                    byKind.merge(kind + KERNEL, Long.parseLong(fields[12]) / 100.0, Double::sum);
                } catch (IOException | RuntimeException e) {
                    // the thread ended while being read
                }
            }
        } catch (IOException e) {
            // the process is gone
        }
        return byKind;
    }

    /** Groups the kernel's thread names (Java's, cut to 15 characters). */
    static String threadKind(String name) {
        if (name.startsWith("http-nio")) {
            // Request, acceptor and poller threads: the cut names no longer tell them apart.
            return "Tomcat (requests, acceptor, poller)";
        }
        if (name.startsWith("GC ") || name.startsWith("G1 ") || name.startsWith("VM Thread")) {
            return "garbage collection and VM";
        }
        if (name.startsWith("C1 ") || name.startsWith("C2 ")) {
            return "JIT compilers";
        }
        if (name.startsWith("store-writer")) {
            // GroupCommit's thread: webhooks stored and delivery outcomes recorded, one commit for both.
            return "group-commit writer";
        }
        if (name.startsWith("delivery") || name.startsWith("HttpClient")) {
            return "delivery";
        }
        if (name.equals("poller")) {
            return "poller";
        }
        if (name.startsWith("JFR")) {
            return "JFR";
        }
        return "other";
    }

    /** Runs a jcmd command against the server (JFR.start, JFR.stop). */
    String jcmd(String java, String... arguments) throws Exception {
        Path jcmd = Path.of(java).getParent() == null ? Path.of("jcmd") : Path.of(java).getParent().resolve("jcmd");
        List<String> command = new ArrayList<>(List.of(jcmd.toString(), Long.toString(process.pid())));
        command.addAll(List.of(arguments));
        Process run = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(run.getInputStream().readAllBytes());
        run.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
