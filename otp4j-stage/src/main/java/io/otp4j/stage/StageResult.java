package io.otp4j.stage;

import io.otp4j.process.ExitReason;
import java.util.List;
import java.util.Objects;

/**
 * What a stage's callbacks other than {@code handleCall} return: events to emit and a state, or a stop. Built
 * with {@link StageResults}, the only way to make one.
 *
 * @param <S> the stage's state
 * @param <O> the events the stage emits
 */
public sealed interface StageResult<S, O> extends StageCallResult<S, O> permits StageResult.Emit, StageResult.Stop {

    /**
     * Emit events (nothing for a consumer) and go on with a state (GenStage's {@code {:noreply, events,
     * state}}). Built with {@link StageResults#noReply}.
     *
     * @param <S> the stage's state
     * @param <O> the events the stage emits
     */
    final class Emit<S, O> implements StageResult<S, O> {

        private final List<O> events;
        private final S state;

        Emit(List<O> events, S state) {
            this.events = List.copyOf(events);
            this.state = Objects.requireNonNull(state, "state");
        }

        /** {@return the events, dispatched to consumers; those no consumer asked for go to the buffer} */
        public List<O> events() {
            return events;
        }

        /** {@return the new state} */
        public S state() {
            return state;
        }

        @Override
        public String toString() {
            return "Emit[events " + events + ", state " + state + "]";
        }
    }

    /**
     * Stop with a reason; {@link Stage#terminate} sees the state (GenStage's {@code {:stop, reason, state}}). A
     * call being handled fails with the reason. Built with {@link StageResults#stop}.
     *
     * @param <S> the stage's state
     * @param <O> the events the stage emits
     */
    final class Stop<S, O> implements StageResult<S, O> {

        private final ExitReason reason;
        private final S state;

        Stop(ExitReason reason, S state) {
            this.reason = Objects.requireNonNull(reason, "reason");
            this.state = Objects.requireNonNull(state, "state");
        }

        /** {@return the exit reason} */
        public ExitReason reason() {
            return reason;
        }

        /** {@return the state {@link Stage#terminate} sees} */
        public S state() {
            return state;
        }

        @Override
        public String toString() {
            return "Stop[" + reason + ", state " + state + "]";
        }
    }
}
