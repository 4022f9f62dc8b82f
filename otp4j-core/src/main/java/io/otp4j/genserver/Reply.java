package io.otp4j.genserver;

import java.time.Duration;
import java.util.Objects;

/**
 * Reply to the caller and go on with a state. Built with {@link Results#reply}.
 *
 * @param value the reply
 * @param state the new state
 * @param next what to do before the next message
 */
public record Reply<S>(Object value, S state, Next next) implements CallResult<S> {
    public Reply {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(next, "next");
    }

    /** {@return the same, then run {@link GenServer#handleContinue} with {@code argument}} */
    public Reply<S> thenContinue(Object argument) {
        return new Reply<>(value, state, new Next.Continue(argument));
    }

    /** {@return the same, with an inactivity timeout} */
    public Reply<S> withTimeout(Duration after) {
        return new Reply<>(value, state, new Next.Timeout(after));
    }

    /** {@return the same, hibernating while waiting} */
    public Reply<S> hibernate() {
        return new Reply<>(value, state, Next.Hibernate.INSTANCE);
    }
}
