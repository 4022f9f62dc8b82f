package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;

/**
 * A generic server by event sourcing: run it through {@link Durable#eventSourced}. Its callbacks decide events
 * ({@link Decision}); the events are stored, durably, then applied to the state with {@link #apply}, then the reply
 * is sent. On start the state is rebuilt from the latest snapshot and the events after it.
 *
 * <p>{@link #apply} must be a pure function of the state and the event: it runs on every replay. It runs before
 * the events are stored, so an event it rejects is never stored.
 *
 * @param <S> the state
 * @param <E> the events
 * @param <C> the calls
 * @param <K> the casts
 */
public interface EventSourcedServer<S, E, C extends Call<?>, K> {

    /** {@return the state before the first event} */
    S initialState();

    /**
     * {@return {@code state} after {@code event}}
     *
     * @param state the state before the event
     * @param event a decided event, or a stored one on replay
     */
    S apply(S state, E event);

    /**
     * Decides a call; the default crashes the server, which does not take calls.
     *
     * @param request the call
     * @param state the current state
     * @return the events to store and the reply ({@link Decision#reply} or {@link Decision#thenReply})
     * @throws Exception to crash the server; nothing is stored and the caller gets no reply
     */
    default Decision<S, E> handleCall(C request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the call " + request + " but does not implement handleCall");
    }

    /**
     * Decides a cast, or a durable cast; the default crashes the server, which does not take casts.
     *
     * @param request the cast
     * @param state the current state
     * @return the events to store, with no reply
     * @throws Exception to crash the server; nothing is stored, and a durable cast stays queued
     */
    default Decision<S, E> handleCast(K request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the cast " + request + " but does not implement handleCast");
    }

    /**
     * Decides on any other message: a plain send, a timer's message, a monitor's {@code Down}. The default stores
     * nothing and drops the message.
     *
     * @param message the message
     * @param state the current state
     * @return the events to store, with no reply
     * @throws Exception to crash the server; nothing is stored
     */
    default Decision<S, E> handleInfo(Object message, S state) throws Exception {
        return Decision.none();
    }

    /**
     * Decides after a decision asked to continue ({@link Decision#thenContinue}), once that decision's events are
     * stored and before any other message; its own events are stored before the next message is taken. The default
     * crashes the server, which did not expect to continue.
     *
     * @param argument what {@link Decision#thenContinue} was given
     * @param state the state after the events of the decision that asked to continue
     * @return the events to store, with no reply
     * @throws Exception to crash the server; nothing is stored
     */
    default Decision<S, E> handleContinue(Object argument, S state) throws Exception {
        throw new IllegalStateException(getClass().getName() + " asked to continue with " + argument
                + " but does not implement handleContinue");
    }

    /**
     * Runs before the server exits, as {@link io.otp4j.genserver.GenServer#terminate} does: after a decision that
     * stops ({@link Decision#thenStop}), after a callback threw, or on a trapped exit signal from its parent. {@code
     * state} is the state as last stored: the events of a callback that crashed are not in it, nor those of a write
     * that failed (the store may have committed them before it failed: the next incarnation replays them). It
     * cannot store events. The default does nothing.
     *
     * @param reason why the server exits
     * @param state the state as last stored
     * @throws Exception to exit with that crash instead of {@code reason}
     */
    default void terminate(ExitReason reason, S state) throws Exception {}

    /**
     * {@return what crash reports and {@link io.otp4j.genserver.Sys#getState} show of the state}
     *
     * @param state the current state
     */
    default Object formatStatus(S state) {
        return state;
    }
}
