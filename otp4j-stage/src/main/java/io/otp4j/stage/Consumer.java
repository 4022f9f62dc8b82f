package io.otp4j.stage;

import java.util.List;

/**
 * A stage that only consumes (a sink).
 *
 * @param <S> the state
 * @param <I> the events it consumes
 */
public non-sealed interface Consumer<S, I> extends Stage<S, I, Void> {

    /**
     * Handles a batch of events from one subscription.
     *
     * @param events at most the subscription's {@code maxDemand - minDemand} events (at least 1) in an
     *     automatic subscription
     * @return the new state (a consumer emits nothing), or a stop
     */
    StageResult<S, Void> handleEvents(List<I> events, Subscription from, S state) throws Exception;
}
