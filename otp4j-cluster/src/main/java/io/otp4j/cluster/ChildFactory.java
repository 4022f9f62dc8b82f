package io.otp4j.cluster;

import io.otp4j.genserver.GenServer;

/**
 * Makes the server of one kind of {@link DistributedSupervisor} child from the child's argument. Code does not
 * cross the wire, so every node that runs the supervisor is given the same kinds, each with its factory; only the
 * kind's name and the argument travel. The supervisor calls the factory for every start and restart of the child
 * on the node that runs it, and starts the server it returns linked to the node's local supervisor.
 *
 * <p>A server that implements {@link Handoff} keeps its state when its child moves between nodes.
 */
@FunctionalInterface
public interface ChildFactory {

    /**
     * {@return a fresh, not yet started, server for a child}
     *
     * @param argument the argument given to {@link DistributedSupervisor#startChild}, as decoded on this node
     * @throws Exception if the server cannot be made: the start fails, and counts towards the restart intensity
     */
    GenServer<?, ?, ?> create(Object argument) throws Exception;
}
