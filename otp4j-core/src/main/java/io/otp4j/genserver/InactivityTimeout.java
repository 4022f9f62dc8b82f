package io.otp4j.genserver;

/**
 * The message {@link GenServer#handleInfo} receives when a callback asked for an inactivity timeout ({@code
 * reply(...).withTimeout(after)}, {@code noReply(state).withTimeout(after)}, {@code Init.ok(state).withTimeout(after)})
 * and no message came in time: Erlang's {@code timeout}. Any message cancels the timeout.
 */
public enum InactivityTimeout {
    /** The only value. */
    INSTANCE
}
