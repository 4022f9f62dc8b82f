package io.otp4j.stage;

/**
 * Whether a producer passes its consumers' demand on to {@link Producer#handleDemand} (GenStage's {@code
 * demand: :forward | :accumulate}). Chosen in {@link StageInit#withDemand}, switched with {@link
 * GenStage#demand}.
 */
public enum ProducerDemand {
    /** Demand reaches {@code handleDemand} as it comes (the default). */
    FORWARD,
    /** Demand is added up and held until the producer is switched to {@link #FORWARD}. */
    ACCUMULATE
}
