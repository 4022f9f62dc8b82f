package io.otp4j.stage;

import java.util.List;
import java.util.Objects;

/**
 * What {@link Stage#handleCall} returns: a reply with events to emit, a {@link StageResult.Emit} (reply
 * later through the call's {@link io.otp4j.genserver.From}), or a {@link StageResult.Stop}. Built with {@link
 * StageResults}, the only way to make one: a reply always has its request's reply type.
 *
 * @param <S> the stage's state
 * @param <O> the events the stage emits
 */
public sealed interface StageCallResult<S, O> permits StageResult, StageCallResult.Reply {

    /**
     * Reply to the caller, emit {@code events} and go on (GenStage's {@code {:reply, reply, events, state}}).
     * The events are dispatched before the reply is sent. Built with {@link StageResults#reply}.
     *
     * @param <S> the stage's state
     * @param <O> the events the stage emits
     */
    final class Reply<S, O> implements StageCallResult<S, O> {

        private final Object value;
        private final List<O> events;
        private final S state;

        Reply(Object value, List<O> events, S state) {
            this.value = Objects.requireNonNull(value, "value");
            this.events = List.copyOf(events);
            this.state = Objects.requireNonNull(state, "state");
        }

        /** {@return the reply} */
        public Object value() {
            return value;
        }

        /** {@return the events to emit} */
        public List<O> events() {
            return events;
        }

        /** {@return the new state} */
        public S state() {
            return state;
        }

        @Override
        public String toString() {
            return "Reply[" + value + ", events " + events + ", state " + state + "]";
        }
    }
}
