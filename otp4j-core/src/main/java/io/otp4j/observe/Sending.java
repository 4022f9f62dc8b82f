package io.otp4j.observe;

import io.otp4j.process.Pid;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is being sent, for a carrier that wants to know at {@link ContextCarrier#capture(Sending)}: made only while
 * a carrier is installed.
 *
 * @param kind a call, a cast or a plain send
 * @param target the receiving process
 * @param name the name the receiving server was started under, or null if none is known
 * @param messageType the class of the request (call, cast) or of the message (send)
 */
public record Sending(Kind kind, Pid target, @Nullable String name, Class<?> messageType) {

    /** How the message is sent. */
    public enum Kind {
        /** A generic server's {@code call}: the sender waits for the reply. */
        CALL,
        /** A generic server's {@code cast}. */
        CAST,
        /** A plain {@code send}. */
        SEND
    }

    /** Checks the fields. */
    public Sending {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(messageType, "messageType");
    }
}
