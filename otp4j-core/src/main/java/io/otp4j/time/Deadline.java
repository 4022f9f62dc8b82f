package io.otp4j.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time on a {@link Clock}, by which something must happen: the one way otp4j turns a timeout into
 * the moment it runs out. Saturating: a timeout too long to add to the clock's reading is a deadline that never
 * comes.
 *
 * <pre>{@code
 * long until = Deadline.after(clock, timeout);       // nanoTime() + timeout, saturated
 * long left = Deadline.remaining(clock, until);     // 0 once it has passed
 * }</pre>
 *
 * <p>Deadlines are plain {@code long} readings of the clock, not objects, because they sit on the call path.
 */
public final class Deadline {

    /** The deadline that never comes. */
    public static final long NEVER = Long.MAX_VALUE;

    private Deadline() {}

    /**
     * {@return the deadline {@code timeout} from now on {@code clock}}
     *
     * @throws IllegalArgumentException if {@code timeout} is negative; the message names it as {@code what}
     */
    public static long after(Clock clock, Duration timeout, String what) {
        return after(clock, nanos(timeout, what));
    }

    /** {@return the deadline {@code timeoutNanos} from now on {@code clock}}, {@link #NEVER} if it overflows */
    public static long after(Clock clock, long timeoutNanos) {
        if (timeoutNanos == NEVER) {
            return NEVER;
        }
        long now = clock.nanoTime();
        long deadline = now + timeoutNanos;
        return deadline < now ? NEVER : deadline;
    }

    /** {@return the nanoseconds left until {@code deadline} on {@code clock}}, zero once it has passed */
    public static long remaining(Clock clock, long deadline) {
        return deadline == NEVER ? NEVER : Math.max(0, deadline - clock.nanoTime());
    }

    /** {@return whether {@code deadline} has passed on {@code clock}} */
    public static boolean hasPassed(Clock clock, long deadline) {
        return deadline != NEVER && deadline - clock.nanoTime() <= 0;
    }

    /**
     * {@return {@code duration} in nanoseconds, saturated at {@link #NEVER}}
     *
     * @throws IllegalArgumentException if it is negative; the message names it as {@code what}
     */
    public static long nanos(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        return saturatedNanos(duration);
    }

    /** {@return {@code duration} in nanoseconds, saturated at {@link #NEVER} (and at {@code Long.MIN_VALUE})} */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : NEVER;
        }
    }
}
