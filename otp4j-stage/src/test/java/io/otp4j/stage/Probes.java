package io.otp4j.stage;

import io.otp4j.testkit.TestProbe;

/** Waiting on a probe for one kind of message while others (a stream of batches) keep coming. */
final class Probes {

    private static final int MAX_SKIPPED = 100_000;

    private Probes() {}

    /** {@return the next message of {@code type}, skipping others; each wait is bounded by the probe's timeout} */
    static <T> T next(TestProbe probe, Class<T> type) {
        for (int i = 0; i < MAX_SKIPPED; i++) {
            Object message = probe.expectMessage();
            if (type.isInstance(message)) {
                return type.cast(message);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " among " + MAX_SKIPPED + " messages");
    }

    /** Asks {@code condition} until it holds, for at most {@code bound}; fails if it never does. */
    static void within(java.time.Duration bound, java.util.function.BooleanSupplier condition) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("the condition did not hold within " + bound);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }
}
