package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#handleCall} returns, built with {@link Results}: {@link Results#reply reply}, {@link
 * Results#noReply noReply} (the reply comes later through {@link From}), {@link Results#stop stop} or {@link
 * Results#stopReply stopReply}. Only a call can be replied to, so only this type has the replying shapes; a
 * {@link Result}, what the other callbacks return, is a call result that replies nothing.
 *
 * <p>The shapes have no public constructor: {@link Results} is the only way to make one, so that a reply always
 * has its request's reply type. What a server does before its next message is asked for on the result: {@link
 * Reply#thenContinue}, {@link Reply#withTimeout}, {@link Reply#hibernate} (and the same on {@link
 * Result.NoReply}).
 *
 * @param <S> the server's state
 */
public abstract sealed class CallResult<S> permits CallResult.Reply, CallResult.StopReply, Result {

    private final S state;

    CallResult(S state) {
        this.state = Objects.requireNonNull(state, "state");
    }

    /** {@return the state the server goes on with, or ends with} */
    public final S state() {
        return state;
    }

    /**
     * Reply to the caller and go on with a state: {@link Results#reply}.
     *
     * @param <S> the server's state
     */
    public static final class Reply<S> extends CallResult<S> {

        private final Object value;
        private final Next next;

        Reply(Object value, S state, Next next) {
            super(state);
            this.value = Objects.requireNonNull(value, "value");
            this.next = Objects.requireNonNull(next, "next");
        }

        /** {@return the reply} */
        public Object value() {
            return value;
        }

        /** {@return what to do before the next message} */
        Next next() {
            return next;
        }

        /**
         * {@return the same, then run {@link GenServer#handleContinue} with {@code argument} first}
         *
         * @param argument what {@code handleContinue} receives; any value the server understands
         */
        public Reply<S> thenContinue(Object argument) {
            return new Reply<>(value, state(), new Next.Continue(argument));
        }

        /**
         * {@return the same, with an inactivity timeout} (see {@link InactivityTimeout})
         *
         * @param after how long to wait for a message before {@code handleInfo} receives {@link
         *     InactivityTimeout#INSTANCE}; not negative
         */
        public Reply<S> withTimeout(Duration after) {
            return new Reply<>(value, state(), new Next.Timeout(after));
        }

        /** {@return the same, hibernating while waiting} */
        public Reply<S> hibernate() {
            return new Reply<>(value, state(), Next.Hibernate.INSTANCE);
        }

        @Override
        public String toString() {
            return "Reply[" + value + ", state " + state() + ", then " + next + "]";
        }
    }

    /** Reply to the caller, then stop: {@link Results#stopReply}. */
    static final class StopReply<S> extends CallResult<S> {

        private final ExitReason reason;
        private final Object value;

        StopReply(ExitReason reason, Object value, S state) {
            super(state);
            this.reason = Objects.requireNonNull(reason, "reason");
            this.value = Objects.requireNonNull(value, "value");
        }

        ExitReason reason() {
            return reason;
        }

        Object value() {
            return value;
        }

        @Override
        public String toString() {
            return "StopReply[" + reason + ", " + value + ", state " + state() + "]";
        }
    }
}
