package io.otp4j.slf4j;

import java.util.Objects;
import org.slf4j.LoggerFactory;

/**
 * Sends {@code System.Logger} output to SLF4J: put {@code otp4j-slf4j} on the class or module path, in place of
 * {@code slf4j-jdk-platform-logging} (a JVM uses one {@code System.LoggerFinder}, the first it finds), with any
 * SLF4J backend.
 *
 * <p>Every logger of the JVM goes to the SLF4J logger of the same name, at the matching level ({@code ALL} and
 * {@code TRACE} to trace, {@code DEBUG} to debug, {@code INFO} to info, {@code WARNING} to warn, {@code ERROR} to
 * error). A message whose lines after the first are otp4j's report fields ({@code "  pid: <shop.42>"}, {@code
 * "  name: limiter"}, {@code "  state: ..."}, {@code "  reason: ..."}) also carries each field as a key-value pair,
 * its key with spaces as underscores ({@code last_message}): a backend that keeps key-value pairs (Logback's JSON
 * encoders, Log4j's through SLF4J) gets them as structured fields; the message stays whole.
 */
public final class Slf4jLoggerFinder extends System.LoggerFinder {

    /** Made by the JVM's service loader. */
    public Slf4jLoggerFinder() {}

    @Override
    public System.Logger getLogger(String name, Module module) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(module, "module");
        return new Slf4jSystemLogger(LoggerFactory.getLogger(name));
    }
}
