package io.otp4j.stage;

/**
 * Which events a full producer buffer keeps (GenStage's {@code :buffer_keep}). Events that do not fit are
 * discarded, counted in {@link StageStatistics#discarded()} and logged.
 */
public enum BufferKeep {
    /** Keep the oldest events: newly emitted events that do not fit are discarded. */
    FIRST,
    /** Keep the newest events: the oldest buffered events make room for new ones. */
    LAST
}
