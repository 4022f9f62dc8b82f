package io.otp4j.genserver;

/**
 * The message {@link GenServer#handleInfo} receives when a callback asked for an inactivity timeout ({@link
 * Next.Timeout}) and no message came in time: Erlang's {@code timeout}.
 */
public enum InactivityTimeout {
    INSTANCE
}
