package io.otp4j.cluster;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * What the servers of a {@link ClusterRegistry} tell each other across nodes: on the allow-list of every node
 * (otp4j's own messages). Each names its registry and the sending server, whose node owns the entries it carries,
 * except {@link Resolve}, the coordinator's decision sent to a loser's node, and {@link HandedState}, which names
 * the winner it is for.
 */
final class RegistryProtocol {

    private RegistryProtocol() {}

    /** The class names of the protocol's messages and of what they carry, for the allow-list. */
    static final Set<String> NAMES = Set.of(
            Discover.class.getName(),
            Sync.class.getName(),
            Partial.class.getName(),
            Registered.class.getName(),
            Unregistered.class.getName(),
            Resolve.class.getName(),
            Lost.class.getName(),
            HandedState.class.getName(),
            ClusterRegistryEvent.HandOver.class.getName(),
            ClusterEntry.class.getName(),
            Resolution.Action.class.getName(),
            ConflictLost.class.getName(),
            ClusterRegistryEvent.Registered.class.getName(),
            ClusterRegistryEvent.Unregistered.class.getName(),
            ClusterRegistryEvent.Conflict.class.getName());

    /**
     * A server that has just learnt of the receiver's node: here are all the entries my node owns (they replace
     * whatever the receiver held for it); answer with yours.
     */
    public record Discover(String registry, Pid peer, List<ClusterEntry<?, ?>> entries) {
        /** Checks and copies the arguments. */
        public Discover {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            entries = List.copyOf(entries);
        }
    }

    /**
     * A part of the sender node's entries that did not fit in the frame of the {@link Discover} or {@link Sync} that
     * follows it: the receiver keeps it, and takes it with that message as one list.
     */
    public record Partial(String registry, Pid peer, List<ClusterEntry<?, ?>> entries) {
        /** Checks and copies the arguments. */
        public Partial {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            entries = List.copyOf(entries);
        }
    }

    /** All the entries the sender's node owns: they replace whatever the receiver held for that node. */
    public record Sync(String registry, Pid peer, List<ClusterEntry<?, ?>> entries) {
        /** Checks and copies the arguments. */
        public Sync {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            entries = List.copyOf(entries);
        }
    }

    /** A process of the sender's node registered. */
    public record Registered(String registry, Pid peer, ClusterEntry<?, ?> entry) {
        /** Checks and copies the arguments. */
        public Registered {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(entry, "entry");
        }
    }

    /** Entries of the sender's node went away: unregistered, or their process exited. */
    public record Unregistered(String registry, Pid peer, List<ClusterEntry<?, ?>> entries) {
        /** Checks and copies the arguments. */
        public Unregistered {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            entries = List.copyOf(entries);
        }
    }

    /**
     * The coordinator's decision on a conflict, to the node that owns {@code loser}: it gives the key up to {@code
     * winner}, as {@code action} says. Idempotent: a loser that is gone already is not acted on again.
     */
    public record Resolve(
            String registry,
            Pid coordinator,
            ClusterEntry<?, ?> winner,
            ClusterEntry<?, ?> loser,
            Resolution.Action action,
            ExitReason reason) {
        /** Checks and copies the arguments. */
        public Resolve {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(coordinator, "coordinator");
            Objects.requireNonNull(winner, "winner");
            Objects.requireNonNull(loser, "loser");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * An entry of the sender's node lost a conflict to {@code winner} and went away; {@code handOver} says what
     * became of its state.
     */
    public record Lost(
            String registry,
            Pid peer,
            ClusterEntry<?, ?> loser,
            ClusterEntry<?, ?> winner,
            Resolution.Action action,
            ClusterRegistryEvent.HandOver handOver) {
        /** Checks and copies the arguments. */
        public Lost {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(loser, "loser");
            Objects.requireNonNull(winner, "winner");
            Objects.requireNonNull(action, "action");
            Objects.requireNonNull(handOver, "handOver");
        }
    }

    /**
     * The state {@code loser}, an entry of the sender's node that lost a conflict by a {@link
     * Resolution.Action#HAND_OFF} decision, handed off, to the node of {@code winner}: it gives it to the winner's
     * running process, if that still holds the entry. Sent once per loser (the loser's node carries a decision
     * out once).
     */
    public record HandedState(
            String registry, Pid peer, ClusterEntry<?, ?> winner, ClusterEntry<?, ?> loser, Object state) {
        /** Checks the arguments. */
        public HandedState {
            Objects.requireNonNull(registry, "registry");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(winner, "winner");
            Objects.requireNonNull(loser, "loser");
            Objects.requireNonNull(state, "state");
        }
    }
}
