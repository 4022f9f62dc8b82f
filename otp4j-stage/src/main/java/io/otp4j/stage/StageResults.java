package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import java.util.List;
import java.util.Objects;

/**
 * The results stage callbacks return. Import them statically: {@code import static
 * io.otp4j.stage.StageResults.*;}
 */
public final class StageResults {

    private StageResults() {}

    /**
     * {@return emit nothing and go on with {@code state}}
     *
     * @param <S> the stage's state
     * @param <O> the events it emits
     * @param state the new state
     */
    public static <S, O> StageResult.Emit<S, O> noReply(S state) {
        Objects.requireNonNull(state, "state");
        return new StageResult.Emit<>(List.of(), state);
    }

    /**
     * {@return emit {@code events} and go on with {@code state}}
     *
     * @param <S> the stage's state
     * @param <O> the events it emits
     * @param events the events to emit, in order; may be empty
     * @param state the new state
     */
    public static <S, O> StageResult.Emit<S, O> noReply(List<? extends O> events, S state) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        return new StageResult.Emit<>(List.copyOf(events), state);
    }

    /**
     * {@return stop with {@code reason}; {@link Stage#terminate} sees {@code state}}
     *
     * @param <S> the stage's state
     * @param <O> the events it emits
     * @param reason the stage's exit reason
     * @param state the state {@code terminate} sees
     */
    public static <S, O> StageResult.Stop<S, O> stop(ExitReason reason, S state) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(state, "state");
        return new StageResult.Stop<>(reason, state);
    }

    /**
     * {@return reply {@code value} to {@code request}'s caller and go on with {@code state}}
     *
     * @param <S> the stage's state
     * @param <O> the events it emits
     * @param <R> the reply's type
     * @param request the call answered
     * @param value the reply
     * @param state the new state
     */
    public static <S, O, R> StageCallResult.Reply<S, O> reply(Call<R> request, R value, S state) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(state, "state");
        return reply(request, value, List.of(), state);
    }

    /**
     * {@return emit {@code events}, reply {@code value} to {@code request}'s caller, go on with {@code state}}
     *
     * @param <S> the stage's state
     * @param <O> the events it emits
     * @param <R> the reply's type
     * @param request the call answered
     * @param value the reply
     * @param events the events to emit, in order; may be empty
     * @param state the new state
     */
    public static <S, O, R> StageCallResult.Reply<S, O> reply(
            Call<R> request, R value, List<? extends O> events, S state) {
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(request, "request");
        return new StageCallResult.Reply<>(value, List.copyOf(events), state);
    }
}
