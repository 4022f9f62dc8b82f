package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;

/**
 * A stage's callbacks (Elixir's {@code GenStage} behaviour): the ones every kind shares. Implement one of
 * {@link Producer}, {@link ProducerConsumer} or {@link Consumer}; the library owns the loop, the demand
 * bookkeeping, the dispatching and the buffer.
 *
 * <p>A stage is a {@link io.otp4j.genserver.GenServer} underneath: it takes calls, casts and other messages
 * like any server, typed as a server's are ({@code C} a sealed interface of {@link Call} records, {@code K} one
 * of casts; {@link io.otp4j.genserver.NoCall} and {@link io.otp4j.genserver.NoCast} for none), and its callbacks
 * may emit events from any of them. Callbacks may throw: the stage then
 * crashes like a server (one crash report, {@link #terminate}, exit with the crash), and its consumers and
 * producers see it go down.
 *
 * @param <S> the state
 * @param <I> the events it consumes ({@link Void} for a producer)
 * @param <O> the events it emits ({@link Void} for a consumer)
 * @param <C> the calls it takes: a sealed interface extending {@link Call}, or {@link io.otp4j.genserver.NoCall}
 * @param <K> the casts it takes: a sealed interface, or {@link io.otp4j.genserver.NoCast}
 */
public sealed interface Stage<S, I, O, C extends Call<?>, K> permits Producer, ProducerConsumer, Consumer {

    /**
     * Runs first, in the stage's process, while the starter waits.
     *
     * @param self the stage's process: keep it to send messages, set timers, trap exits or spawn
     * @return the state, and the dispatcher, buffer and subscriptions to make
     * @throws Exception to fail the start
     */
    StageInit<S> init(ProcessContext self) throws Exception;

    /**
     * Runs when a subscription is made: on a consumer, before it asks for events; on a producer, when a
     * consumer's subscription arrives.
     *
     * @param options the options the consumer subscribed with
     * @param subscription the subscription, to ask or cancel on
     * @param state the stage's state
     * @param role which side of the subscription this stage is: {@link Role#CONSUMER} when this stage
     *     subscribed to a producer, {@link Role#PRODUCER} when a consumer subscribed to this stage
     * @return the demand mode (on the consumer side) and the new state; the default is automatic demand
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    default Subscribed<S> handleSubscribe(Role role, SubscribeOptions options, Subscription subscription, S state)
            throws Exception {
        return Subscribed.automatic(state);
    }

    /**
     * Runs when a subscription ends, on either side, before the {@linkplain CancelMode cancel mode} acts.
     *
     * @param reason why it ended: cancelled by either side, or the other side exited
     * @param subscription the subscription that ended
     * @param state the stage's state
     * @return events to emit (a producer or producer-consumer) and the new state, or a stop
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    default StageResult<S, O> handleCancel(CancelReason reason, Subscription subscription, S state) throws Exception {
        return StageResults.noReply(state);
    }

    /**
     * Handles a call. The default crashes the stage: a stage that takes calls must implement it.
     *
     * @param request the call
     * @param from the caller, to reply to later with a no-reply
     * @param state the stage's state
     * @return a reply (with events), a no-reply (reply later through {@code from}), or a stop
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    default StageCallResult<S, O> handleCall(C request, From from, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the call " + request + " but does not implement handleCall");
    }

    /**
     * Handles a cast. The default crashes the stage: a stage that takes casts must implement it.
     *
     * @param request the cast
     * @param state the stage's state
     * @return events to emit and the new state, or a stop
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    default StageResult<S, O> handleCast(K request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the cast " + request + " but does not implement handleCast");
    }

    /**
     * Handles any other message: a plain send, a timer's message, a {@link io.otp4j.process.Down} of a
     * monitor of its own, an {@link io.otp4j.process.Exit} when trapping exits. The default drops it.
     *
     * @param message the message
     * @param state the stage's state
     * @return events to emit and the new state, or a stop
     * @throws Exception to crash the stage: it exits with a reason naming the exception
     */
    default StageResult<S, O> handleInfo(Object message, S state) throws Exception {
        return StageResults.noReply(state);
    }

    /**
     * Runs before the stage exits, as {@link io.otp4j.genserver.GenServer#terminate} does.
     *
     * @param reason why the stage exits
     * @param state the stage's state
     * @throws Exception to make the stage exit with that crash instead of {@code reason}
     */
    default void terminate(ExitReason reason, S state) throws Exception {}

    /** Which side of a subscription a stage is on, in {@link #handleSubscribe}. */
    enum Role {
        /** This stage produces for the subscription. */
        PRODUCER,
        /** This stage consumes from the subscription. */
        CONSUMER
    }
}
