package io.otp4j.stage;

import java.util.Objects;

/**
 * What {@link Stage#handleSubscribe} returns: the demand mode of the new subscription, and the state.
 *
 * @param mode who asks for events; a producer's answer for its consumers is ignored
 * @param state the stage's new state
 * @param <S> the stage's state
 */
public record Subscribed<S>(DemandMode mode, S state) {

    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public Subscribed {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(state, "state");
    }

    /**
     * {@return the stage asks for events itself, between the subscription's minimum and maximum demand}
     *
     * @param <S> the stage's state
     * @param state the new state
     */
    public static <S> Subscribed<S> automatic(S state) {
        Objects.requireNonNull(state, "state");
        return new Subscribed<>(DemandMode.AUTOMATIC, state);
    }

    /**
     * {@return the consumer asks for events itself, with {@link GenStage#ask(Subscription, long)}}
     *
     * @param <S> the stage's state
     * @param state the new state
     */
    public static <S> Subscribed<S> manual(S state) {
        Objects.requireNonNull(state, "state");
        return new Subscribed<>(DemandMode.MANUAL, state);
    }
}
