package io.otp4j.cluster;

import java.util.List;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.protocols.DISCARD;
import org.jgroups.stack.ProtocolStack;

/**
 * Network partitions between nodes of one JVM, made with JGroups' DISCARD protocol right above each member's
 * transport: a member drops everything that comes from a member on the other side, discovery and heartbeats
 * included, as a broken network would.
 */
final class Partition {

    private Partition() {}

    /** Cuts {@code one} off from {@code other}, both ways. */
    static void split(List<Cluster> one, List<Cluster> other) {
        deaf(one, other);
        deaf(other, one);
    }

    /** Makes each of {@code listeners} drop what comes from {@code speakers} (one way only). */
    static void deaf(List<Cluster> listeners, List<Cluster> speakers) {
        for (Cluster listener : listeners) {
            DISCARD discard = discard(listener);
            for (Cluster speaker : speakers) {
                discard.addIgnoreMember(address(speaker));
            }
        }
    }

    /** Lets every message of {@code clusters} through again. */
    static void heal(List<Cluster> clusters) {
        clusters.forEach(cluster -> discard(cluster).resetIgnoredMembers());
    }

    /** Lets every message of {@code channels} through again: for channels beside a cluster. */
    static void healChannels(List<JChannel> channels) {
        channels.forEach(channel -> discard(channel).resetIgnoredMembers());
    }

    /** Cuts the channels {@code one} off from the channels {@code other}, both ways: for channels beside a cluster. */
    static void splitChannels(List<JChannel> one, List<JChannel> other) {
        deafChannels(one, other);
        deafChannels(other, one);
    }

    private static void deafChannels(List<JChannel> listeners, List<JChannel> speakers) {
        for (JChannel listener : listeners) {
            DISCARD discard = discard(listener);
            speakers.forEach(speaker -> discard.addIgnoreMember(speaker.getAddress()));
        }
    }

    private static Address address(Cluster cluster) {
        return cluster.route().channel().getAddress();
    }

    private static DISCARD discard(Cluster cluster) {
        return discard(cluster.route().channel());
    }

    /** {@return the channel's DISCARD}, put into its running stack the first time */
    private static synchronized DISCARD discard(JChannel channel) {
        ProtocolStack stack = channel.getProtocolStack();
        DISCARD discard = stack.findProtocol(DISCARD.class);
        if (discard == null) {
            discard = new DISCARD();
            discard.setAddress(channel.getAddress());
            stack.insertProtocolInStack(discard, stack.getTransport(), ProtocolStack.Position.ABOVE);
        }
        return discard;
    }
}
