package io.otp4j.genserver.spi;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import org.jspecify.annotations.Nullable;

/**
 * How a node serves calls that come from other nodes: the generic server installs it; the cluster transport hands
 * it each call it receives.
 */
public interface RemoteCalls {

    /** {@return the generic server's implementation} */
    static RemoteCalls get() {
        return Installed.get();
    }

    /**
     * Installs the implementation; called once, by the generic server itself.
     *
     * @param calls the generic server's implementation
     * @throws IllegalStateException if one is installed already
     */
    static void install(RemoteCalls calls) {
        Installed.install(calls);
    }

    /**
     * Delivers a call from another node to the server {@code server}, or to the one registered as {@code name},
     * on {@code node}: its answer (or why it reached no server) goes to {@code answer}, once. Returns without
     * waiting for the server.
     *
     * @param node the local node the server runs on
     * @param server the server's pid, or null to look {@code name} up
     * @param name the server's registered name on {@code node}, or null when {@code server} is given
     * @param serverClass the name of the class the server must be (or extend), or null for any server
     * @param request the call as decoded from the wire
     * @param timeoutNanos how long the caller waits from now; the server skips the call once that has passed
     * @param answer where the reply, the server's exit or the refusal goes, exactly once
     */
    void serve(
            Node node,
            @Nullable Pid server,
            @Nullable String name,
            @Nullable String serverClass,
            Object request,
            long timeoutNanos,
            CallAnswer answer);

    /**
     * Delivers a cast from another node to the server {@code server}, or to the one registered as {@code name}, on
     * {@code node}; dropped if there is none.
     *
     * @param node the local node the server runs on
     * @param server the server's pid, or null to look {@code name} up
     * @param name the server's registered name on {@code node}, or null when {@code server} is given
     * @param request the cast as decoded from the wire
     */
    void cast(Node node, @Nullable Pid server, @Nullable String name, Object request);
}
