package io.otp4j.supervisor;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How a supervisor behaves (Erlang's supervisor flags). Immutable; each {@code with…} returns a copy.
 *
 * {@snippet class="io.otp4j.supervisor.SupervisorSnippetsTest" region="flags"}
 *
 * @param strategy what is restarted with a failed child
 * @param intensity how many restarts are allowed within {@code period} (default 3); one more and the supervisor
 *     shuts its children down and exits with {@code shutdown}, so that its own supervisor sees it fail
 * @param period the window of {@code intensity}, measured on the node's clock (default 5 seconds)
 * @param autoShutdown whether significant children's exits shut the supervisor down (default never)
 * @param backoff a delay before restarts, beyond OTP (default none: restart at once)
 */
public record SupervisorFlags(
        Strategy strategy, int intensity, Duration period, AutoShutdown autoShutdown, Optional<Backoff> backoff) {

    /** OTP's default intensity: 3 restarts. */
    public static final int DEFAULT_INTENSITY = 3;

    /** OTP's default period: 5 seconds. */
    public static final Duration DEFAULT_PERIOD = Duration.ofSeconds(5);

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public SupervisorFlags {
        Objects.requireNonNull(strategy, "strategy");
        Objects.requireNonNull(period, "period");
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        Objects.requireNonNull(backoff, "backoff");
        if (intensity < 0) {
            throw new IllegalArgumentException("a supervisor's intensity must not be negative, was " + intensity);
        }
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("a supervisor's period must be positive, was " + period);
        }
    }

    /**
     * {@return the flags of a supervisor with {@code strategy} and OTP's defaults}
     *
     * @param strategy what is restarted with a failed child
     */
    public static SupervisorFlags of(Strategy strategy) {
        Objects.requireNonNull(strategy, "strategy");
        return new SupervisorFlags(strategy, DEFAULT_INTENSITY, DEFAULT_PERIOD, AutoShutdown.NEVER, Optional.empty());
    }

    /** {@return {@code one_for_one} with OTP's defaults} */
    public static SupervisorFlags oneForOne() {
        return of(Strategy.ONE_FOR_ONE);
    }

    /** {@return {@code one_for_all} with OTP's defaults} */
    public static SupervisorFlags oneForAll() {
        return of(Strategy.ONE_FOR_ALL);
    }

    /** {@return {@code rest_for_one} with OTP's defaults} */
    public static SupervisorFlags restForOne() {
        return of(Strategy.REST_FOR_ONE);
    }

    /**
     * {@return a copy allowing {@code intensity} restarts within {@code period}}
     *
     * @param intensity how many restarts the period allows; 0 gives up at the first failure; not negative
     * @param period the sliding window the restarts are counted in; positive
     */
    public SupervisorFlags withIntensity(int intensity, Duration period) {
        Objects.requireNonNull(period, "period");
        return new SupervisorFlags(strategy, intensity, period, autoShutdown, backoff);
    }

    /**
     * {@return a copy with another auto-shutdown}
     *
     * @param autoShutdown whether the exit of any, or of all, significant children shuts the supervisor down
     */
    public SupervisorFlags withAutoShutdown(AutoShutdown autoShutdown) {
        Objects.requireNonNull(autoShutdown, "autoShutdown");
        return new SupervisorFlags(strategy, intensity, period, autoShutdown, backoff);
    }

    /**
     * {@return a copy that waits before restarts, as {@code backoff} says}
     *
     * @param backoff the delays before restarts
     */
    public SupervisorFlags withBackoff(Backoff backoff) {
        Objects.requireNonNull(backoff, "backoff");
        return new SupervisorFlags(strategy, intensity, period, autoShutdown, Optional.of(backoff));
    }

    /** {@return a copy that restarts at once, as OTP does} */
    public SupervisorFlags withoutBackoff() {
        return new SupervisorFlags(strategy, intensity, period, autoShutdown, Optional.empty());
    }
}
