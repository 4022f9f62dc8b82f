package io.otp4j.stage;

/**
 * What a consumer does when one of its subscriptions ends (GenStage's {@code :cancel} subscription option).
 *
 * <ul>
 *   <li>{@link #PERMANENT} (the default): the consumer exits with the same reason, whatever it is.
 *   <li>{@link #TRANSIENT}: the consumer exits only if the reason is abnormal: anything but {@code normal},
 *       {@code shutdown} or {@code {shutdown, detail}}.
 *   <li>{@link #TEMPORARY}: the consumer never exits because of it.
 * </ul>
 *
 * In every mode the consumer's {@link Stage#handleCancel} runs first. A subscription ends when the producer
 * exits (the consumer monitors it), when either side cancels it with {@link GenStage#cancel}, or when the
 * producer refuses it.
 *
 * <p>Beyond GenStage: a producer-consumer that should exit because its producer ended in order ({@code
 * normal} or {@code shutdown}), while it still holds events it received or emitted, first hands them on as
 * its own consumers ask, then exits. Events it accepted are not silently dropped.
 */
public enum CancelMode {
    /** The consumer exits with the subscription's reason. */
    PERMANENT,
    /** The consumer exits if the subscription's reason is abnormal. */
    TRANSIENT,
    /** The consumer never exits because a subscription ended. */
    TEMPORARY
}
