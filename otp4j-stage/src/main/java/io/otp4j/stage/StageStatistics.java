package io.otp4j.stage;

/**
 * A snapshot of a stage's bookkeeping, from {@link StageRef#statistics()}.
 *
 * @param consumers subscriptions in which this stage is the producer
 * @param producers subscriptions in which this stage is the consumer
 * @param buffered events emitted that wait for demand: in the buffer, or in a partition dispatcher's queues
 * @param discarded events the full buffer discarded since the stage started
 */
public record StageStatistics(int consumers, int producers, int buffered, long discarded) {}
