package io.otp4j.observe;

import io.otp4j.process.Pid;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is being sent, for a carrier that wants to know at {@link ContextCarrier#capture(Sending)}: made only while
 * a carrier is installed.
 *
 * @param kind a call, a cast or a plain send; or a call made on another node, as it reaches its server here
 * @param target the receiving process; for a call, cast or send by name to another node, that node's pseudo-pid
 *     (its node name, with no number of its own), as a call's {@link CallFinished#server()} shows it
 * @param name the name the receiving server was started under (or, sent by name to another node, the name it is
 *     registered as there), or null if none is known
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
        SEND,
        /**
         * A call made on another node, as this node hands it to the local server: its context was captured on the
         * caller's node (which began any span of the call, and ends it) and read back here from the fields that
         * crossed. The server's span, if a carrier makes one, is the caller's child.
         */
        REMOTE_CALL
    }

    /** Checks the fields. */
    public Sending {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(messageType, "messageType");
    }
}
