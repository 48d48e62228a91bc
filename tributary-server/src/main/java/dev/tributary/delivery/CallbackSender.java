package dev.tributary.delivery;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

import dev.tributary.callbacks.CallbackGuard;
import org.springframework.stereotype.Component;

/**
 * Sends one notification to a callback URL: the exact bytes, {@code Content-Type},
 * {@code Elements-Event-Id} and the signature headers; redirects are not followed. A URL the
 * {@link CallbackGuard} refuses is a failed attempt without a connection.
 */
@Component
class CallbackSender {

    static final String EVENT_ID_HEADER = "Elements-Event-Id";

    private final HttpClient http;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final CallbackGuard guard;

    CallbackSender(DeliveryProperties properties, CallbackGuard guard) {
        this.guard = guard;
        this.http = HttpClient.newBuilder()
                .connectTimeout(properties.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .version(HttpClient.Version.HTTP_1_1)
                .build();
        this.connectTimeout = properties.connectTimeout();
        this.requestTimeout = properties.requestTimeout();
    }

    /**
     * How the attempt went: a status code, or the cause when no answer came; {@code reason} is the
     * status class or the kind of failure ({@link AttemptOutcomes}).
     */
    record Result(Integer statusCode, String error, String reason, Duration retryAfter, long durationMs) {

        static Result answered(int statusCode, Duration retryAfter, long durationMs) {
            return new Result(statusCode, null, AttemptOutcomes.statusClass(statusCode), retryAfter, durationMs);
        }

        static Result failed(AttemptOutcomes.Failure failure, long durationMs) {
            return new Result(null, failure.cause(), failure.reason(), null, durationMs);
        }

        DeliveryDecision.AttemptOutcome outcome() {
            return new DeliveryDecision.AttemptOutcome(statusCode == null ? 0 : statusCode, retryAfter);
        }

        /** For a person: {@code HTTP 503} or the cause. */
        String describe() {
            return statusCode != null ? "HTTP " + statusCode : error;
        }
    }

    Result send(String url, String eventId, byte[] body, Map<String, String> signatureHeaders) {
        long started = System.nanoTime();
        // Resolved again at each send, since DNS may now answer differently than when the URL was configured.
        Optional<String> refusal = guard.refusalBeforeSending(url);
        if (refusal.isPresent()) {
            String reason = refusal.get().startsWith("refused") ? "blocked" : "dns";
            return Result.failed(new AttemptOutcomes.Failure(reason, refusal.get()), millisSince(started));
        }
        try {
            HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                    .timeout(requestTimeout)
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "Tributary")
                    .header(EVENT_ID_HEADER, eventId)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body));
            signatureHeaders.forEach(request::header);
            HttpResponse<Void> response = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
            return Result.answered(response.statusCode(),
                    retryAfter(response.headers().firstValue("Retry-After").orElse(null)), millisSince(started));
        } catch (IOException | IllegalArgumentException e) {
            return Result.failed(AttemptOutcomes.of(e, url, connectTimeout, requestTimeout), millisSince(started));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Result.failed(new AttemptOutcomes.Failure("interrupted", "interrupted: this node is stopping"),
                    millisSince(started));
        }
    }

    /** Retry-After in whole seconds (dates are not honoured), capped at a day. */
    static Duration retryAfter(String header) {
        if (header == null) {
            return null;
        }
        try {
            long seconds = Long.parseLong(header.strip());
            return seconds < 0 ? null : Duration.ofSeconds(Math.min(seconds, 86_400));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
