package io.otp4j.stage;

import io.otp4j.genserver.Call;
import java.util.List;

/**
 * A stage that consumes events from its producers and emits events to its consumers. It takes in events
 * only as fast as its own consumers ask: events that arrive before there is demand downstream wait, in
 * order, until there is.
 *
 * @param <S> the state
 * @param <I> the events it consumes
 * @param <O> the events it emits
 * @param <C> the calls it takes ({@link io.otp4j.genserver.NoCall} for none)
 * @param <K> the casts it takes ({@link io.otp4j.genserver.NoCast} for none)
 */
public non-sealed interface ProducerConsumer<S, I, O, C extends Call<?>, K> extends Stage<S, I, O, C, K> {

    /**
     * Handles a batch of events from one subscription.
     *
     * @param from the subscription they came through
     * @param state the stage's state
     * @param events at most the subscription's {@code maxDemand - minDemand} events (at least 1) in an
     *     automatic subscription
     * @return the events to emit (any number) and the new state, or a stop
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    StageResult<S, O> handleEvents(List<I> events, Subscription from, S state) throws Exception;
}
