package io.otp4j.bench.scenario;

/**
 * One workload set up on one contender: {@link #run()} runs a batch of it and returns the nanoseconds to count;
 * {@link #close()} tears the set-up down.
 */
public interface Bench extends AutoCloseable {

    /**
     * Runs one batch.
     *
     * @return the nanoseconds the batch took, or, for a workload that times one part of its batch (the
     *     mailer's urgent call, the starter's starts), the nanoseconds of that part
     * @throws Exception if the batch failed or did not finish within a generous bound
     */
    long run() throws Exception;

    /** Stops what the workload started. */
    @Override
    void close();
}
