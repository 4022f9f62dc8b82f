package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.util.Objects;

/**
 * Stop: {@link GenServer#terminate} runs with the reason and state, then the server exits with the reason.
 * From {@link GenServer#handleCall} the caller gets no reply; its call fails with the reason. Built with
 * {@link Results#stop}.
 *
 * @param reason the exit reason
 * @param state the state {@code terminate} sees
 */
public record Stop<S>(ExitReason reason, S state) implements CallResult<S>, Result<S> {
    public Stop {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(state, "state");
    }
}
