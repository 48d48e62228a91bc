package dev.tributary.drills;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import dev.tributary.testing.ApiClient.Answer;

/**
 * Requests written byte for byte on a plain socket, for what an HTTP client library refuses to
 * send: oversized or non-ASCII headers, conflicting framing, stalled bodies. Every request asks the
 * server to close the connection, and the answer is read to the end.
 */
final class RawHttp {

    private final String host;
    private final int port;

    RawHttp(String baseUrl) {
        URI uri = URI.create(baseUrl);
        this.host = uri.getHost();
        this.port = uri.getPort();
    }

    /** Sends {@code head} (request line and headers, without the blank line) and {@code body}, then reads the answer. */
    Answer send(String head, byte[] body) {
        return send(head.getBytes(StandardCharsets.ISO_8859_1), body);
    }

    Answer send(byte[] head, byte[] body) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            try {
                out.write(head);
                out.write(("\r\nHost: " + host + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.write(body);
                out.flush();
            } catch (IOException refusedMidway) {
                // The server may answer (a 400 for a huge header) and close before all is written:
                // its answer is still waiting to be read.
                try {
                    return parse(readAnswer(socket.getInputStream()));
                } catch (IOException | RuntimeException noAnswer) {
                    refusedMidway.addSuppressed(noAnswer);
                    throw refusedMidway;
                }
            }
            return parse(readAnswer(socket.getInputStream()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Announces {@code declared} body bytes, sends only {@code sent} of them and then stalls, as a
     * slow or stuck client does. Answers the server's reply, or null when the server closed without one.
     */
    Answer stall(String head, int declared, byte[] sent, int waitSeconds) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(waitSeconds * 1000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: " + host + "\r\nContent-Length: " + declared + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.write(sent);
            out.flush();
            byte[] raw = readAnswer(socket.getInputStream());
            return raw.length == 0 ? null : parse(raw);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server neither answered nor closed a stalled request within " + waitSeconds + " s");
        } catch (IOException e) {
            // Reset by the server: it gave up on the request, which is what we want to see.
            return null;
        }
    }

    /**
     * Sends {@code body} one byte every {@code pauseMillis}, a pace that never lets the connection
     * go idle, and answers the server's reply, which must come within {@code waitSeconds}.
     */
    Answer trickle(String head, byte[] body, long pauseMillis, int waitSeconds) {
        try (Socket socket = new Socket(host, port)) {
            socket.setSoTimeout(waitSeconds * 1000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\nHost: " + host + "\r\nContent-Length: " + body.length + "\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            Thread writer = new Thread(() -> {
                try {
                    for (byte b : body) {
                        out.write(b);
                        out.flush();
                        Thread.sleep(pauseMillis);
                    }
                } catch (IOException | InterruptedException e) {
                    // the server stopped listening, or the answer is in
                }
            });
            writer.setDaemon(true);
            writer.start();
            try {
                return parse(readAnswer(socket.getInputStream()));
            } finally {
                writer.interrupt();
            }
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the server did not give up on a trickling body within " + waitSeconds + " s");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Reads one answer: its head, then Content-Length bytes when given, else up to the end of the connection. */
    private static byte[] readAnswer(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        try {
            while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                int b = in.read();
                if (b < 0) {
                    return head.toByteArray();
                }
                head.write(b);
            }
        } catch (java.net.SocketException e) {
            if (head.size() == 0) {
                throw e;
            }
            return head.toByteArray();
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$")
                .matcher(head.toString(StandardCharsets.ISO_8859_1));
        if (length.find()) {
            head.write(in.readNBytes(Integer.parseInt(length.group(1))));
            return head.toByteArray();
        }
        head.write(readAll(in));
        return head.toByteArray();
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                all.write(buffer, 0, n);
            }
        } catch (java.net.SocketException e) {
            // A reset after the answer was sent: keep what arrived.
            if (all.size() == 0) {
                throw e;
            }
        }
        return all.toByteArray();
    }

    static Answer parse(byte[] raw) {
        String text = new String(raw, StandardCharsets.ISO_8859_1);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new AssertionError("not an HTTP answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.computeIfAbsent(lines[i].substring(0, colon).strip(), k -> new ArrayList<>())
                    .add(lines[i].substring(colon + 1).strip());
        }
        byte[] body = java.util.Arrays.copyOfRange(raw, end + 4, raw.length);
        List<String> encoding = headers.get("Transfer-Encoding");
        if (encoding != null && encoding.get(0).equalsIgnoreCase("chunked")) {
            body = unchunk(body);
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, new String(body, StandardCharsets.UTF_8));
    }

    private static byte[] unchunk(byte[] body) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int at = 0;
        while (at < body.length) {
            int lineEnd = at;
            while (lineEnd + 1 < body.length && !(body[lineEnd] == '\r' && body[lineEnd + 1] == '\n')) {
                lineEnd++;
            }
            String sizeText = new String(body, at, lineEnd - at, StandardCharsets.ISO_8859_1).split(";")[0].strip();
            int size = Integer.parseInt(sizeText, 16);
            if (size == 0) {
                break;
            }
            out.write(body, lineEnd + 2, size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toByteArray();
    }
}
