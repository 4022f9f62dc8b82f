package io.otp4j.stage;

/**
 * Who asks a producer for events on a consumer's behalf, chosen by {@link Stage#handleSubscribe} for each
 * subscription.
 *
 * <ul>
 *   <li>{@link #AUTOMATIC}: the stage asks for {@code maxDemand} events when it subscribes, and asks again
 *       as it handles them, keeping between {@code minDemand} and {@code maxDemand} events in flight.
 *   <li>{@link #MANUAL}: the consumer asks itself, with {@link GenStage#ask(Subscription, long)}.
 * </ul>
 */
public enum DemandMode {
    /** The stage keeps the demand between the subscription's minimum and maximum. */
    AUTOMATIC,
    /** The consumer asks for events itself. */
    MANUAL
}
