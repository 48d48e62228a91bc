package dev.tributary.testing;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Everything written to standard output while it is open (where the console log of a service
 * started in this JVM goes), still passed on to the real output. For checking what the log says,
 * and what it must never say.
 */
public final class CapturedOutput implements AutoCloseable {

    private final PrintStream original = System.out;
    private final ByteArrayOutputStream captured = new ByteArrayOutputStream();

    private CapturedOutput() {
        OutputStream tee = new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (captured) {
                    captured.write(b);
                }
                original.write(b);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) {
                synchronized (captured) {
                    captured.write(bytes, offset, length);
                }
                original.write(bytes, offset, length);
            }
        };
        System.setOut(new PrintStream(tee, true, StandardCharsets.UTF_8));
    }

    public static CapturedOutput start() {
        return new CapturedOutput();
    }

    public String text() {
        synchronized (captured) {
            return captured.toString(StandardCharsets.UTF_8);
        }
    }

    public List<String> lines() {
        return text().lines().toList();
    }

    @Override
    public void close() {
        System.setOut(original);
    }
}
