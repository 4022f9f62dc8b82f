package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What {@link GenServer#handleCast}, {@link GenServer#handleInfo} and {@link GenServer#handleContinue} return,
 * built with {@link Results}: {@link Results#noReply noReply} or {@link Results#stop stop}. They cannot reply:
 * there is no caller. Both are also what {@link GenServer#handleCall} may return, so a result is a {@link
 * CallResult}.
 *
 * @param <S> the server's state
 */
public abstract sealed class Result<S> extends CallResult<S> permits Result.NoReply, Result.Stop {

    Result(S state) {
        super(state);
    }

    /**
     * Go on with a state, replying nothing now: {@link Results#noReply}. From {@link GenServer#handleCall} it
     * means the reply comes later through the call's {@link From}.
     *
     * @param <S> the server's state
     */
    public static final class NoReply<S> extends Result<S> {

        private final Next next;

        NoReply(S state, Next next) {
            super(state);
            this.next = Objects.requireNonNull(next, "next");
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
        public NoReply<S> thenContinue(Object argument) {
            return new NoReply<>(state(), new Next.Continue(argument));
        }

        /**
         * {@return the same, with an inactivity timeout} (see {@link InactivityTimeout})
         *
         * @param after how long to wait for a message before {@code handleInfo} receives {@link
         *     InactivityTimeout#INSTANCE}; not negative
         */
        public NoReply<S> withTimeout(Duration after) {
            return new NoReply<>(state(), new Next.Timeout(after));
        }

        /** {@return the same, hibernating while waiting} */
        public NoReply<S> hibernate() {
            return new NoReply<>(state(), Next.Hibernate.INSTANCE);
        }

        @Override
        public String toString() {
            return "NoReply[state " + state() + ", then " + next + "]";
        }
    }

    /**
     * Stop: {@link GenServer#terminate} runs with the reason and state, then the server exits with the reason.
     * From {@link GenServer#handleCall} the caller gets no reply; its call fails with the reason. {@link
     * Results#stop}.
     */
    static final class Stop<S> extends Result<S> {

        private final ExitReason reason;

        Stop(ExitReason reason, S state) {
            super(state);
            this.reason = Objects.requireNonNull(reason, "reason");
        }

        ExitReason reason() {
            return reason;
        }

        @Override
        public String toString() {
            return "Stop[" + reason + ", state " + state() + "]";
        }
    }
}
