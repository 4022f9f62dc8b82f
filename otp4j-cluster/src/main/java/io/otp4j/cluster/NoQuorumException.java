package io.otp4j.cluster;

import io.otp4j.process.OtpException;

/**
 * A change to a {@link QuorumNames} map was refused because this node is not in a majority of its members (no
 * leader, or no commit in time): the map does not diverge on the minority side of a split. The change may be
 * tried again once the node is connected to a majority.
 */
public final class NoQuorumException extends OtpException {

    private static final long serialVersionUID = 1L;

    /** How many members this node could reach. */
    private final int reachable;
    /** How many members a commit needs: a majority. */
    private final int needed;

    NoQuorumException(String map, String node, int reachable, int members, int needed, String why) {
        super("no quorum for the quorum map \"" + map + "\" on node " + node + ": " + reachable + " of " + members
                + " members reachable, " + needed + " needed (" + why + ")");
        this.reachable = reachable;
        this.needed = needed;
    }

    /** {@return how many members (this node included) this node could reach} */
    public int reachable() {
        return reachable;
    }

    /** {@return how many members a change needs} */
    public int needed() {
        return needed;
    }
}
