package dev.tributary.platform.logging;

import java.util.List;
import java.util.Map;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/** A logging event as {@link SafeLogEncoder} lets it out: message and exception messages made safe. */
final class SafeLoggingEvent implements ILoggingEvent {

    private final ILoggingEvent event;
    private String message;

    SafeLoggingEvent(ILoggingEvent event) {
        this.event = event;
    }

    @Override
    public String getFormattedMessage() {
        if (message == null) {
            message = LoggedText.safe(event.getFormattedMessage());
        }
        return message;
    }

    @Override
    public String getMessage() {
        return getFormattedMessage();
    }

    /** None: the arguments are in the formatted message already, made safe there. */
    @Override
    public Object[] getArgumentArray() {
        return null;
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        IThrowableProxy proxy = event.getThrowableProxy();
        return proxy == null ? null : new SafeThrowableProxy(proxy);
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }

    /** An exception as logged: its message (and its causes' and suppressed ones') made safe. */
    private static final class SafeThrowableProxy implements IThrowableProxy {

        private final IThrowableProxy proxy;

        SafeThrowableProxy(IThrowableProxy proxy) {
            this.proxy = proxy;
        }

        @Override
        public String getMessage() {
            return LoggedText.safe(proxy.getMessage());
        }

        @Override
        public String getOverridingMessage() {
            return LoggedText.safe(proxy.getOverridingMessage());
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy cause = proxy.getCause();
            return cause == null ? null : new SafeThrowableProxy(cause);
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            if (suppressed == null) {
                return null;
            }
            IThrowableProxy[] safe = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                safe[i] = new SafeThrowableProxy(suppressed[i]);
            }
            return safe;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }
}
