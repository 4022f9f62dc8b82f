package io.otp4j.genserver.spi;

import io.otp4j.process.Pid;
import org.jspecify.annotations.Nullable;

/**
 * How a node sends calls to servers of other nodes: installed by the cluster transport as the node's service in
 * the slot {@code CallRoute.class} ({@link io.otp4j.process.spi.Engine#service}), removed when it leaves.
 */
public interface CallRoute {

    /**
     * Sends {@code request} to the server {@code server}, or to the one registered as {@code name}, on {@code
     * node}, and hands what comes back to {@code answer} (once). Returns at once: it never waits for the answer.
     *
     * @param node the name of the server's node
     * @param server the server's pid, or null to look {@code name} up there
     * @param name the server's registered name on {@code node}, or null when {@code server} is given
     * @param serverClass the name of the class the server must be (or extend), or null for any server
     * @param request the call, to be encoded for the wire
     * @param timeoutNanos how long the caller waits, so that the server can skip a call whose caller has gone
     * @param answer where the reply, the server's exit or the refusal goes, exactly once
     * @return a handle that forgets the call (its answer is then dropped), or null if {@code node} is not
     *     connected: nothing was sent
     * @throws io.otp4j.process.OtpException if the request cannot be sent (its class cannot cross)
     */
    @Nullable
    Runnable call(
            String node,
            @Nullable Pid server,
            @Nullable String name,
            @Nullable String serverClass,
            Object request,
            long timeoutNanos,
            CallAnswer answer);

    /**
     * Casts {@code request} to the server {@code server}, or to the one registered as {@code name}, on {@code
     * node}; lost silently if there is none, as a local cast to a server that is not alive.
     *
     * @param node the name of the server's node
     * @param server the server's pid, or null to look {@code name} up there
     * @param name the server's registered name on {@code node}, or null when {@code server} is given
     * @param request the cast, to be encoded for the wire
     * @return false if {@code node} is not connected
     * @throws io.otp4j.process.OtpException if the request cannot be sent (its class cannot cross)
     */
    boolean cast(String node, @Nullable Pid server, @Nullable String name, Object request);

    /**
     * {@return whether {@code node} is connected now}
     *
     * @param node the name of another node
     */
    boolean connected(String node);
}
