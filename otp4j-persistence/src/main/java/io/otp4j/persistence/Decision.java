package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link EventSourcedServer}'s callback decides: the events to store (maybe none), for a call the reply,
 * computed from the state after the events, and what the server does next: wait for the next message, {@linkplain
 * #thenContinue continue}, or {@linkplain #thenStop stop}. The events are stored durably before the reply is sent
 * and before anything else runs.
 *
 * {@snippet class="io.otp4j.persistence.SnippetsTest" region="decision"}
 *
 * @param <S> the state
 * @param <E> the events
 */
public final class Decision<S, E> {

    private final List<E> events;
    private final @Nullable Call<?> request;
    private final @Nullable Function<? super S, ?> reply;
    private final @Nullable Object continueWith;
    private final @Nullable ExitReason stopReason;

    private Decision(
            List<E> events,
            @Nullable Call<?> request,
            @Nullable Function<? super S, ?> reply,
            @Nullable Object continueWith,
            @Nullable ExitReason stopReason) {
        this.events = events;
        this.request = request;
        this.reply = reply;
        this.continueWith = continueWith;
        this.stopReason = stopReason;
    }

    /**
     * {@return store {@code events}, in order, and reply nothing (from a cast)}
     *
     * @param <S> the state
     * @param <E> the events
     * @param events the events, applied and stored in this order
     */
    @SafeVarargs
    public static <S, E> Decision<S, E> persist(E... events) {
        return persist(List.of(events));
    }

    /**
     * {@return store {@code events}, in order, and reply nothing (from a cast)}
     *
     * @param <S> the state
     * @param <E> the events
     * @param events the events, applied and stored in this order
     */
    public static <S, E> Decision<S, E> persist(List<E> events) {
        return new Decision<>(List.copyOf(events), null, null, null, null);
    }

    /**
     * {@return store nothing and reply nothing}
     *
     * @param <S> the state
     * @param <E> the events
     */
    public static <S, E> Decision<S, E> none() {
        return new Decision<>(List.of(), null, null, null, null);
    }

    /**
     * {@return store nothing; reply {@code value} to {@code request}}
     *
     * @param <S> the state
     * @param <E> the events
     * @param <R> the reply's type, the call's
     * @param request the call being decided
     * @param value the reply
     */
    public static <S, E, R> Decision<S, E> reply(Call<R> request, R value) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(value, "value");
        return new Decision<>(List.of(), request, state -> value, null, null);
    }

    /**
     * {@return the same events, then the reply to {@code request}: {@code reply} applied to the state after them}
     *
     * @param <R> the reply's type, the call's
     * @param request the call being decided
     * @param reply computes the reply from the state after the events, before they are stored
     */
    public <R> Decision<S, E> thenReply(Call<R> request, Function<? super S, ? extends R> reply) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
        return new Decision<>(events, request, reply, continueWith, stopReason);
    }

    /**
     * {@return the same decision, then {@link EventSourcedServer#handleContinue} with {@code argument} before any
     * other message, once the events are stored}
     *
     * @param argument what {@code handleContinue} receives
     * @throws IllegalStateException if the decision stops
     */
    public Decision<S, E> thenContinue(Object argument) {
        Objects.requireNonNull(argument, "argument");
        if (stopReason != null) {
            throw new IllegalStateException("a decision that stops (" + stopReason + ") cannot also continue");
        }
        return new Decision<>(events, request, reply, argument, null);
    }

    /**
     * {@return the same decision, then stop with {@code reason} once the events are stored (and the reply sent):
     * {@link EventSourcedServer#terminate} sees the state after the events}
     *
     * @param reason the reason the server exits with
     * @throws IllegalStateException if the decision continues
     */
    public Decision<S, E> thenStop(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        if (continueWith != null) {
            throw new IllegalStateException("a decision that continues (" + continueWith + ") cannot also stop");
        }
        return new Decision<>(events, request, reply, null, reason);
    }

    /** {@return the events to store} */
    public List<E> events() {
        return events;
    }

    @Nullable
    Call<?> request() {
        return request;
    }

    @Nullable
    Function<? super S, ?> reply() {
        return reply;
    }

    @Nullable
    Object continueWith() {
        return continueWith;
    }

    @Nullable
    ExitReason stopReason() {
        return stopReason;
    }

    @Override
    public String toString() {
        return "Decision[" + events
                + (request == null ? "" : ", reply to " + request)
                + (continueWith == null ? "" : ", then continue with " + continueWith)
                + (stopReason == null ? "" : ", then stop with " + stopReason)
                + "]";
    }
}
