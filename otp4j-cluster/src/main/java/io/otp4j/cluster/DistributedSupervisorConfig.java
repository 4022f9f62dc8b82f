package io.otp4j.cluster;

import io.otp4j.supervisor.AutoShutdown;
import io.otp4j.supervisor.Strategy;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.Objects;

/**
 * How a {@link DistributedSupervisor} runs: the restart intensity of each node's local supervisor, where children
 * go, how fast they move to a node that joins, and how long a leaving node waits for its children's new owners.
 * Every node of one supervisor should be given the same placement. Immutable; each {@code with…} returns a copy.
 *
 * @param flags the local supervisor's flags (one_for_one, auto-shutdown never); past its intensity the local
 *     supervisor and this node's part of the distributed supervisor stop, and the other nodes take its children
 * @param placement where each child runs
 * @param moves how many children at most leave this node, for a node that joined, in each {@code interval}
 * @param interval the period of the move budget
 * @param leaveTimeout how long a graceful leave waits for the new owners to take the children over
 */
public record DistributedSupervisorConfig(
        SupervisorFlags flags, Placement placement, int moves, Duration interval, Duration leaveTimeout) {

    /** Checks the arguments. */
    public DistributedSupervisorConfig {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(placement, "placement");
        Objects.requireNonNull(interval, "interval");
        Objects.requireNonNull(leaveTimeout, "leaveTimeout");
        if (flags.strategy() != Strategy.ONE_FOR_ONE || flags.autoShutdown() != AutoShutdown.NEVER) {
            throw new IllegalArgumentException("a distributed supervisor's local flags must be one_for_one with"
                    + " auto-shutdown never, were " + flags);
        }
        if (moves < 1) {
            throw new IllegalArgumentException("moves per interval must be at least 1, was " + moves);
        }
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the move interval must be positive, was " + interval);
        }
        if (leaveTimeout.isNegative()) {
            throw new IllegalArgumentException("the leave timeout must not be negative, was " + leaveTimeout);
        }
    }

    /**
     * {@return the defaults}: OTP's restart intensity, {@link Placement#rendezvous()}, 100 moves every 100
     * milliseconds (1,000 a second), and 30 seconds for a leave
     */
    public static DistributedSupervisorConfig defaults() {
        return new DistributedSupervisorConfig(
                SupervisorFlags.oneForOne(),
                Placement.rendezvous(),
                100,
                Duration.ofMillis(100),
                Duration.ofSeconds(30));
    }

    /**
     * {@return a copy with these local supervisor flags}
     *
     * @param flags the flags of each node's local supervisor of the children: its intensity bounds their restarts
     *     there
     */
    public DistributedSupervisorConfig withFlags(SupervisorFlags flags) {
        return new DistributedSupervisorConfig(flags, placement, moves, interval, leaveTimeout);
    }

    /**
     * {@return a copy with another placement}
     *
     * @param placement picks the node of each child among the nodes that run the supervisor
     */
    public DistributedSupervisorConfig withPlacement(Placement placement) {
        return new DistributedSupervisorConfig(flags, placement, moves, interval, leaveTimeout);
    }

    /**
     * {@return a copy that moves at most {@code moves} children to joined nodes every {@code interval}}
     *
     * @param moves how many children at most leave this node, for a node that joined, in each {@code interval}
     * @param interval the period of the move budget
     */
    public DistributedSupervisorConfig withMoveRate(int moves, Duration interval) {
        return new DistributedSupervisorConfig(flags, placement, moves, interval, leaveTimeout);
    }

    /**
     * {@return a copy that waits up to {@code leaveTimeout} for the hand-over on a graceful leave}
     *
     * @param leaveTimeout how long {@link DistributedSupervisor#leave()} waits for the new owners to take over
     */
    public DistributedSupervisorConfig withLeaveTimeout(Duration leaveTimeout) {
        return new DistributedSupervisorConfig(flags, placement, moves, interval, leaveTimeout);
    }
}
