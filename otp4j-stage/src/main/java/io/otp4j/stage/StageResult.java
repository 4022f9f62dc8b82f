package io.otp4j.stage;

import io.otp4j.process.ExitReason;
import java.util.List;
import java.util.Objects;

/**
 * What a stage's callbacks other than {@code handleCall} return: events to emit and a state, or a stop. Built
 * with {@link StageResults}.
 *
 * @param <S> the stage's state
 * @param <O> the events the stage emits
 */
public sealed interface StageResult<S, O> extends StageCallResult<S, O> permits StageResult.Emit, StageResult.Stop {

    /**
     * Emit {@code events} (nothing for a consumer) and go on with {@code state} (GenStage's {@code {:noreply,
     * events, state}}).
     *
     * @param events dispatched to consumers; those no consumer asked for go to the buffer
     * @param state the new state
     */
    record Emit<S, O>(List<O> events, S state) implements StageResult<S, O> {
        public Emit {
            events = List.copyOf(events);
            Objects.requireNonNull(state, "state");
        }
    }

    /**
     * Stop with {@code reason}; {@link Stage#terminate} sees {@code state} (GenStage's {@code {:stop, reason,
     * state}}). A call being handled fails with the reason.
     *
     * @param reason the exit reason
     * @param state the state
     */
    record Stop<S, O>(ExitReason reason, S state) implements StageResult<S, O> {
        public Stop {
            Objects.requireNonNull(reason, "reason");
            Objects.requireNonNull(state, "state");
        }
    }
}
