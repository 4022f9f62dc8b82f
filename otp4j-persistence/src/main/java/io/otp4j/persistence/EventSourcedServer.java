package io.otp4j.persistence;

import io.otp4j.genserver.Call;

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

    /** {@return {@code state} after {@code event}} */
    S apply(S state, E event);

    /** Decides a call; the default crashes the server, which does not take calls. */
    default Decision<S, E> handleCall(C request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the call " + request + " but does not implement handleCall");
    }

    /** Decides a cast; the default crashes the server, which does not take casts. */
    default Decision<S, E> handleCast(K request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the cast " + request + " but does not implement handleCast");
    }

    /**
     * Decides on any other message: a plain send, a timer's message, a monitor's {@code Down}. The default stores
     * nothing and drops the message.
     */
    default Decision<S, E> handleInfo(Object message, S state) throws Exception {
        return Decision.none();
    }

    /** {@return what crash reports and {@link io.otp4j.genserver.Sys#getState} show of the state} */
    default Object formatStatus(S state) {
        return state;
    }
}
