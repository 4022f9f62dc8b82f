package io.otp4j.cache;

import java.time.Duration;
import java.util.Objects;

/** Times to live in nanoseconds, as Caffeine measures them. */
final class Ttl {

    /**
     * "Never expires": the longest duration Caffeine schedules (about 146 years). Longer times to live are
     * capped to it.
     */
    static final long NEVER = Long.MAX_VALUE >> 1;

    private Ttl() {}

    static Duration checkPositive(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + duration);
        }
        return duration;
    }

    /** {@return {@code ttl} in nanoseconds, capped to {@link #NEVER}} */
    static long nanos(Duration ttl, String what) {
        checkPositive(ttl, what);
        try {
            return Math.min(ttl.toNanos(), NEVER);
        } catch (ArithmeticException e) {
            return NEVER;
        }
    }
}
