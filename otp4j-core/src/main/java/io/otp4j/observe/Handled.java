package io.otp4j.observe;

import io.otp4j.process.Pid;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A generic server ran one callback: what {@link ProcessObserver#handled} is told.
 *
 * @param pid the server
 * @param name the name the server was started under, or null
 * @param kind which callback ran
 * @param messageType the class of the request or message it handled ({@link Kind#CONTINUE}: the continue
 *     argument's; {@link Kind#TIMEOUT}: the inactivity timeout's marker)
 * @param nanos how long it took, on the node's clock, from taking the message to the callback's return
 * @param mailboxLength how many messages were waiting once it returned
 */
public record Handled(Pid pid, @Nullable String name, Kind kind, Class<?> messageType, long nanos, int mailboxLength) {

    /** The callback that ran. */
    public enum Kind {
        /** {@code handleCall}. */
        CALL,
        /** {@code handleCast}. */
        CAST,
        /** {@code handleInfo}, for a plain message. */
        INFO,
        /** {@code handleContinue}. */
        CONTINUE,
        /** {@code handleInfo} for the server's inactivity timeout. */
        TIMEOUT
    }

    /** Checks the fields. */
    public Handled {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(messageType, "messageType");
        if (nanos < 0 || mailboxLength < 0) {
            throw new IllegalArgumentException(
                    "nanos and mailboxLength must not be negative, were " + nanos + " and " + mailboxLength);
        }
    }
}
