package io.otp4j.supervisor;

import java.time.Duration;
import java.util.Objects;

/**
 * How a supervisor stops a child (Erlang's {@code shutdown} of a child spec): the supervisor monitors the
 * child, sends it an exit signal and waits for it to be gone.
 *
 * <ul>
 *   <li>{@link #brutalKill()}: the signal is {@code kill}; the child gets no chance to clean up.
 *   <li>{@link #timeout(Duration)}: the signal is {@code shutdown}; a child that traps exits may clean up (a
 *       GenServer runs {@code terminate}); if it is still alive after the timeout, it is killed. The default
 *       for workers, 5 seconds.
 *   <li>{@link #infinity()}: the signal is {@code shutdown} and the supervisor waits as long as it takes. The
 *       default for supervisors, which need the time to stop their own children.
 * </ul>
 *
 * The timeout is measured on the node's clock.
 */
public sealed interface Shutdown {

    /** The default for workers: 5 seconds. */
    Shutdown DEFAULT_WORKER = new Timeout(Duration.ofSeconds(5));

    /** {@return kill the child at once ({@code brutal_kill})} */
    static Shutdown brutalKill() {
        return BrutalKill.INSTANCE;
    }

    /**
     * {@return signal {@code shutdown}, then kill after {@code timeout}}
     *
     * @param timeout how long the child has to exit after the signal; positive
     */
    static Shutdown timeout(Duration timeout) {
        return new Timeout(timeout);
    }

    /** {@return signal {@code shutdown} and wait as long as it takes ({@code infinity})} */
    static Shutdown infinity() {
        return Infinity.INSTANCE;
    }

    /** Kill at once. */
    enum BrutalKill implements Shutdown {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "brutal_kill";
        }
    }

    /**
     * Signal {@code shutdown}, then kill after a timeout.
     *
     * @param timeout how long the child has to exit; positive
     */
    record Timeout(Duration timeout) implements Shutdown {
        /** Checks the components; a null or invalid one throws, naming the component and the problem. */
        public Timeout {
            Objects.requireNonNull(timeout, "timeout");
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("a shutdown timeout must be positive, was " + timeout);
            }
        }

        @Override
        public String toString() {
            return timeout.toString();
        }
    }

    /** Signal {@code shutdown} and wait without limit. */
    enum Infinity implements Shutdown {
        /** The only value. */
        INSTANCE;

        @Override
        public String toString() {
            return "infinity";
        }
    }
}
