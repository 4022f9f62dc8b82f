package io.otp4j.stage;

import io.otp4j.genserver.Call;
import java.util.List;

/**
 * A stage that only consumes (a sink).
 *
 * @param <S> the state
 * @param <I> the events it consumes
 * @param <C> the calls it takes ({@link io.otp4j.genserver.NoCall} for none)
 * @param <K> the casts it takes ({@link io.otp4j.genserver.NoCast} for none)
 */
public non-sealed interface Consumer<S, I, C extends Call<?>, K> extends Stage<S, I, Void, C, K> {

    /**
     * Handles a batch of events from one subscription.
     *
     * @param from the subscription they came through
     * @param state the consumer's state
     * @param events at most the subscription's {@code maxDemand - minDemand} events (at least 1) in an
     *     automatic subscription
     * @return the new state (a consumer emits nothing), or a stop
     * @throws Exception to crash the consumer: it exits with a reason naming the exception
     */
    StageResult<S, Void> handleEvents(List<I> events, Subscription from, S state) throws Exception;
}
