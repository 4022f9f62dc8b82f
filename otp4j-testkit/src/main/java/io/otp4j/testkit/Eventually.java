package io.otp4j.testkit;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Bounded waits for what other processes make true: a test asks, again and again for at most a limit, and fails
 * naming what it waited for if the answer never comes. Waits in real time, whatever the node's clock.
 *
 * {@snippet class="io.otp4j.testkit.TestkitDocSnippetsTest" region="eventually"}
 */
public final class Eventually {

    /** How long the waits without a limit of their own wait: 10 seconds. */
    public static final Duration DEFAULT_LIMIT = Duration.ofSeconds(10);

    private static final long FIRST_PAUSE = Duration.ofMillis(1).toNanos();
    private static final long LONGEST_PAUSE = Duration.ofMillis(20).toNanos();

    private Eventually() {}

    /**
     * Waits until {@code condition} holds, at most {@link #DEFAULT_LIMIT}.
     *
     * @param condition what must come to hold; asked at once, then after growing pauses, on the test's thread
     * @param what what the test waits for, for the failure's message
     * @throws AssertionError if it did not hold in time
     */
    public static void until(BooleanSupplier condition, String what) {
        until(DEFAULT_LIMIT, condition, what);
    }

    /**
     * Waits until {@code condition} holds, at most {@code limit}.
     *
     * @param limit how long to wait at most, in real time; Duration.ZERO asks once, never negative
     * @param condition what must come to hold; asked at once, then after growing pauses, on the test's thread
     * @param what what the test waits for, for the failure's message
     * @throws AssertionError if it did not hold in time
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static void until(Duration limit, BooleanSupplier condition, String what) {
        Objects.requireNonNull(condition, "condition");
        get(limit, () -> condition.getAsBoolean() ? Optional.of(Boolean.TRUE) : Optional.empty(), what);
    }

    /**
     * Waits until {@code probe} finds a value, at most {@link #DEFAULT_LIMIT}, and returns it.
     *
     * @param <T> the value's type
     * @param probe looks for the value: empty while there is none yet
     * @param what what the test waits for, for the failure's message
     * @return the first value the probe found
     * @throws AssertionError if it found none in time
     */
    public static <T> T get(Supplier<Optional<T>> probe, String what) {
        return get(DEFAULT_LIMIT, probe, what);
    }

    /**
     * Waits until {@code probe} finds a value, at most {@code limit}, and returns it. The probe is asked at once,
     * then after pauses that grow from 1 ms to 20 ms.
     *
     * @param <T> the value's type
     * @param limit how long to wait at most, in real time; Duration.ZERO asks once, never negative
     * @param probe looks for the value: empty while there is none yet
     * @param what what the test waits for, for the failure's message
     * @return the first value the probe found
     * @throws AssertionError if it found none in time
     * @throws IllegalArgumentException if {@code limit} is negative
     */
    public static <T> T get(Duration limit, Supplier<Optional<T>> probe, String what) {
        Objects.requireNonNull(limit, "limit");
        Objects.requireNonNull(probe, "probe");
        Objects.requireNonNull(what, "what");
        if (limit.isNegative()) {
            throw new IllegalArgumentException("a wait's limit must not be negative, was " + limit);
        }
        long start = System.nanoTime();
        long bound =
                limit.compareTo(Duration.ofDays(365)) > 0 ? Duration.ofDays(365).toNanos() : limit.toNanos();
        long pause = FIRST_PAUSE;
        for (; ; ) {
            Optional<T> found = probe.get();
            if (found.isPresent()) {
                return found.get();
            }
            long waited = System.nanoTime() - start;
            if (waited >= bound) {
                throw new AssertionError("not within " + limit + ": " + what);
            }
            LockSupport.parkNanos(Math.min(pause, bound - waited));
            if (Thread.interrupted()) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while waiting for: " + what);
            }
            pause = Math.min(pause * 2, LONGEST_PAUSE);
        }
    }
}
