package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the servers of one {@link DistributedSupervisor} tell each other across nodes: on the allow-list of every
 * node (otp4j's own messages). Each names the supervisor and the sending server; a server speaks only for the
 * children of its own node (ADR 29).
 */
final class SupervisorProtocol {

    private SupervisorProtocol() {}

    /** The class names of the protocol's messages, for the allow-list. */
    static final Set<String> NAMES = Set.of(
            Spec.class.getName(),
            Discover.class.getName(),
            Sync.class.getName(),
            Partial.class.getName(),
            Add.class.getName(),
            Remove.class.getName(),
            Held.class.getName(),
            Released.class.getName(),
            Transfer.class.getName(),
            Accepted.class.getName(),
            Leaving.class.getName());

    /**
     * A child's spec, the same on every node: its id, the name of its kind and the argument of its factory. {@code
     * origin} (the creating node, its server's life and a count) tells apart two specs of one id made on the two sides of a
     * split: the smaller origin wins after the heal.
     */
    public record Spec(String id, String kind, Object argument, String origin) {
        /** Checks and copies the arguments. */
        public Spec {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(argument, "argument");
            Objects.requireNonNull(origin, "origin");
        }
    }

    /** A server that has just learnt of the receiver's node: all the specs it knows, and the children its node runs. */
    public record Discover(String name, Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        /** Checks and copies the arguments. */
        public Discover {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            specs = Map.copyOf(specs);
            held = Map.copyOf(held);
        }
    }

    /** The answer to a {@link Discover}: the same content; the held children replace what the receiver knew. */
    public record Sync(String name, Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        /** Checks and copies the arguments. */
        public Sync {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            specs = Map.copyOf(specs);
            held = Map.copyOf(held);
        }
    }

    /**
     * A part of the sender's state that did not fit in the frame of the {@link Discover} or {@link Sync} that follows
     * it: the receiver keeps it, and takes it with that message as one state.
     */
    public record Partial(String name, Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        /** Checks and copies the arguments. */
        public Partial {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            specs = Map.copyOf(specs);
            held = Map.copyOf(held);
        }
    }

    /** A new child, started through the sender. */
    public record Add(String name, Pid peer, Spec spec) {
        /** Checks and copies the arguments. */
        public Add {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(spec, "spec");
        }
    }

    /** A child terminated through the sender: it goes everywhere. */
    public record Remove(String name, Pid peer, String id) {
        /** Checks and copies the arguments. */
        public Remove {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(id, "id");
        }
    }

    /** The sender's node runs child {@code id} as {@code pid} (a start, a restart, or a move in). */
    public record Held(String name, Pid peer, String id, Pid pid) {
        /** Checks and copies the arguments. */
        public Held {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** The sender's node no longer runs child {@code id}; {@code to} does now (empty when it was terminated). */
    public record Released(String name, Pid peer, String id, String to) {
        /** Checks and copies the arguments. */
        public Released {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(to, "to");
        }
    }

    /**
     * A child moving to the receiver: its spec and, if its server implements {@link Handoff}, what {@link
     * Handoff#handOff} gave (a list of that one value; empty when there is none).
     */
    public record Transfer(String name, Pid peer, Spec spec, List<Object> state) {
        /** Checks and copies the arguments. */
        public Transfer {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(spec, "spec");
            state = List.copyOf(state);
        }
    }

    /** The receiver of a {@link Transfer} runs the child now (or ran it already). */
    public record Accepted(String name, Pid peer, String id) {
        /** Checks and copies the arguments. */
        public Accepted {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(id, "id");
        }
    }

    /** The sender's node is leaving: no child is placed on it any more; it hands over the ones it has. */
    public record Leaving(String name, Pid peer) {
        /** Checks and copies the arguments. */
        public Leaving {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(peer, "peer");
        }
    }
}
