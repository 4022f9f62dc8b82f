package io.otp4j.time;

import java.time.Duration;
import java.util.Objects;

/**
 * A point in time on a {@link Clock}, by which something must happen: the one way otp4j turns a timeout into
 * the moment it runs out. Saturating: a timeout too long to add to the clock's reading is a deadline that never
 * comes.
 *
 * {@snippet class="io.otp4j.time.DocSnippetsTest" region="deadline"}
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
     * @param clock the clock the deadline is a reading of
     * @param timeout how long from now; {@link Duration#ZERO} is now, never negative or null
     * @param what what the timeout is, to name it in the error message (e.g. {@code "timeout"})
     * @throws IllegalArgumentException if {@code timeout} is negative; the message names it as {@code what}
     */
    public static long after(Clock clock, Duration timeout, String what) {
        return after(clock, nanos(timeout, what));
    }

    /**
     * {@return the deadline {@code timeoutNanos} from now on {@code clock}}, {@link #NEVER} if it overflows
     *
     * @param clock the clock the deadline is a reading of
     * @param timeoutNanos how long from now, in nanoseconds; {@link #NEVER} is a deadline that never comes
     */
    public static long after(Clock clock, long timeoutNanos) {
        if (timeoutNanos == NEVER) {
            return NEVER;
        }
        long now = clock.nanoTime();
        long deadline = now + timeoutNanos;
        return deadline < now ? NEVER : deadline;
    }

    /**
     * {@return the nanoseconds left until {@code deadline} on {@code clock}}, zero once it has passed, {@link
     * #NEVER} for a deadline that never comes
     *
     * @param clock the clock {@code deadline} was read from
     * @param deadline a reading of {@code clock} (from {@link #after}), or {@link #NEVER}
     */
    public static long remaining(Clock clock, long deadline) {
        return deadline == NEVER ? NEVER : Math.max(0, deadline - clock.nanoTime());
    }

    /**
     * {@return whether {@code deadline} has passed on {@code clock}}; never for {@link #NEVER}
     *
     * @param clock the clock {@code deadline} was read from
     * @param deadline a reading of {@code clock} (from {@link #after}), or {@link #NEVER}
     */
    public static boolean hasPassed(Clock clock, long deadline) {
        return deadline != NEVER && deadline - clock.nanoTime() <= 0;
    }

    /**
     * {@return {@code duration} in nanoseconds, saturated at {@link #NEVER}}
     *
     * @param duration the length to convert; zero or positive, not null
     * @param what what the duration is, to name it in the error message (e.g. {@code "timeout"})
     * @throws IllegalArgumentException if it is negative; the message names it as {@code what}
     */
    public static long nanos(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        return saturatedNanos(duration);
    }

    /**
     * {@return {@code duration} in nanoseconds, saturated at {@link #NEVER} (and at {@code Long.MIN_VALUE})}
     *
     * @param duration the length to convert; may be negative
     */
    public static long saturatedNanos(Duration duration) {
        try {
            return duration.toNanos();
        } catch (ArithmeticException e) {
            return duration.isNegative() ? Long.MIN_VALUE : NEVER;
        }
    }
}
