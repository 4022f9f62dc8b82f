package io.otp4j.cluster;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition that other threads make true. */
final class Eventually {

    static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {}

    /** Waits until {@code condition} holds, at most 10 seconds; fails naming {@code what} otherwise. */
    static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + LIMIT + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(2).toNanos());
        }
    }
}
