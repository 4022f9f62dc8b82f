package io.otp4j.testkit;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;
import org.jspecify.annotations.Nullable;

/**
 * Catches what otp4j writes through {@code System.Logger} during one test: crash reports, supervisor reports,
 * warnings, each as a {@link LogEntry} with its report's fields read.
 *
 * {@snippet class=io.otp4j.testkit.LogCaptureTest region=capture}
 *
 * <p>A capture sees the entries of the {@code io.otp4j} loggers written after it {@linkplain #start starts} and
 * before it is {@linkplain #close closed}; one {@linkplain #of(Node) of a node} sees only the reports about that
 * node's processes, so tests running side by side on nodes of their own do not see each other's. While a
 * capture is open the {@code io.otp4j} entries are not printed too (the reports a test provokes would only
 * clutter its output); closing the last open capture restores printing. Nothing stays behind after {@link
 * #close}: use it in try-with-resources.
 *
 * <p>It reads {@code System.Logger}'s default backend, {@code java.util.logging}. A test class path that routes
 * {@code System.Logger} elsewhere (to SLF4J, to Log4j) sends the entries there instead, and a capture sees none.
 */
public final class LogCapture implements AutoCloseable {

    /** The parent of every otp4j logger. */
    private static final String ROOT = "io.otp4j";

    /** Held strongly: {@code java.util.logging} keeps loggers only weakly, and would forget the settings. */
    private static final Logger OTP4J = Logger.getLogger(ROOT);

    private static int open;
    private static boolean printedBefore;

    private final @Nullable String nodeName;
    private final List<LogEntry> entries = new CopyOnWriteArrayList<>();
    private final Handler handler;
    private boolean closed;

    private LogCapture(@Nullable String nodeName) {
        this.nodeName = nodeName;
        Formatter formatter = new SimpleFormatter();
        this.handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                String message = formatter.formatMessage(record);
                LogEntry entry = LogEntry.parse(
                        Objects.requireNonNullElse(record.getLoggerName(), ROOT),
                        level(record.getLevel()),
                        message == null ? "" : message,
                        record.getThrown());
                if (belongs(entry)) {
                    entries.add(entry);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        handler.setLevel(Level.ALL);
        synchronized (LogCapture.class) {
            if (open++ == 0) {
                printedBefore = OTP4J.getUseParentHandlers();
                OTP4J.setUseParentHandlers(false);
            }
            OTP4J.addHandler(handler);
        }
    }

    /** {@return a capture of every otp4j entry written from now until it is closed} */
    public static LogCapture start() {
        return new LogCapture(null);
    }

    /**
     * {@return a capture of the entries about {@code node}'s processes}: those whose {@code pid} field or headline
     * names a pid of the node
     *
     * @param node the node whose processes' entries are caught
     */
    public static LogCapture of(Node node) {
        return new LogCapture(Objects.requireNonNull(node, "node").name());
    }

    private boolean belongs(LogEntry entry) {
        if (nodeName == null) {
            return true;
        }
        String prefix = "<" + nodeName + ".";
        return entry.field("pid").map(p -> p.startsWith(prefix)).orElse(false)
                || entry.headline().contains(prefix);
    }

    /** {@return every entry caught so far, in order} */
    public List<LogEntry> entries() {
        return List.copyOf(entries);
    }

    /**
     * {@return the entries caught so far that {@code match} accepts, in order}
     *
     * @param match accepts the entries wanted
     */
    public List<LogEntry> entries(Predicate<LogEntry> match) {
        Objects.requireNonNull(match, "match");
        return entries.stream().filter(match).toList();
    }

    /**
     * {@return the first entry caught so far that {@code match} accepts}
     *
     * @param match accepts the entry wanted
     */
    public Optional<LogEntry> find(Predicate<LogEntry> match) {
        Objects.requireNonNull(match, "match");
        return entries.stream().filter(match).findFirst();
    }

    /**
     * Waits, at most {@link Eventually#DEFAULT_LIMIT}, for the crash report of the generic server {@code server}
     * (reports are written by the server's own process, so a test that made it crash waits for it).
     *
     * @param server the pid of the server whose crash report is awaited
     * @return the report: its fields include {@code pid}, {@code last message}, {@code state} (as the server's
     *     {@code formatStatus} shows it) and {@code reason}
     * @throws AssertionError if none came in time
     */
    public LogEntry awaitCrashReport(Pid server) {
        Objects.requireNonNull(server, "server");
        return Eventually.get(
                () -> find(e -> e.logger().equals("io.otp4j.genserver") && e.isAbout(server)),
                "a crash report of the server " + server);
    }

    /**
     * Waits, at most {@link Eventually#DEFAULT_LIMIT}, for an entry that {@code match} accepts.
     *
     * @param match accepts the entry awaited
     * @param what what the test waits for, for the failure's message
     * @return the first entry {@code match} accepted
     * @throws AssertionError if none came in time
     */
    public LogEntry await(Predicate<LogEntry> match, String what) {
        Objects.requireNonNull(match, "match");
        return Eventually.get(() -> find(match), what);
    }

    /** {@return whether the capture still catches entries: it has not been closed} */
    public boolean isOpen() {
        synchronized (LogCapture.class) {
            return !closed;
        }
    }

    /** Stops catching; the last capture to close lets the otp4j loggers print again. Idempotent. */
    @Override
    public void close() {
        synchronized (LogCapture.class) {
            if (closed) {
                return;
            }
            closed = true;
            OTP4J.removeHandler(handler);
            if (--open == 0) {
                OTP4J.setUseParentHandlers(printedBefore);
            }
        }
    }

    private static System.Logger.Level level(Level level) {
        int v = level.intValue();
        if (v >= Level.SEVERE.intValue()) {
            return System.Logger.Level.ERROR;
        }
        if (v >= Level.WARNING.intValue()) {
            return System.Logger.Level.WARNING;
        }
        if (v >= Level.INFO.intValue()) {
            return System.Logger.Level.INFO;
        }
        return v >= Level.FINE.intValue() ? System.Logger.Level.DEBUG : System.Logger.Level.TRACE;
    }
}
