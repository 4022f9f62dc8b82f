package io.otp4j.testkit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One entry otp4j wrote through {@code System.Logger}, as {@link LogCapture} caught it, with its report's fields
 * read.
 *
 * <p>otp4j's reports share one shape: a headline, then one {@code "  key: value"} line per field (a crash
 * report's {@code pid}, {@code name}, {@code last message}, {@code state}, {@code reason}; a supervisor report's
 * {@code supervisor}, {@code child}, {@code pid}, {@code reason}), then a stack trace if there is one. {@link
 * #fields()} holds those lines, in order.
 *
 * @param logger the logger's name ({@code io.otp4j.genserver}, {@code io.otp4j.supervisor}, ...)
 * @param level the level it was written at
 * @param headline the message's first line
 * @param fields the report's fields, in order; empty for a one-line message
 * @param message the whole message
 * @param thrown the exception logged with it, if any
 */
public record LogEntry(
        String logger,
        System.Logger.Level level,
        String headline,
        Map<String, String> fields,
        String message,
        @Nullable Throwable thrown) {

    private static final Pattern FIELD = Pattern.compile("^  ([a-z][a-z ]*): (.*)$");

    /** Copies the fields. */
    public LogEntry {
        Objects.requireNonNull(logger, "logger");
        Objects.requireNonNull(level, "level");
        Objects.requireNonNull(headline, "headline");
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
        Objects.requireNonNull(message, "message");
    }

    /**
     * {@return an entry of {@code message}, its headline and fields read from it}
     *
     * @param logger the name of the logger that wrote it ({@code io.otp4j.supervisor}, say)
     * @param level its level
     * @param message its text: a headline, then one {@code key: value} line per field
     * @param thrown the throwable logged with it, or null
     */
    public static LogEntry parse(String logger, System.Logger.Level level, String message, @Nullable Throwable thrown) {
        String[] lines = message.split("\n", -1);
        Map<String, String> fields = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            Matcher m = FIELD.matcher(lines[i]);
            if (!m.matches()) {
                break;
            }
            fields.putIfAbsent(m.group(1), m.group(2));
        }
        return new LogEntry(logger, level, lines[0], fields, message, thrown);
    }

    /**
     * {@return the field {@code key} ({@code "pid"}, {@code "state"}, ...), if the entry has it}
     *
     * @param key the field's name, as the report writes it
     */
    public Optional<String> field(String key) {
        return Optional.ofNullable(fields.get(Objects.requireNonNull(key, "key")));
    }

    /**
     * {@return whether this is a report about the process {@code pid}: its {@code pid} field names it}
     *
     * @param pid the process asked about
     */
    public boolean isAbout(io.otp4j.process.Pid pid) {
        return pid.toString().equals(fields.get("pid"));
    }
}
