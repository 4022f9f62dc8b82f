package io.otp4j.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.random.RandomGenerator;

/**
 * Restart back-off with jitter: beyond OTP, whose supervisors restart a child at once.
 *
 * <p>OTP restarts a failed child immediately and gives up (the supervisor exits) after more than {@code
 * intensity} restarts within {@code period}. A child that fails because something outside is down (a database,
 * a remote service) then burns through the intensity in milliseconds and takes its supervisor, and maybe the
 * tree, down with it. With a back-off the supervisor waits before each restart:
 *
 * <pre>
 *   delay(n) = min(max, min · factor^n) · (1 − jitter · u),   u uniform in [0, 1)
 * </pre>
 *
 * where {@code n} counts the child's consecutive failed runs and starts: 0 for the first restart, so the first
 * delay is about {@code min}. The count goes back to 0 once the child has run for {@code resetAfter} without
 * exiting (a stable period). Jitter only shortens a delay, so {@code max} is a true bound, and children that
 * failed together do not come back together. While it waits, the child is {@link ChildStatus#RESTARTING}.
 *
 * <p>Why, and how it sits next to OTP's rules: {@code docs/adr/0007-supervisor-restart-backoff.md}.
 *
 * <p>Everything else is as in OTP: every restart still counts towards the intensity when the child exits, and
 * the strategy decides which siblings are stopped (at once) and started again (after the delay) with it. Time
 * is the node's clock, so tests drive it with a manual clock; the random source is injectable, and used only
 * from the supervisor's own process.
 *
 * @param min the first delay; positive
 * @param max the largest delay; at least {@code min}
 * @param factor how much each consecutive failure multiplies the delay; at least 1
 * @param jitter the fraction of a delay that may be taken off at random, from 0 (none) to 1
 * @param resetAfter how long a child must run before its failures are forgotten; positive
 * @param random the random source of the jitter
 */
public record Backoff(
        Duration min, Duration max, double factor, double jitter, Duration resetAfter, RandomGenerator random) {

    /** The default jitter: up to a fifth of each delay. */
    public static final double DEFAULT_JITTER = 0.2;

    /** The default stable period: 30 seconds. */
    public static final Duration DEFAULT_RESET_AFTER = Duration.ofSeconds(30);

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public Backoff {
        positive(min, "min");
        positive(max, "max");
        positive(resetAfter, "resetAfter");
        Objects.requireNonNull(random, "random");
        if (max.compareTo(min) < 0) {
            throw new IllegalArgumentException(
                    "a back-off's max must be at least its min, was max " + max + " < min " + min);
        }
        if (!(factor >= 1.0) || Double.isInfinite(factor)) {
            throw new IllegalArgumentException("a back-off's factor must be at least 1, was " + factor);
        }
        if (!(jitter >= 0.0 && jitter <= 1.0)) {
            throw new IllegalArgumentException("a back-off's jitter must be between 0 and 1, was " + jitter);
        }
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("a back-off's " + name + " must be positive, was " + d);
        }
    }

    /**
     * {@return a back-off from {@code min} doubling up to {@code max}}, with a jitter of {@value #DEFAULT_JITTER}
     * and a stable period of 30 seconds, on a thread-local random source
     *
     * @param min the first delay; positive
     * @param max the largest delay; at least {@code min}
     * @throws IllegalArgumentException if {@code min} is not positive or {@code max} is less than it
     */
    public static Backoff exponential(Duration min, Duration max) {
        Objects.requireNonNull(min, "min");
        Objects.requireNonNull(max, "max");
        return new Backoff(min, max, 2.0, DEFAULT_JITTER, DEFAULT_RESET_AFTER, ThreadLocalRandomSource.INSTANCE);
    }

    /**
     * {@return a copy with another factor}
     *
     * @param factor how much each consecutive failure multiplies the delay; at least 1 (1 keeps it at {@code min}),
     *     finite
     */
    public Backoff withFactor(double factor) {
        return new Backoff(min, max, factor, jitter, resetAfter, random);
    }

    /**
     * {@return a copy with another jitter}
     *
     * @param jitter the fraction of a delay that may be taken off at random, from 0 (none) to 1
     */
    public Backoff withJitter(double jitter) {
        return new Backoff(min, max, factor, jitter, resetAfter, random);
    }

    /**
     * {@return a copy with another stable period}
     *
     * @param resetAfter how long a child must run before its failures are forgotten; positive
     */
    public Backoff withResetAfter(Duration resetAfter) {
        Objects.requireNonNull(resetAfter, "resetAfter");
        return new Backoff(min, max, factor, jitter, resetAfter, random);
    }

    /**
     * {@return a copy with another random source} (a seeded one makes the delays reproducible)
     *
     * @param random the source of the jitter, used only from the supervisor's process
     */
    public Backoff withRandom(RandomGenerator random) {
        Objects.requireNonNull(random, "random");
        return new Backoff(min, max, factor, jitter, resetAfter, random);
    }

    /** {@return the delay before restart number {@code failures} (0 for the first), in nanoseconds} */
    long delayNanos(int failures) {
        double base = min.toNanos() * Math.pow(factor, failures);
        double capped = Math.min((double) max.toNanos(), base);
        double jittered = jitter == 0.0 ? capped : capped * (1.0 - jitter * random.nextDouble());
        return Math.max(1L, (long) jittered);
    }

    /** {@link ThreadLocalRandom#current()} behind a constant, so one back-off can serve many supervisors. */
    private enum ThreadLocalRandomSource implements RandomGenerator {
        INSTANCE;

        @Override
        public long nextLong() {
            return ThreadLocalRandom.current().nextLong();
        }

        @Override
        public String toString() {
            return "ThreadLocalRandom";
        }
    }
}
