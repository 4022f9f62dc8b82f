package io.otp4j.cluster;

/**
 * What a node's cluster link has carried so far.
 *
 * @param framesSent frames handed to JGroups
 * @param framesReceived frames received and decoded
 * @param badFrames frames received and dropped: garbage, truncated, oversized, of another version, or naming a
 *     class that is not allowed
 */
public record ClusterStats(long framesSent, long framesReceived, long badFrames) {}
