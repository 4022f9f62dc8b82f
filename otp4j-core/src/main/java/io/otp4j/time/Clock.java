package io.otp4j.time;

import java.util.concurrent.locks.LockSupport;

/**
 * A source of monotonic time that can also run an action after a delay, and wake a waiting thread at a
 * deadline.
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
     * {@return {@link #nanoTime()}, or a reading up to about a millisecond older that costs less} For stamps taken
     * far more often than they are looked at: a process stamps each message it takes, so that {@code info} can tell
     * how long it has been on it. A duration from such a stamp to a {@link #nanoTime()} reading is never shorter than
     * the true one. The stamps never decrease.
     *
     * <p>The default is {@link #nanoTime()}, exact, as a manual clock wants. The system clock reads a field that a
     * ticker thread refreshes every millisecond while it is being read.
     */
    default long coarseNanoTime() {
        return nanoTime();
    }

    /**
     * Runs {@code action} once, when {@code delayNanos} have passed on this clock.
     *
     * @param delayNanos the delay; zero or negative means as soon as possible
     * @param action what to run; it runs on a thread of the clock and must not block
     * @return a handle that cancels the action if it has not started yet
     */
    Scheduled schedule(long delayNanos, Runnable action);

    /**
     * Runs {@code action} once, when {@code delayNanos} have passed on this clock, or up to about a millisecond
     * later: for a timeout, an action that is usually cancelled before it runs (a call's timeout, say).
     *
     * <p>The default is {@link #schedule}. The system clock keeps such actions in a wheel of 1 ms ticks, where
     * arming and cancelling one costs less than a precise timer does.
     *
     * @param delayNanos the delay; zero or negative means as soon as possible
     * @param action what to run; it runs on a thread of the clock and must not block
     * @return a handle that cancels the action if it has not started yet
     */
    default Scheduled scheduleTimeout(long delayNanos, Runnable action) {
        return schedule(delayNanos, action);
    }

    /**
     * {@return an alarm that wakes the calling thread once {@code deadline} ({@link #nanoTime()} reading) has
     * passed} The one way otp4j waits until a deadline: the thread loops, looking at what it waits for and at
     * the time, and calls {@link Alarm#park} when neither is there yet; then it closes the alarm.
     *
     * {@snippet class="io.otp4j.time.DocSnippetsTest" region="alarm"}
     *
     * <p>The default schedules a wake-up with {@link #schedule}; the system clock keeps one reusable alarm per
     * thread in a wheel of 1 ms buckets, so a wait costs no timer of its own and wakes at most about a
     * millisecond late.
     *
     * @param deadline when to wake the thread, a {@link #nanoTime()} reading (see {@link Deadline#after}); {@link
     *     Deadline#NEVER} only wakes it on an unpark or interrupt
     */
    default Alarm alarm(long deadline) {
        return new ScheduledAlarm(this, deadline, Thread.currentThread());
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

    /**
     * A calling thread's wait until a deadline; used by that thread only, and closed when the wait ends.
     *
     * <p>{@link #park} may return at any time (as {@link LockSupport#park} may): on an unpark, an interrupt, the
     * deadline, or without a reason. Its first call only arms the alarm and returns, because arming may itself
     * spend a wake-up meant for the thread (it may take a lock): the caller looks again before it parks.
     */
    interface Alarm extends AutoCloseable {

        /**
         * Arms the alarm on the first call; parks the calling thread on later calls.
         *
         * @param blocker the object the thread waits for, shown by thread dumps (as for {@link
         *     LockSupport#park(Object)}); usually the waiting code's {@code this}
         */
        void park(Object blocker);

        /** Ends the wait: the alarm will not wake the thread for it. */
        @Override
        void close();
    }
}
