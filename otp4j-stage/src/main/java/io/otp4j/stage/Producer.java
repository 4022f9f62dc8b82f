package io.otp4j.stage;

import io.otp4j.genserver.Call;

/**
 * A stage that only produces (a source). It emits events when its consumers ask for them, through {@link
 * #handleDemand}, or at any other time from any callback; events nobody asked for wait in its buffer.
 *
 * @param <S> the state
 * @param <O> the events it emits
 * @param <C> the calls it takes ({@link io.otp4j.genserver.NoCall} for none)
 * @param <K> the casts it takes ({@link io.otp4j.genserver.NoCast} for none)
 */
public non-sealed interface Producer<S, O, C extends Call<?>, K> extends Stage<S, Void, O, C, K> {

    /**
     * Runs when consumers ask for more events. Emitting fewer is fine: the demand is remembered, and events
     * emitted later from any callback serve it. Emitting more puts the rest in the buffer.
     *
     * @param state the producer's state
     * @param demand how many more events the consumers want, at least 1
     * @return the events to emit and the new state, or a stop
     * @throws Exception to crash the producer: it exits with a reason naming the exception
     */
    StageResult<S, O> handleDemand(long demand, S state) throws Exception;
}
