package io.otp4j.testing;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** A bounded wait for a condition that other threads make true; shared with the other modules through the test jar. */
public final class Eventually {

    public static final Duration LIMIT = Duration.ofSeconds(10);

    private Eventually() {}

    /** Waits until {@code condition} holds, at most 10 seconds; fails naming {@code what} otherwise. */
    public static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + LIMIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + LIMIT + ": " + what);
            }
            LockSupport.parkNanos(Duration.ofMillis(1).toNanos());
        }
    }
}
