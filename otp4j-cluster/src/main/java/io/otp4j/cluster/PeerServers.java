package io.otp4j.cluster;

import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The servers of one process-group scope or cluster registry on the other nodes, as one node's server knows
 * them: at most one per node, each monitored, so that its {@code Down} tells that the node's share is gone. Used on
 * the owning server's thread only.
 */
final class PeerServers {

    private final Map<String, Pid> byNode = new HashMap<>();
    private final Map<Pid, MonitorRef> monitors = new HashMap<>();

    /**
     * Knows and monitors {@code peer} as its node's server, unless it is known already. {@return whether it is new}
     *
     * @param replaced called first with the node's name if that node had another server (a restart, or a new life
     *     of the node): it forgets the old one's share
     */
    boolean meet(ProcessContext self, Pid peer, Consumer<String> replaced) {
        Pid known = byNode.get(peer.node());
        if (peer.equals(known)) {
            return false;
        }
        if (known != null) {
            replaced.accept(peer.node());
        }
        byNode.put(peer.node(), peer);
        monitors.put(peer, self.monitor(peer));
        return true;
    }

    /** {@return the known server of {@code node}}, or null */
    @Nullable
    Pid of(String node) {
        return byNode.get(node);
    }

    /** {@return whether a server of {@code node} is known} */
    boolean has(String node) {
        return byNode.containsKey(node);
    }

    /** Forgets the server of {@code node}, if one is known, and stops monitoring it. */
    void forget(ProcessContext self, String node) {
        Pid peer = byNode.remove(node);
        if (peer != null) {
            MonitorRef ref = monitors.remove(peer);
            if (ref != null) {
                self.demonitor(ref, true);
            }
        }
    }

    /** {@return whether {@code down} is of a monitored server}; if it is its node's known one, that is forgotten */
    boolean down(Down down, Consumer<String> gone) {
        Pid pid = down.pid();
        if (!monitors.remove(pid, down.ref())) {
            return false;
        }
        if (pid.equals(byNode.get(pid.node()))) {
            byNode.remove(pid.node());
            gone.accept(pid.node());
        }
        return true;
    }

    /** Sends {@code message} to every known server. */
    void broadcast(ProcessContext self, Object message) {
        for (Pid peer : byNode.values()) {
            self.send(peer, message);
        }
    }
}
