package io.otp4j.observe;

import io.otp4j.process.Pid;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A call to a generic server ended: what {@link ProcessObserver#callFinished} is told, on the caller's thread.
 *
 * @param server the server called; for a call by a name nobody held, the caller's node's {@link
 *     io.otp4j.process.Node#pid() pid}
 * @param name the name the server was started under, or called by; null if none
 * @param requestType the class of the request
 * @param nanos how long the caller waited, on the node's clock; {@link #UNTIMED} if this call was not timed (see
 *     {@link ProcessObserver#timeOneCallIn()})
 * @param timedOneIn one call in how many was timed when this one was made, at random: 1 when every call is,
 *     {@link Integer#MAX_VALUE} when none is; a timed call's {@code nanos} stands for that many calls' when a total
 *     time is estimated
 * @param outcome how it ended
 */
public record CallFinished(
        Pid server, @Nullable String name, Class<?> requestType, long nanos, int timedOneIn, Outcome outcome) {

    /** The {@link #nanos()} of a call that was not timed. */
    public static final long UNTIMED = -1;

    /** How a call ended. */
    public enum Outcome {
        /** The server replied. */
        REPLIED,
        /** No reply came in time. */
        TIMEOUT,
        /** The server exited before replying, or its mailbox dropped or refused the request. */
        EXITED,
        /** No server: the process was gone, or no live server held the name. */
        NOPROC,
        /** The server's node is not connected. */
        NOCONNECTION,
        /** The calling thread was interrupted while it waited. */
        INTERRUPTED
    }

    /** Checks the fields. */
    public CallFinished {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(requestType, "requestType");
        Objects.requireNonNull(outcome, "outcome");
        if (nanos < UNTIMED) {
            throw new IllegalArgumentException("nanos must not be negative (or UNTIMED, -1), was " + nanos);
        }
        if (timedOneIn < 1) {
            throw new IllegalArgumentException("timedOneIn must be at least 1, was " + timedOneIn);
        }
    }

    /** {@return whether this call was timed}: else {@link #nanos()} is {@link #UNTIMED} */
    public boolean timed() {
        return nanos != UNTIMED;
    }
}
