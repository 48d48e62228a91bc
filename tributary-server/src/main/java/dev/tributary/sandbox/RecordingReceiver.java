package dev.tributary.sandbox;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import dev.tributary.platform.RuntimeMode;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.context.annotation.Conditional;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A callback receiver built into the sandbox: {@code POST /sandbox/receiver/...} records what it
 * gets (headers, names in lower case, and the exact body) and answers 200; {@code GET /sandbox/receiver}
 * shows the records, newest first, and {@code /sandbox/receiver/{id}/body} one body's exact bytes;
 * {@code DELETE} forgets them. Keeps the last 1,000.
 */
@RestController
@Conditional(RuntimeMode.SandboxOnly.class)
@RequestMapping(path = "/sandbox/receiver", produces = MediaType.APPLICATION_JSON_VALUE)
class RecordingReceiver {

    private static final int KEPT = 1000;

    private final Deque<Map<String, Object>> received = new ArrayDeque<>();
    private final AtomicLong sequence = new AtomicLong();

    @PostMapping(path = {"", "/**"}, consumes = MediaType.ALL_VALUE)
    ResponseEntity<Map<String, Object>> receive(HttpServletRequest request, @RequestBody(required = false) byte[] body) {
        Map<String, Object> record = new LinkedHashMap<>();
        record.put("id", sequence.incrementAndGet());
        record.put("receivedAt", Instant.now().toString());
        record.put("path", request.getRequestURI());
        Map<String, String> headers = new LinkedHashMap<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            headers.put(name.toLowerCase(java.util.Locale.ROOT), request.getHeader(name));
        }
        record.put("headers", headers);
        record.put("body", body == null ? "" : new String(body, StandardCharsets.UTF_8));
        synchronized (received) {
            received.addFirst(record);
            while (received.size() > KEPT) {
                received.removeLast();
            }
        }
        return ResponseEntity.ok(Map.of("received", record.get("id")));
    }

    @GetMapping
    List<Map<String, Object>> list() {
        synchronized (received) {
            return new ArrayList<>(received);
        }
    }

    /** The exact bytes of one recorded body, for checking its signature with command-line tools. */
    @GetMapping(path = "/{id}/body", produces = MediaType.ALL_VALUE)
    ResponseEntity<byte[]> body(@org.springframework.web.bind.annotation.PathVariable long id) {
        synchronized (received) {
            for (Map<String, Object> record : received) {
                if (record.get("id").equals(id)) {
                    return ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON)
                            .body(((String) record.get("body")).getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        throw dev.tributary.platform.web.ApiException.notFound("No recorded request " + id);
    }

    @DeleteMapping
    Map<String, Object> clear() {
        synchronized (received) {
            received.clear();
        }
        return Map.of("cleared", true);
    }
}
