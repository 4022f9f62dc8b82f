package io.otp4j.cluster;

import io.otp4j.cluster.ClusterEntry.EntryId;
import io.otp4j.cluster.RegistryProtocol.Lost;
import io.otp4j.cluster.RegistryProtocol.Resolve;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The conflicts of a {@link ClusterRegistry} with unique keys, on one node's server (ADR 28): two or more entries
 * of one key, which nodes registered apart (during a split, or with their registrations crossing).
 *
 * <p>The coordinator's part: the node that comes first in the installed view among those that run the registry
 * decides each conflict, once, with the resolver, and sends the decision to the node of each loser. It remembers
 * what it decided until the conflict is gone, so that it does not decide again while the decision travels; a
 * conflict whose winner went away, or with an entry the decision did not know, is decided anew. A node that
 * becomes coordinator (the last one left the view) decides what is still in conflict.
 *
 * <p>The owner's part: a loser's node carries the decision out, once: the loser's entry goes, the other nodes are
 * told ({@link Lost}), and the loser exits or receives a {@link ConflictLost}, as decided; a loser that hands its
 * state to the winner is stopped and told of by a short-lived process ({@link RegistryHandoffs}). A decision whose winner
 * this node has not heard of yet waits for it (the winner's node tells this node directly, not through the
 * coordinator, so it may come later); one whose loser is gone already is dropped.
 */
final class RegistryConflicts {

    private static final System.Logger LOG = System.getLogger(ClusterRegistry.class.getName());

    /** What the coordinator decided on a key: the winner and the losers it knew of. */
    private record Decision(EntryId winner, Set<EntryId> losers) {}

    private final RegistryServer server;
    private final ConflictResolver<Object, Object> resolver;
    private final Map<Object, Decision> decided = new HashMap<>();
    private final Map<EntryId, Resolve> waiting = new LinkedHashMap<>();

    @SuppressWarnings("unchecked") // a registry's resolver takes its own keys and values, which its view holds
    RegistryConflicts(RegistryServer server, ConflictResolver<?, ?> resolver) {
        this.server = server;
        this.resolver = (ConflictResolver<Object, Object>) resolver;
    }

    /**
     * After a change of the membership: the coordinator decides every conflict again, as decisions in flight to a
     * member that was lost (or cut off and back) were dropped with its connection. Carrying one out twice is a no-op.
     */
    void membershipChanged(Collection<Object> contested) {
        decided.clear();
        check(contested);
    }

    /** After a change to {@code keys}: decisions waiting for a winner go on; the coordinator decides new conflicts. */
    void check(Collection<Object> keys) {
        if (!waiting.isEmpty()) {
            List.copyOf(waiting.values()).forEach(this::carryOut);
        }
        if (!server.unique() || !server.coordinating()) {
            decided.clear(); // a later coordinatorship starts from what is in conflict then
            return;
        }
        for (Object key : new HashSet<>(keys)) {
            decide(key);
        }
    }

    private void decide(Object key) {
        List<ClusterEntry<?, ?>> entries = server.view.byKey.getOrDefault(key, List.of());
        if (entries.size() < 2) {
            decided.remove(key);
            return;
        }
        Decision before = decided.get(key);
        if (before != null
                && server.view.get(before.winner()) != null
                && entries.stream()
                        .allMatch(e -> e.id().equals(before.winner())
                                || before.losers().contains(e.id()))) {
            return; // decided already; the decision is on its way
        }
        Resolution<?, ?> resolution = resolve(key, entries);
        ClusterEntry<?, ?> winner = resolution.winner();
        Set<EntryId> losers = new HashSet<>();
        List<Pid> stopped = new ArrayList<>();
        boolean sent = true;
        for (ClusterEntry<?, ?> loser : entries) {
            if (loser.sameAs(winner)) {
                continue;
            }
            losers.add(loser.id());
            stopped.add(loser.pid());
            ExitReason reason = resolution.action() != Resolution.Action.UNREGISTER
                    ? resolution.reason().orElseGet(() -> defaultReason(key, loser, winner))
                    : ExitReason.normal();
            sent &= send(
                    new Resolve(server.registry(), server.self().self(), winner, loser, resolution.action(), reason));
        }
        if (sent) {
            decided.put(key, new Decision(winner.id(), losers));
        } // else a loser's server is not met yet: decided again when it is, as its entries come in
        LOG.log(
                Level.WARNING,
                "cluster registry {0}: key {1} was registered on {2} nodes apart; {3} of node {4} keeps it, {5}: {6}",
                server.registry(),
                key,
                entries.size(),
                winner.pid(),
                winner.node(),
                switch (resolution.action()) {
                    case STOP -> "stopped";
                    case UNREGISTER -> "unregistered";
                    case HAND_OFF -> "handing their state over and stopped";
                },
                stopped);
    }

    private ExitReason defaultReason(Object key, ClusterEntry<?, ?> loser, ClusterEntry<?, ?> winner) {
        return ExitReason.shutdown(new ConflictLost(server.registry(), key, loser.pid(), winner.pid()));
    }

    /** {@return the resolver's decision}, or the default rule's if the resolver fails or names no entry in conflict */
    private Resolution<?, ?> resolve(Object key, List<ClusterEntry<?, ?>> entries) {
        @SuppressWarnings("unchecked") // the view holds this registry's keys and values
        List<ClusterEntry<Object, Object>> typed = (List<ClusterEntry<Object, Object>>) (List<?>) entries;
        try {
            Resolution<Object, Object> resolution = resolver.resolve(key, typed);
            if (resolution != null) {
                for (ClusterEntry<Object, Object> entry : typed) {
                    if (entry.sameAs(resolution.winner())) {
                        return new Resolution<>(entry, resolution.action(), resolution.reason());
                    }
                }
            }
            LOG.log(
                    Level.WARNING,
                    "cluster registry {0}: the resolver named {1}, not one of the entries of {2} in"
                            + " conflict; the earliest keeps it",
                    server.registry(),
                    resolution,
                    key);
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "cluster registry {0}: the resolver failed on {1} ({2}); the earliest keeps it",
                    server.registry(),
                    key,
                    e);
        }
        return ConflictResolver.earliest().resolve(key, typed);
    }

    /**
     * Sends a decision to the loser's node; a reason that cannot cross falls back to the default one. {@return
     * false if that node's server is not met}
     */
    private boolean send(Resolve resolve) {
        String node = resolve.loser().node();
        if (node.equals(server.here())) {
            carryOut(resolve);
            return true;
        }
        Pid peer = server.peer(node);
        if (peer == null) {
            return false;
        }
        try {
            server.self().send(peer, resolve);
        } catch (NotEncodableException e) {
            LOG.log(
                    Level.WARNING,
                    "cluster registry {0}: the resolver''s exit reason cannot cross ({1}); {2} is"
                            + " stopped with the default one",
                    server.registry(),
                    e.getMessage(),
                    resolve.loser().pid());
            server.self()
                    .send(
                            peer,
                            new Resolve(
                                    resolve.registry(),
                                    resolve.coordinator(),
                                    resolve.winner(),
                                    resolve.loser(),
                                    resolve.action(),
                                    defaultReason(resolve.loser().key(), resolve.loser(), resolve.winner())));
        }
        return true;
    }

    /** Carries out a decision on a loser of this node, once; one whose winner is not in view yet waits for it. */
    void carryOut(Resolve resolve) {
        ClusterEntry<?, ?> decided = resolve.loser();
        EntryId id = decided.id();
        ClusterEntry<?, ?> loser = decided.node().equals(server.here()) ? server.view.get(id) : null;
        if (loser == null) {
            waiting.remove(id); // gone already (or not this node's): nothing left to do
            return;
        }
        ClusterEntry<?, ?> winner = server.view.get(resolve.winner().id());
        if (winner == null) {
            waiting.put(id, resolve);
            return;
        }
        waiting.remove(id);
        if (resolve.action() == Resolution.Action.HAND_OFF) {
            server.handoffs.handOff(loser, winner, resolve.reason()); // told once the state is on its way
            return;
        }
        server.tell(new ClusterRegistryEvent.Conflict(
                server.registry(), loser.key(), winner.pid(), loser.pid(), resolve.action()));
        server.view.remove(loser);
        server.forgetIfNone(loser.pid());
        server.broadcast(new Lost(
                server.registry(),
                server.self().self(),
                loser,
                winner,
                resolve.action(),
                ClusterRegistryEvent.HandOver.NONE));
        if (resolve.action() == Resolution.Action.STOP) {
            server.self().exit(loser.pid(), resolve.reason());
        } else {
            server.self()
                    .send(loser.pid(), new ConflictLost(server.registry(), loser.key(), loser.pid(), winner.pid()));
        }
    }
}
