package io.otp4j.cluster;

/**
 * What a node's cluster link has carried so far.
 *
 * @param framesSent frames handed to JGroups, alone or in batches
 * @param framesReceived frames received and decoded
 * @param badFrames frames received and dropped: garbage, truncated, oversized, of another version, naming a class
 *     that is not allowed, or a malformed batch (counted once)
 * @param batchesSent JGroups messages that carried more than one frame
 * @param outboundRejected messages refused at once by a full outbound queue ({@code REJECT})
 * @param outboundTimedOut messages whose sender waited for room in a full outbound queue until its deadline, or
 *     was interrupted while waiting ({@code BLOCK})
 * @param outboundDroppedNewest messages a full outbound queue dropped on arrival ({@code DROP_NEWEST})
 * @param outboundDroppedOldest waiting messages a full outbound queue dropped to take a newer one ({@code
 *     DROP_OLDEST})
 * @param outboundDiscarded frames accepted into an outbound queue and never sent: their node left, this node left
 *     the cluster, or JGroups refused them
 * @param remoteRefused messages from other nodes that a bounded mailbox here did not take (rejected, dropped as
 *     the newest, or still full at its deadline)
 */
public record ClusterStats(
        long framesSent,
        long framesReceived,
        long badFrames,
        long batchesSent,
        long outboundRejected,
        long outboundTimedOut,
        long outboundDroppedNewest,
        long outboundDroppedOldest,
        long outboundDiscarded,
        long remoteRefused) {}
