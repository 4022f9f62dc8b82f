package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.util.Objects;

/**
 * Reply to the caller, then stop. Built with {@link Results#stopReply}.
 *
 * @param reason the exit reason
 * @param value the reply
 * @param state the state {@code terminate} sees
 */
public record StopReply<S>(ExitReason reason, Object value, S state) implements CallResult<S> {
    public StopReply {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(state, "state");
    }
}
