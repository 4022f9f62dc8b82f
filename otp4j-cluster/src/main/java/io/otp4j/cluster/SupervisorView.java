package io.otp4j.cluster;

import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One node's view of a {@link DistributedSupervisor}: the specs, the nodes that run the supervisor, which node runs
 * which child, and the last node known to be in charge of each child. Written by the node's server only; the
 * specs, the locations and the members are published for reads from any thread.
 */
final class SupervisorView {

    private final String here;
    private final Placement placement;

    private final Map<String, Spec> specs = new ConcurrentHashMap<>();
    private final Map<String, Pid> where = new ConcurrentHashMap<>();
    private volatile List<String> members;

    /** What each node said it runs, by node (this node's own included). */
    private final Map<String, Map<String, Pid>> heldBy = new HashMap<>();
    /** The origins of the specs terminated: a late message that brings one back is ignored. */
    private final Set<String> terminated = new HashSet<>();
    /** The node last known to be in charge of each child: the owner it was given to, or the one that said so. */
    private final Map<String, String> hints = new HashMap<>();

    SupervisorView(String here, Placement placement) {
        this.here = here;
        this.placement = placement;
        this.members = List.of(here);
    }

    // ------------------------------------------------------------------ reads, from any thread

    @Nullable
    Spec spec(String id) {
        return specs.get(id);
    }

    Map<String, Spec> specs() {
        return Map.copyOf(specs);
    }

    Set<String> ids() {
        return Set.copyOf(specs.keySet());
    }

    @Nullable
    Pid whereis(String id) {
        return where.get(id);
    }

    List<String> members() {
        return members;
    }

    // ------------------------------------------------------------------ placement

    void members(Collection<String> peers, Set<String> leaving) {
        TreeSet<String> sorted = new TreeSet<>(peers);
        sorted.add(here);
        sorted.removeAll(leaving);
        members = List.copyOf(sorted);
    }

    boolean hasMembers() {
        return !members.isEmpty();
    }

    /** {@return the node placement gives {@code id} among the members} */
    String owner(String id) {
        List<String> nodes = members;
        String owner = placement.place(id, nodes);
        if (owner == null || !nodes.contains(owner)) {
            throw new IllegalStateException("placement " + placement + " put child " + id + " on " + owner
                    + ", which is not one of the nodes it was given: " + nodes);
        }
        return owner;
    }

    // ------------------------------------------------------------------ writes, by the server

    void putSpec(Spec spec) {
        specs.put(spec.id(), spec);
    }

    void removeSpec(String id) {
        specs.remove(id);
        where.remove(id);
        hints.remove(id);
        heldBy.values().forEach(held -> held.remove(id));
    }

    void tombstone(String origin) {
        terminated.add(origin);
    }

    boolean terminated(String origin) {
        return terminated.contains(origin);
    }

    void hint(String id, String node) {
        hints.put(id, node);
    }

    void held(String node, String id, Pid pid) {
        heldBy.computeIfAbsent(node, n -> new HashMap<>()).put(id, pid);
        locate(id);
        hints.put(id, node);
    }

    void released(String node, String id, String to) {
        Map<String, Pid> held = heldBy.get(node);
        if (held != null) {
            held.remove(id);
        }
        unlocate(id, node);
        if (!to.isEmpty()) {
            hints.put(id, to);
        }
    }

    /** {@code node} no longer runs {@code id}: it is not found there any more. */
    void unlocate(String id, String node) {
        Map<String, Pid> held = heldBy.get(node);
        if (held != null) {
            held.remove(id);
        }
        locate(id);
    }

    /**
     * Publishes where {@code id} is found: of the instances nodes said they run, the one on the node placement picks
     * (so that a node's word that comes late, about an instance it has since handed over, does not hide the one
     * that lives on), else any.
     */
    private void locate(String id) {
        String owner = null;
        try {
            owner = members.isEmpty() ? null : placement.place(id, members);
        } catch (RuntimeException e) {
            // A broken placement is reported where it decides; here any instance will do.
        }
        Pid found = null;
        for (Map.Entry<String, Map<String, Pid>> held : heldBy.entrySet()) {
            Pid pid = held.getValue().get(id);
            if (pid != null && (found == null || held.getKey().equals(owner))) {
                found = pid;
            }
        }
        if (found == null) {
            where.remove(id);
        } else {
            where.put(id, found);
        }
    }

    /** {@return a node other than this one that said it runs {@code id}, if there is one} */
    @Nullable
    String otherHolder(String id) {
        for (Map.Entry<String, Map<String, Pid>> held : heldBy.entrySet()) {
            if (!held.getKey().equals(here) && held.getValue().containsKey(id)) {
                return held.getKey();
            }
        }
        return null;
    }

    /** What {@code node} runs now, replacing what it said before. */
    void replaceHeld(String node, Map<String, Pid> held) {
        Map<String, Pid> before = heldBy.put(node, new HashMap<>(held));
        if (before != null) {
            for (String id : before.keySet()) {
                if (!held.containsKey(id)) {
                    unlocate(id, node);
                }
            }
        }
        held.forEach((id, pid) -> {
            if (specs.containsKey(id)) {
                locate(id);
                hints.put(id, node);
            }
        });
    }

    /**
     * {@code node} is gone. {@return the children no node is known to run now that {@code node} ran, or was the
     * last known to be in charge of}
     */
    List<String> dropNode(String node) {
        Set<String> candidates = new LinkedHashSet<>();
        Map<String, Pid> held = heldBy.remove(node);
        if (held != null) {
            candidates.addAll(held.keySet());
        }
        hints.forEach((id, to) -> {
            if (to.equals(node)) {
                candidates.add(id);
            }
        });
        List<String> seenThere = new ArrayList<>();
        where.forEach((id, pid) -> {
            if (pid.node().equals(node)) {
                seenThere.add(id);
            }
        });
        seenThere.forEach(this::locate);
        List<String> orphans = new ArrayList<>();
        for (String id : candidates) {
            if (!specs.containsKey(id)) {
                continue;
            }
            locate(id);
            if (!where.containsKey(id)) {
                orphans.add(id);
            }
        }
        return orphans;
    }

    void clear() {
        specs.clear();
        where.clear();
        heldBy.clear();
        hints.clear();
        terminated.clear();
        members = List.of();
    }
}
