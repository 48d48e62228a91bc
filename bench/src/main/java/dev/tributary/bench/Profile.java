package dev.tributary.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * Where the server's CPU went during a JFR recording: execution samples grouped by thread, by the
 * library of the top frame (self time), by a few of Tributary's steps anywhere on the stack
 * (inclusive time), and the hottest methods; then native method samples (time inside native code,
 * such as SQLite's C library, which execution samples do not see).
 */
final class Profile {

    private static final Map<String, String> LIBRARIES = new LinkedHashMap<>();
    private static final Map<String, String> STEPS = new LinkedHashMap<>();

    static {
        LIBRARIES.put("com.sun.crypto", "crypto (HMAC)");
        LIBRARIES.put("sun.security", "crypto (HMAC)");
        LIBRARIES.put("javax.crypto", "crypto (HMAC)");
        LIBRARIES.put("tools.jackson", "Jackson");
        LIBRARIES.put("com.fasterxml", "Jackson");
        LIBRARIES.put("org.sqlite", "SQLite JDBC");
        LIBRARIES.put("org.postgresql", "PostgreSQL JDBC");
        LIBRARIES.put("com.zaxxer", "Hikari");
        LIBRARIES.put("ch.qos.logback", "logging");
        LIBRARIES.put("org.slf4j", "logging");
        LIBRARIES.put("net.logstash", "logging");
        LIBRARIES.put("org.apache", "Tomcat");
        LIBRARIES.put("org.springframework", "Spring");
        LIBRARIES.put("io.micrometer", "Micrometer");
        LIBRARIES.put("dev.tributary", "Tributary");
        LIBRARIES.put("sun.nio", "JDK I/O");
        LIBRARIES.put("java.io", "JDK I/O");
        LIBRARIES.put("java.nio", "JDK I/O");
        LIBRARIES.put("java.util.concurrent", "JDK concurrency");
        LIBRARIES.put("java.", "JDK other");
        LIBRARIES.put("jdk.", "JDK other");
        LIBRARIES.put("sun.", "JDK other");
        STEPS.put("dev.tributary.ingest.WebhookIngest.verifies", "HMAC check");
        STEPS.put("dev.tributary.events.NotificationBody.parseOrNull", "parse body (JSON)");
        STEPS.put("dev.tributary.events.NotificationBody.build", "build notification");
        STEPS.put("dev.tributary.platform.storage.GroupCommit.commitWaiting", "group-commit write (writer thread)");
        STEPS.put("dev.tributary.ingest.WebhookIngest.receive", "ingest controller total (request threads)");
        STEPS.put("dev.tributary.platform.web.RequestIdFilter.doFilterInternal", "request filter chain total");
        STEPS.put("org.springframework.web.servlet.DispatcherServlet.doDispatch", "Spring MVC dispatch");
        STEPS.put("ch.qos.logback.classic.Logger", "logging (anywhere)");
        STEPS.put("io.micrometer", "metrics (anywhere)");
        STEPS.put("dev.tributary.delivery.DeliveryWorker", "delivery worker");
    }

    private Profile() {
    }

    static String summarize(Path recording, int top) throws IOException {
        Map<String, Integer> byThread = new HashMap<>();
        Map<String, Integer> byLibrary = new HashMap<>();
        Map<String, Integer> bySteps = new HashMap<>();
        Map<String, Integer> byMethod = new HashMap<>();
        int samples = 0;
        int nativeSamples = 0;
        Map<String, Integer> byNative = new HashMap<>();
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                RecordedStackTrace stack = event.getStackTrace();
                if (stack == null || stack.getFrames().isEmpty()) {
                    continue;
                }
                if (event.getEventType().getName().equals("jdk.NativeMethodSample")) {
                    String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
                    nativeSamples++;
                    byNative.merge(threadGroup(thread) + "  " + name(stack.getFrames().get(0)), 1, Integer::sum);
                    continue;
                }
                if (!event.getEventType().getName().equals("jdk.ExecutionSample")) {
                    continue;
                }
                samples++;
                String thread = event.getThread("sampledThread") == null ? "?" : event.getThread("sampledThread").getJavaName();
                byThread.merge(threadGroup(thread), 1, Integer::sum);
                String topMethod = name(stack.getFrames().get(0));
                byMethod.merge(topMethod, 1, Integer::sum);
                byLibrary.merge(library(topMethod), 1, Integer::sum);
                Set<String> seen = new HashSet<>();
                for (RecordedFrame frame : stack.getFrames()) {
                    String method = name(frame);
                    for (Map.Entry<String, String> step : STEPS.entrySet()) {
                        if (method.startsWith(step.getKey()) && seen.add(step.getValue())) {
                            bySteps.merge(step.getValue(), 1, Integer::sum);
                        }
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder();
        out.append(samples).append(" execution samples\n");
        section(out, "by thread", byThread, samples, top);
        section(out, "by library of the top frame (self time)", byLibrary, samples, top);
        section(out, "by step, anywhere on the stack (inclusive)", bySteps, samples, top);
        section(out, "hottest methods (self time)", byMethod, samples, top);
        out.append("\n").append(nativeSamples).append(" native method samples (threads inside native code:"
                + " sockets, SQLite's C library, waiting or working)\n");
        section(out, "by thread and native method", byNative, nativeSamples, top);
        return out.toString();
    }

    /**
     * The most heap the recording saw in use, in bytes: the largest {@code heapUsed} of its
     * {@code jdk.GCHeapSummary} events (the one before each collection is the peak before it); NaN
     * when it holds none.
     */
    static double heapPeakBytes(Path recording) throws IOException {
        double peak = Double.NaN;
        try (RecordingFile file = new RecordingFile(recording)) {
            while (file.hasMoreEvents()) {
                RecordedEvent event = file.readEvent();
                if (event.getEventType().getName().equals("jdk.GCHeapSummary") && event.hasField("heapUsed")) {
                    double used = event.getLong("heapUsed");
                    peak = Double.isNaN(peak) ? used : Math.max(peak, used);
                }
            }
        }
        return peak;
    }

    private static void section(StringBuilder out, String title, Map<String, Integer> counts, int samples, int top) {
        out.append("\n").append(title).append(":\n");
        List<Map.Entry<String, Integer>> sorted = new ArrayList<>(counts.entrySet());
        sorted.sort(Map.Entry.<String, Integer>comparingByValue().reversed());
        for (Map.Entry<String, Integer> entry : sorted.subList(0, Math.min(top, sorted.size()))) {
            out.append(String.format("  %5.1f%%  %s%n", 100.0 * entry.getValue() / Math.max(1, samples), entry.getKey()));
        }
    }

    private static String name(RecordedFrame frame) {
        return frame.getMethod().getType().getName() + "." + frame.getMethod().getName();
    }

    private static String library(String method) {
        for (Map.Entry<String, String> library : LIBRARIES.entrySet()) {
            if (method.startsWith(library.getKey())) {
                return library.getValue();
            }
        }
        return "other";
    }

    private static String threadGroup(String thread) {
        return thread.replaceAll("-?\\d+$", "-N").replaceAll("-\\d+-", "-N-");
    }
}
