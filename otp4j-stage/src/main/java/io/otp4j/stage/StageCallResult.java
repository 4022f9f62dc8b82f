package io.otp4j.stage;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Stage#handleCall} returns: a reply with events to emit, a {@link StageResult.Emit} (reply
 * later through the call's {@link io.otp4j.genserver.From}), or a {@link StageResult.Stop}. Built with {@link
 * StageResults}.
 *
 * @param <S> the stage's state
 * @param <O> the events the stage emits
 */
public sealed interface StageCallResult<S, O> permits StageResult, StageCallResult.Reply {

    /**
     * Reply to the caller, emit {@code events} and go on (GenStage's {@code {:reply, reply, events, state}}).
     * The events are dispatched before the reply is sent.
     *
     * @param value the reply
     * @param events the events to emit
     * @param state the new state
     */
    record Reply<S, O>(Object value, List<O> events, S state) implements StageCallResult<S, O> {
        public Reply {
            Objects.requireNonNull(value, "value");
            events = List.copyOf(events);
            Objects.requireNonNull(state, "state");
        }
    }
}
