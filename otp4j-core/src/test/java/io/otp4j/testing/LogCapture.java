package io.otp4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/**
 * Captures what otp4j writes through {@code System.Logger}, which routes to {@code java.util.logging} when
 * nothing else is installed. While attached, the captured loggers do not print (the expected reports would
 * only clutter the build output); {@link #close} restores them.
 */
public final class LogCapture implements AutoCloseable {

    private final List<Logger> loggers = new ArrayList<>();
    private final List<Boolean> parentHandlers = new ArrayList<>();
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler handler = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    };

    private LogCapture(String... names) {
        handler.setLevel(Level.ALL);
        for (String name : names) {
            Logger logger = Logger.getLogger(name);
            loggers.add(logger); // held: java.util.logging keeps loggers only weakly
            parentHandlers.add(logger.getUseParentHandlers());
            logger.addHandler(handler);
            logger.setUseParentHandlers(false);
        }
    }

    /** {@return a capture of the named loggers} */
    public static LogCapture of(String... loggers) {
        return new LogCapture(loggers);
    }

    /** {@return everything captured so far, in order} */
    public List<LogRecord> records() {
        return records;
    }

    /** {@return the records of {@code logger} whose message contains {@code text}} */
    public List<LogRecord> about(String logger, String text) {
        return records.stream()
                .filter(r -> logger.equals(r.getLoggerName()))
                .filter(r -> r.getMessage() != null && r.getMessage().contains(text))
                .toList();
    }

    @Override
    public void close() {
        for (int i = 0; i < loggers.size(); i++) {
            loggers.get(i).removeHandler(handler);
            loggers.get(i).setUseParentHandlers(parentHandlers.get(i));
        }
    }
}
