package io.otp4j.stage;

/**
 * A stage that only produces (a source). It emits events when its consumers ask for them, through {@link
 * #handleDemand}, or at any other time from any callback; events nobody asked for wait in its buffer.
 *
 * @param <S> the state
 * @param <O> the events it emits
 */
public non-sealed interface Producer<S, O> extends Stage<S, Void, O> {

    /**
     * Runs when consumers ask for more events. Emitting fewer is fine: the demand is remembered, and events
     * emitted later from any callback serve it. Emitting more puts the rest in the buffer.
     *
     * @param demand how many more events the consumers want, at least 1
     * @return the events to emit and the new state, or a stop
     */
    StageResult<S, O> handleDemand(long demand, S state) throws Exception;
}
