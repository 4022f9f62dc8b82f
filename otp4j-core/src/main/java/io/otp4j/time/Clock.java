package io.otp4j.time;

/**
 * A source of monotonic time that can also run an action after a delay.
 *
 * <p>A node measures every timer, receive timeout and blocking deadline on its clock. The system clock
 * follows {@link System#nanoTime()}; a manual clock (in {@code otp4j-testkit}) moves only when a test
 * advances it, which makes timer tests instant and deterministic.
 *
 * <p>Implementations are thread-safe. Scheduled actions are short (they send a message or wake a thread)
 * and must not block.
 */
public interface Clock {

    /** {@return the current time in nanoseconds, from an arbitrary origin; never decreases} */
    long nanoTime();

    /**
     * Runs {@code action} once, when {@code delayNanos} have passed on this clock.
     *
     * @param delayNanos the delay; zero or negative means as soon as possible
     * @param action what to run; it runs on a thread of the clock and must not block
     * @return a handle that cancels the action if it has not started yet
     */
    Scheduled schedule(long delayNanos, Runnable action);

    /**
     * {@return whether this clock follows {@link System#nanoTime()}}, so that a wait on it may use the
     * JDK's own timed parking instead of a scheduled wake-up.
     */
    default boolean isSystem() {
        return false;
    }

    /** {@return the clock that follows {@link System#nanoTime()}} */
    static Clock system() {
        return SystemClock.INSTANCE;
    }

    /** A scheduled action. */
    interface Scheduled {
        /**
         * Cancels the action if it has not started.
         *
         * @return {@code true} if this call stopped the action from running
         */
        boolean cancel();
    }
}
