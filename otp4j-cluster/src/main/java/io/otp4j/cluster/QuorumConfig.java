package io.otp4j.cluster;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link QuorumNames} runs: immutable; each {@code with…} method returns a copy.
 *
 * @param name the name of the map; every member starts it with the same name and members
 * @param members the names of the nodes that vote (Raft's members): fixed, the same on every member; a majority of
 *     them must be connected for any change
 * @param port the TCP port of the quorum channel (another than the cluster's); unused over shared loopback
 * @param initialMembers where to find the other members' quorum channels, each {@code host:port} (TCP only)
 * @param lease how long a node keeps its holders after its last command the majority committed
 * @param grace how long the leader waits, after the last command of a node it saw, before it removes that node's
 *     entries: at least twice the lease, so that the node has stopped its holders by then
 * @param commitTimeout how long {@code register} and {@code unregister} wait for the commit
 */
public record QuorumConfig(
        String name,
        List<String> members,
        int port,
        List<String> initialMembers,
        Duration lease,
        Duration grace,
        Duration commitTimeout) {

    /** The default lease: a node out of the majority for this long stops its holders. */
    public static final Duration DEFAULT_LEASE = Duration.ofSeconds(5);

    /** The default grace: twice the default lease. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(10);

    /** The default time a change waits for its commit. */
    public static final Duration DEFAULT_COMMIT_TIMEOUT = Duration.ofSeconds(5);

    /** Checks and copies every argument. */
    public QuorumConfig {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(members, "members");
        Objects.requireNonNull(initialMembers, "initialMembers");
        Objects.requireNonNull(lease, "lease");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(commitTimeout, "commitTimeout");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a quorum map's name is blank");
        }
        members = List.copyOf(members);
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a quorum map needs at least one member (the voting nodes' names)");
        }
        Set<String> distinct = new HashSet<>();
        for (String member : members) {
            if (member.isBlank()) {
                throw new IllegalArgumentException("a member's name is blank in " + members);
            }
            if (!distinct.add(member)) {
                throw new IllegalArgumentException("the member " + member + " is named twice in " + members);
            }
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port " + port + " is not in 0..65535");
        }
        initialMembers = List.copyOf(initialMembers);
        initialMembers.forEach(HostPort::parse);
        if (lease.isNegative() || lease.toMillis() < 100) {
            throw new IllegalArgumentException("lease " + lease + " is under 100 ms");
        }
        if (grace.compareTo(lease.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("grace " + grace + " is under twice the lease " + lease
                    + ": a node out of the majority must have stopped its holders before they are removed");
        }
        if (commitTimeout.isNegative() || commitTimeout.isZero()) {
            throw new IllegalArgumentException("commitTimeout " + commitTimeout + " is not positive");
        }
    }

    /**
     * {@return a configuration of the map {@code name} voted on by the nodes {@code members}, with the defaults}
     *
     * @param name the map's name, the same on every member
     * @param members the node names of the voting members, the same list on each; a majority of them commits
     */
    public static QuorumConfig of(String name, List<String> members) {
        return new QuorumConfig(name, members, 7900, List.of(), DEFAULT_LEASE, DEFAULT_GRACE, DEFAULT_COMMIT_TIMEOUT);
    }

    /**
     * {@return a copy whose quorum channel listens on {@code port}} (TCP)
     *
     * @param port the TCP port of this node's quorum channel (default 7900)
     */
    public QuorumConfig withPort(int port) {
        return new QuorumConfig(name, members, port, initialMembers, lease, grace, commitTimeout);
    }

    /**
     * {@return a copy that finds the other quorum channels at {@code initialMembers}, each {@code host:port}}
     *
     * @param initialMembers where TCP discovery looks for the other quorum channels, as {@code host:port}
     */
    public QuorumConfig withInitialMembers(List<String> initialMembers) {
        return new QuorumConfig(name, members, port, initialMembers, lease, grace, commitTimeout);
    }

    /**
     * {@return a copy with the lease {@code lease} and the grace {@code grace}} (at least twice the lease)
     *
     * @param lease how long a node out of the majority keeps its holders (default 5 s)
     * @param grace how long the leader waits before removing a silent node's entries; at least twice the lease
     */
    public QuorumConfig withLease(Duration lease, Duration grace) {
        return new QuorumConfig(name, members, port, initialMembers, lease, grace, commitTimeout);
    }

    /**
     * {@return a copy whose changes wait at most {@code commitTimeout} for their commit}
     *
     * @param commitTimeout how long a change waits for its commit before NoQuorumException (default 5 s)
     */
    public QuorumConfig withCommitTimeout(Duration commitTimeout) {
        return new QuorumConfig(name, members, port, initialMembers, lease, grace, commitTimeout);
    }

    /** {@return how many members make a majority} */
    int majority() {
        return members.size() / 2 + 1;
    }
}
