package dev.tributary.platform.logging;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import org.springframework.boot.logging.logback.StructuredLogEncoder;
import org.springframework.core.env.Environment;

/**
 * The console encoder (see {@code logback-spring.xml}): Spring Boot's structured encoder when a
 * format is set, its pattern encoder otherwise, fed with events whose message and exception texts
 * went through {@link LoggedText#safe}. Sitting at the encoder, it covers every logger, ours and
 * every library's, in both formats.
 */
public class SafeLogEncoder extends EncoderBase<ILoggingEvent> {

    private String format;
    private String pattern;
    private Charset charset;
    private Encoder<ILoggingEvent> delegate;
    /** Whether plain events skip the delegate for {@link LogstashLine}, which writes the same bytes for less. */
    private boolean logstashLines;

    public void setFormat(String format) {
        this.format = format;
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    public void setCharset(Charset charset) {
        this.charset = charset;
    }

    @Override
    public void start() {
        if (format != null && !format.isBlank()) {
            StructuredLogEncoder structured = new StructuredLogEncoder();
            structured.setFormat(format.strip());
            structured.setCharset(charset);
            delegate = structured;
            logstashLines = getContext() != null
                    && LogstashLine.applies(format.strip(), getContext().getObject(Environment.class.getName()));
        } else {
            PatternLayoutEncoder text = new PatternLayoutEncoder();
            text.setPattern(pattern);
            text.setCharset(charset);
            delegate = text;
        }
        delegate.setContext(getContext());
        delegate.start();
        super.start();
    }

    @Override
    public void stop() {
        if (delegate != null) {
            delegate.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return delegate.headerBytes();
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
        if (logstashLines && LogstashLine.takes(event)) {
            return LogstashLine.encode(new SafeLoggingEvent(event), charset == null ? StandardCharsets.UTF_8 : charset);
        }
        return delegate.encode(new SafeLoggingEvent(event));
    }

    @Override
    public byte[] footerBytes() {
        return delegate.footerBytes();
    }
}
