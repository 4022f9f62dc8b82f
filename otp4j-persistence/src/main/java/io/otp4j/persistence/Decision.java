package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What an {@link EventSourcedServer}'s callback decides: the events to store (maybe none) and, for a call, the
 * reply, computed from the state after the events. The events are stored durably before the reply is sent.
 *
 * <pre>{@code
 * case Deposit d -> Decision.<Account, Event>persist(new Deposited(d.amount()))
 *         .thenReply(d, account -> account.balance());
 * case Balance b -> Decision.reply(b, account.balance());
 * }</pre>
 *
 * @param <S> the state
 * @param <E> the events
 */
public final class Decision<S, E> {

    private final List<E> events;
    private final @Nullable Call<?> request;
    private final @Nullable Function<? super S, ?> reply;

    private Decision(List<E> events, @Nullable Call<?> request, @Nullable Function<? super S, ?> reply) {
        this.events = events;
        this.request = request;
        this.reply = reply;
    }

    /** {@return store {@code events}, in order, and reply nothing (from a cast)} */
    @SafeVarargs
    public static <S, E> Decision<S, E> persist(E... events) {
        return persist(List.of(events));
    }

    /** {@return store {@code events}, in order, and reply nothing (from a cast)} */
    public static <S, E> Decision<S, E> persist(List<E> events) {
        return new Decision<>(List.copyOf(events), null, null);
    }

    /** {@return store nothing and reply nothing} */
    public static <S, E> Decision<S, E> none() {
        return new Decision<>(List.of(), null, null);
    }

    /** {@return store nothing; reply {@code value} to {@code request}} */
    public static <S, E, R> Decision<S, E> reply(Call<R> request, R value) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(value, "value");
        return new Decision<>(List.of(), request, state -> value);
    }

    /**
     * {@return the same events, then the reply to {@code request}: {@code reply} applied to the state after them}
     */
    public <R> Decision<S, E> thenReply(Call<R> request, Function<? super S, ? extends R> reply) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(reply, "reply");
        return new Decision<>(events, request, reply);
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

    @Override
    public String toString() {
        return "Decision[" + events + (request == null ? "" : ", reply to " + request) + "]";
    }
}
