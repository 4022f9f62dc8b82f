package io.otp4j.slf4j;

import java.text.MessageFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.MissingResourceException;
import java.util.ResourceBundle;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.spi.LoggingEventBuilder;

/** One {@code System.Logger} on one SLF4J logger; see {@link Slf4jLoggerFinder}. */
final class Slf4jSystemLogger implements System.Logger {

    /** A report field: two spaces, a lower-case key (words apart by spaces), a colon and a space, the value. */
    private static final Pattern FIELD = Pattern.compile("^  ([a-z][a-z ]*): (.*)$");

    private final Logger logger;

    Slf4jSystemLogger(Logger logger) {
        this.logger = logger;
    }

    @Override
    public String getName() {
        return logger.getName();
    }

    @Override
    public boolean isLoggable(System.Logger.Level level) {
        org.slf4j.event.Level to = level(level);
        return to != null && logger.isEnabledForLevel(to);
    }

    @Override
    public void log(
            System.Logger.Level level,
            @Nullable ResourceBundle bundle,
            @Nullable String msg,
            @Nullable Throwable thrown) {
        org.slf4j.event.Level to = level(level);
        if (to != null && logger.isEnabledForLevel(to)) {
            emit(to, localized(bundle, msg), thrown);
        }
    }

    @Override
    public void log(
            System.Logger.Level level,
            @Nullable ResourceBundle bundle,
            @Nullable String format,
            @Nullable Object... params) {
        org.slf4j.event.Level to = level(level);
        if (to != null && logger.isEnabledForLevel(to)) {
            String pattern = localized(bundle, format);
            emit(to, params == null || params.length == 0 ? pattern : MessageFormat.format(pattern, params), null);
        }
    }

    private void emit(org.slf4j.event.Level level, String message, @Nullable Throwable thrown) {
        LoggingEventBuilder event = logger.atLevel(level).setMessage(message);
        for (Map.Entry<String, String> field : fields(message).entrySet()) {
            event = event.addKeyValue(field.getKey(), field.getValue());
        }
        if (thrown != null) {
            event = event.setCause(thrown);
        }
        event.log();
    }

    /** {@return the report fields of {@code message}: its lines after the first, up to the first that is not one} */
    static Map<String, String> fields(String message) {
        Map<String, String> fields = new LinkedHashMap<>();
        int start = message.indexOf('\n');
        while (start >= 0) {
            int end = message.indexOf('\n', start + 1);
            Matcher m = FIELD.matcher(message.substring(start + 1, end < 0 ? message.length() : end));
            if (!m.matches()) {
                break;
            }
            fields.putIfAbsent(m.group(1).replace(' ', '_'), m.group(2));
            start = end;
        }
        return fields;
    }

    private static String localized(@Nullable ResourceBundle bundle, @Nullable String key) {
        if (key == null) {
            return "null";
        }
        if (bundle != null) {
            try {
                return bundle.getString(key);
            } catch (MissingResourceException e) {
                return key;
            }
        }
        return key;
    }

    private static org.slf4j.event.@Nullable Level level(System.Logger.Level level) {
        return switch (level) {
            case ALL, TRACE -> org.slf4j.event.Level.TRACE;
            case DEBUG -> org.slf4j.event.Level.DEBUG;
            case INFO -> org.slf4j.event.Level.INFO;
            case WARNING -> org.slf4j.event.Level.WARN;
            case ERROR -> org.slf4j.event.Level.ERROR;
            case OFF -> null;
        };
    }
}
