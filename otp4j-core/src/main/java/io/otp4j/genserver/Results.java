package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The results callbacks return, and the only way to make them. Import them statically: {@code import static
 * io.otp4j.genserver.Results.*;}
 *
 * <p>The replying factories take the request they answer, so the compiler checks that the reply has the
 * request's reply type: {@code reply(get, count, count)} compiles for {@code Get implements Call<Integer>}
 * only if {@code count} is an {@code Integer}.
 */
public final class Results {

    private Results() {}

    /**
     * {@return reply {@code value} to {@code request}'s caller and go on with {@code state}}
     *
     * @param <S> the server's state
     * @param <R> the request's reply type
     * @param request the call being answered, as {@code handleCall} received it
     * @param value the reply; not null
     * @param state the state to go on with
     */
    public static <S, R> CallResult.Reply<S> reply(Call<R> request, R value, S state) {
        Objects.requireNonNull(request, "request");
        return new CallResult.Reply<>(value, state, Next.none());
    }

    /**
     * {@return go on with {@code state}; from {@code handleCall}, reply later through {@link From}}
     *
     * @param <S> the server's state
     * @param state the state to go on with
     */
    public static <S> Result.NoReply<S> noReply(S state) {
        return new Result.NoReply<>(state, Next.none());
    }

    /**
     * {@return a result known only once a message comes: until then the server takes no message but the first that
     * {@code match} accepts, and {@code then}'s result for that message is the callback's} The messages before it
     * stay queued, in order, and are taken after it, debugging requests ({@link Sys}) among them. Erlang's selective
     * {@code receive} at the end of a callback, for an answer the callback asked another thread or process for, but
     * without holding the server's thread while it waits: a pooled server ({@link StartOptions#withPooled()}) gives
     * its worker up meanwhile.
     *
     * <p>From {@code handleCall}, {@code then} may reply ({@link #reply}, {@link #stopReply}) or not; from the other
     * callbacks it must not. If {@code then} throws, the server crashes as if the callback had thrown; a caller whose
     * call awaits is told of the server's exit as if its callback were still running. {@code then} may await again.
     *
     * @param <S> the server's state
     * @param state the state while it waits: what {@code terminate} receives if the server stops meanwhile
     * @param match the message to take next, asked of plain messages only (those {@code handleInfo} would take; calls
     *     and casts never match); asked on the server's thread, it must not throw
     * @param then the callback's result, given that message
     */
    public static <S> Result.NoReply<S> awaiting(
            S state, Predicate<Object> match, Function<Object, ? extends CallResult<S>> then) {
        Objects.requireNonNull(match, "match");
        Predicate<Object> plain = m -> !(m instanceof From) && !(m instanceof CastEnvelope) && match.test(m);
        return new Result.NoReply<>(state, new Next.Await(plain, then, null));
    }

    /**
     * {@return stop with {@code reason}; {@code terminate} sees {@code state}}
     *
     * @param <S> the server's state
     * @param reason the server's exit reason; {@code ExitReason.normal()} stops without a crash report
     * @param state the state {@code terminate} receives
     */
    public static <S> Result<S> stop(ExitReason reason, S state) {
        return new Result.Stop<>(reason, state);
    }

    /**
     * {@return reply {@code value} to {@code request}'s caller, then stop with {@code reason}}
     *
     * @param <S> the server's state
     * @param <R> the request's reply type
     * @param reason the server's exit reason; {@code ExitReason.normal()} stops without a crash report
     * @param request the call being answered, as {@code handleCall} received it
     * @param value the reply; not null
     * @param state the state {@code terminate} receives
     */
    public static <S, R> CallResult<S> stopReply(ExitReason reason, Call<R> request, R value, S state) {
        Objects.requireNonNull(request, "request");
        return new CallResult.StopReply<>(reason, value, state);
    }
}
