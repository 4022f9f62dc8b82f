package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#init} returns, made with its factories only.
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
public abstract sealed class Init<S> permits Init.Ok, Init.Ignore, Init.Stop {

    private Init() {}

    /**
     * {@return start with {@code state}}
     *
     * @param <S> the server's state
     * @param state the state the server starts with; not null
     */
    public static <S> Ok<S> ok(S state) {
        return new Ok<>(state, Next.none());
    }

    /**
     * {@return do not start, and do not count it as an error}
     *
     * @param <S> the server's state
     */
    public static <S> Init<S> ignore() {
        return new Ignore<>();
    }

    /**
     * {@return do not start, failing with {@code reason}}
     *
     * @param <S> the server's state
     * @param reason the server's exit reason, which the starter's {@link StartException} names
     */
    public static <S> Init<S> stop(ExitReason reason) {
        return new Stop<>(reason);
    }

    /**
     * Start with a state: {@link #ok}.
     *
     * @param <S> the server's state
     */
    public static final class Ok<S> extends Init<S> {

        private final S state;
        private final Next next;

        Ok(S state, Next next) {
            this.state = Objects.requireNonNull(state, "state");
            this.next = Objects.requireNonNull(next, "next");
        }

        /** {@return the state the server starts with} */
        public S state() {
            return state;
        }

        /** {@return what to do before the first message} */
        Next next() {
            return next;
        }

        /**
         * {@return the same, then run {@link GenServer#handleContinue} with {@code argument} first}
         *
         * @param argument what {@code handleContinue} receives; any value the server understands
         */
        public Ok<S> thenContinue(Object argument) {
            return new Ok<>(state, new Next.Continue(argument));
        }

        /**
         * {@return the same, with an inactivity timeout} (see {@link InactivityTimeout})
         *
         * @param after how long to wait for a message before {@code handleInfo} receives {@link
         *     InactivityTimeout#INSTANCE}; not negative
         */
        public Ok<S> withTimeout(Duration after) {
            return new Ok<>(state, new Next.Timeout(after));
        }

        /** {@return the same, hibernating while waiting} */
        public Ok<S> hibernate() {
            return new Ok<>(state, Next.Hibernate.INSTANCE);
        }

        @Override
        public String toString() {
            return "Ok[" + state + ", then " + next + "]";
        }
    }

    /** Do not start: {@link #ignore}. */
    static final class Ignore<S> extends Init<S> {

        Ignore() {}

        @Override
        public String toString() {
            return "Ignore";
        }
    }

    /** Fail to start: {@link #stop}. */
    static final class Stop<S> extends Init<S> {

        private final ExitReason reason;

        Stop(ExitReason reason) {
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        ExitReason reason() {
            return reason;
        }

        @Override
        public String toString() {
            return "Stop[" + reason + "]";
        }
    }
}
