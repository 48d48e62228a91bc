package dev.tributary.delivery;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.time.Duration;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Words for how an attempt ended, for the deliveries API, the log and the
 * {@code tributary_delivery_attempts_total{reason}} label: a status class ({@code 2xx} ... {@code 5xx})
 * or why no answer came ({@code refused}, {@code timeout}, {@code tls}, {@code dns},
 * {@code unreachable}, {@code closed}, {@code blocked}, {@code invalid}), and a cause a person can
 * act on, such as {@code connection refused to 127.0.0.1:9009}. Pure: the JDK's exceptions often
 * carry no message of their own, so the cause is read from their types.
 */
final class AttemptOutcomes {

    /** Why no answer came, and the words for it. */
    record Failure(String reason, String cause) {
    }

    private AttemptOutcomes() {
    }

    /** The status class of an answer: {@code 2xx}, {@code 4xx} ... */
    static String statusClass(int statusCode) {
        return statusCode >= 100 && statusCode < 600 ? (statusCode / 100) + "xx" : "other";
    }

    /** What a failed send means, from the exception and where it was going. */
    static Failure of(Throwable failure, String url, Duration connectTimeout, Duration requestTimeout) {
        String target = hostAndPort(url);
        if (failure instanceof HttpConnectTimeoutException) {
            return new Failure("timeout", "no connection to " + target + " within " + connectTimeout.toMillis() + " ms");
        }
        if (failure instanceof HttpTimeoutException) {
            return new Failure("timeout", "no answer from " + target + " within " + requestTimeout.toMillis() + " ms");
        }
        if (failure instanceof IllegalArgumentException) {
            return new Failure("invalid", "the callback URL cannot be called: " + failure.getMessage());
        }
        // The specific cause first: the client wraps it in a ConnectException of its own.
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SSLException) {
                return new Failure("tls", "TLS with " + target + " failed: " + messageOf(t));
            }
            if (t instanceof UnresolvedAddressException || t instanceof UnknownHostException) {
                return new Failure("dns", "host " + hostOf(url) + " does not resolve");
            }
            if (t instanceof NoRouteToHostException) {
                return new Failure("unreachable", "no route to " + target);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConnectException) {
                String message = deepestMessage(t).toLowerCase(Locale.ROOT);
                if (message.contains("unreachable") || message.contains("no route")) {
                    return new Failure("unreachable", "network unreachable for " + target);
                }
                return new Failure("refused", "connection refused to " + target);
            }
            if (t instanceof EOFException) {
                return new Failure("closed", target + " closed the connection before answering");
            }
        }
        String message = deepestMessage(failure);
        if (message.toLowerCase(Locale.ROOT).contains("reset")) {
            return new Failure("closed", target + " reset the connection");
        }
        return new Failure("closed", "connection to " + target + " failed: " + failure.getClass().getSimpleName()
                + (message.isEmpty() ? "" : ": " + message));
    }

    /** {@code host:port}, with the scheme's port when the URL names none. */
    static String hostAndPort(String url) {
        try {
            URI uri = URI.create(url);
            int port = uri.getPort() != -1 ? uri.getPort() : "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
            return uri.getHost() == null ? "?" : uri.getHost() + ":" + port;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String hostOf(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "?" : host;
        } catch (IllegalArgumentException e) {
            return "?";
        }
    }

    private static String messageOf(Throwable t) {
        return t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage();
    }

    /** The innermost message in the cause chain; the JDK client wraps a cause's message in one of its own, or none. */
    private static String deepestMessage(Throwable failure) {
        String message = "";
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) {
                message = t.getMessage();
            }
        }
        return message;
    }
}
