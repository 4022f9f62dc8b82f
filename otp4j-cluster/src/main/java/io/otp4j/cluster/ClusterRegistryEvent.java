package io.otp4j.cluster;

import io.otp4j.process.Pid;

/**
 * What a {@link ClusterRegistry}'s listeners receive, as messages: each change of the registry's view on the
 * listener's node, of any node's entries. A listener that wants to know when a registrant crashes monitors it.
 */
public sealed interface ClusterRegistryEvent {

    /** {@return the name of the registry} */
    String registry();

    /** {@return the key} */
    Object key();

    /**
     * A process of some node registered {@code key} with {@code value}, or its entry came into view (a node met).
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     * @param value its value
     */
    record Registered(String registry, Object key, Pid pid, Object value) implements ClusterRegistryEvent {}

    /**
     * An entry of {@code pid} under {@code key} went away: unregistered, its process exited, its node went away,
     * or it lost a conflict.
     *
     * @param registry the registry's name
     * @param key the key
     * @param pid the registrant
     */
    record Unregistered(String registry, Object key, Pid pid) implements ClusterRegistryEvent {}

    /**
     * A conflict on a unique key was decided: {@code loser} gave the key up to {@code winner} (its {@link
     * Unregistered} follows).
     *
     * @param registry the registry's name
     * @param key the key
     * @param winner the process that keeps it
     * @param loser the process that lost it
     * @param action what became of the loser
     */
    record Conflict(String registry, Object key, Pid winner, Pid loser, Resolution.Action action)
            implements ClusterRegistryEvent {}
}
