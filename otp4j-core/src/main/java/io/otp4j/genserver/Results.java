package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import java.util.Objects;

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
