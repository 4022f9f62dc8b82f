package io.otp4j.genserver;

import java.time.Duration;
import java.util.Objects;

/**
 * Go on with a state, replying nothing now. From {@link GenServer#handleCall} it means the reply comes later
 * through the call's {@link From}. Built with {@link Results#noReply}.
 *
 * @param state the new state
 * @param next what to do before the next message
 */
public record NoReply<S>(S state, Next next) implements CallResult<S>, Result<S> {
    public NoReply {
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(next, "next");
    }

    /** {@return the same, then run {@link GenServer#handleContinue} with {@code argument}} */
    public NoReply<S> thenContinue(Object argument) {
        return new NoReply<>(state, new Next.Continue(argument));
    }

    /** {@return the same, with an inactivity timeout} */
    public NoReply<S> withTimeout(Duration after) {
        return new NoReply<>(state, new Next.Timeout(after));
    }

    /** {@return the same, hibernating while waiting} */
    public NoReply<S> hibernate() {
        return new NoReply<>(state, Next.Hibernate.INSTANCE);
    }
}
