package io.otp4j.internal;

import java.util.Objects;

/**
 * A message sent with its sender's context (a trace context, logging fields), as it waits in a mailbox. Only a
 * node with a context carrier installed wraps messages, and only when the carrier captured something; the
 * receiving process unwraps it as it takes the message, so a receive and its match never see the wrapper.
 *
 * @param message the message sent
 * @param context what the sender's carriers captured
 */
public record Carried(Object message, Object context) {

    /** Checks that neither part is null. */
    public Carried {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(context, "context");
    }

    /** {@return {@code item} without its wrapper, if it has one} */
    public static Object unwrap(Object item) {
        return item instanceof Carried c ? c.message : item;
    }
}
