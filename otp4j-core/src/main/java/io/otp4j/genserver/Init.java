package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#init} returns.
 *
 * <ul>
 *   <li>{@link #ok(Object)}: the server runs with this state; the starter's {@code start} returns. Options:
 *       {@link Ok#thenContinue}, {@link Ok#withTimeout}, {@link Ok#hibernate}.
 *   <li>{@link #ignore()}: the server exits normally; the starter is told it was ignored (a supervisor
 *       skips such a child).
 *   <li>{@link #stop(ExitReason)}: the server exits with the reason; the starter gets a {@link
 *       StartException} naming it.
 * </ul>
 *
 * Throwing from {@code init} is like {@code stop} with a crash reason.
 *
 * @param <S> the server's state
 */
public sealed interface Init<S> {

    /** {@return start with {@code state}} */
    static <S> Ok<S> ok(S state) {
        return new Ok<>(state, Next.none());
    }

    /** {@return do not start, and do not count it as an error} */
    static <S> Init<S> ignore() {
        return new Ignore<>();
    }

    /** {@return do not start, failing with {@code reason}} */
    static <S> Init<S> stop(ExitReason reason) {
        return new Stop<>(reason);
    }

    /** Start with a state. */
    record Ok<S>(S state, Next next) implements Init<S> {
        public Ok {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(next, "next");
        }

        /** {@return the same, then run {@link GenServer#handleContinue} with {@code argument} first} */
        public Ok<S> thenContinue(Object argument) {
            return new Ok<>(state, new Next.Continue(argument));
        }

        /** {@return the same, with an inactivity timeout} */
        public Ok<S> withTimeout(Duration after) {
            return new Ok<>(state, new Next.Timeout(after));
        }

        /** {@return the same, hibernating while waiting} */
        public Ok<S> hibernate() {
            return new Ok<>(state, Next.Hibernate.INSTANCE);
        }
    }

    /** Do not start. */
    record Ignore<S>() implements Init<S> {}

    /** Fail to start. */
    record Stop<S>(ExitReason reason) implements Init<S> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
        }
    }
}
