package io.otp4j.cluster;

import io.otp4j.cluster.SupervisorProtocol.Partial;
import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A {@link DistributedSupervisor} server's state on its way between nodes: every spec the server knows and the
 * children its node runs, sent in parts that each fit in a frame, and taken back whole by the receiver, so that
 * placement never runs on half a view. Used on the server's thread only.
 */
final class SupervisorStates {

    /** A message that carries a server's whole state, or its last part: {@code Discover} or {@code Sync}. */
    @FunctionalInterface
    interface StateMessage {
        Object make(String name, Pid peer, Map<String, Spec> specs, Map<String, Pid> held);
    }

    private final Cluster cluster;
    private final String name;

    /** What each peer server sent of its state in {@link Partial}s, until its Discover or Sync completes it. */
    private final Map<Pid, Partial> partials = new HashMap<>();

    SupervisorStates(Cluster cluster, String name) {
        this.cluster = cluster;
        this.name = name;
    }

    /**
     * Sends {@code specs} and {@code held} through {@code to}: in {@link Partial}s that each fit in half a frame, then
     * the message {@code last} makes with the rest, which the receiver takes with the partials as one state.
     */
    void send(Pid self, Map<String, Spec> specs, Map<String, Pid> held, StateMessage last, Consumer<Object> to) {
        List<Object> items = new ArrayList<>(specs.values());
        items.addAll(held.entrySet());
        List<List<Object>> parts = Parts.of(items, this::bytes, Parts.budget(cluster));
        for (int i = 0; i < parts.size(); i++) {
            Map<String, Spec> someSpecs = new HashMap<>();
            Map<String, Pid> someHeld = new HashMap<>();
            for (Object item : parts.get(i)) {
                if (item instanceof Spec spec) {
                    someSpecs.put(spec.id(), spec);
                } else if (item instanceof Map.Entry<?, ?> entry) {
                    someHeld.put((String) entry.getKey(), (Pid) entry.getValue());
                }
            }
            to.accept(
                    i == parts.size() - 1
                            ? last.make(name, self, someSpecs, someHeld)
                            : new Partial(name, self, someSpecs, someHeld));
        }
    }

    /** {@return the bytes an item of the state takes in a frame}: a spec as encoded, a held child at most */
    private int bytes(Object item) {
        if (item instanceof Map.Entry<?, ?> entry) {
            return 3 * ((String) entry.getKey()).length()
                    + 3 * ((Pid) entry.getValue()).node().length()
                    + 32;
        }
        return cluster.encodedSize(item);
    }

    /** Keeps a part of a peer's state until the rest comes. */
    void keep(Partial partial) {
        partials.put(partial.peer(), whole(partial.peer(), partial.specs(), partial.held()));
    }

    /** {@return what {@code peer} sent in {@link Partial}s before, with {@code specs} and {@code held}}, forgotten here */
    Partial whole(Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        Partial before = partials.remove(peer);
        if (before == null) {
            return new Partial(name, peer, specs, held);
        }
        Map<String, Spec> allSpecs = new HashMap<>(before.specs());
        allSpecs.putAll(specs);
        Map<String, Pid> allHeld = new HashMap<>(before.held());
        allHeld.putAll(held);
        return new Partial(name, peer, allSpecs, allHeld);
    }

    /** Forgets the parts of a node that went away: it sends its state again, whole, when it comes back. */
    void forget(String node) {
        partials.keySet().removeIf(pid -> pid.node().equals(node));
    }
}
