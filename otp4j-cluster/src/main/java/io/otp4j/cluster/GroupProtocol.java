package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What the scope servers of {@link ProcessGroups} tell each other across nodes: on the allow-list of every node
 * (otp4j's own messages). Each names its scope and the sending scope server, whose node owns the pids it carries.
 */
final class GroupProtocol {

    private GroupProtocol() {}

    /** The class names of the protocol's messages, for the allow-list. */
    static final Set<String> NAMES = Set.of(
            Discover.class.getName(),
            Sync.class.getName(),
            More.class.getName(),
            Joined.class.getName(),
            Left.class.getName());

    /**
     * A scope server that has just learnt of the receiver's node: here are all the members my node has (they
     * replace whatever the receiver held for it); answer with yours. Both sides send one when they meet, so each
     * learns the other's members even if the answer finds the other side's view not yet updated.
     */
    public record Discover(String scope, Pid peer, Map<String, List<Pid>> groups) {
        /** Checks and copies the arguments. */
        public Discover {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(peer, "peer");
            groups = Map.copyOf(groups);
        }
    }

    /** All the members the sender's node has, by group: they replace whatever the receiver held for that node. */
    public record Sync(String scope, Pid peer, Map<String, List<Pid>> groups) {
        /** Checks and copies the arguments. */
        public Sync {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(peer, "peer");
            groups = Map.copyOf(groups);
        }
    }

    /**
     * More of the sender node's members, after a {@link Discover} or {@link Sync} that could not carry them all in one
     * frame: they add to what the receiver holds for that node.
     */
    public record More(String scope, Pid peer, Map<String, List<Pid>> groups) {
        /** Checks and copies the arguments. */
        public More {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(peer, "peer");
            groups = Map.copyOf(groups);
        }
    }

    /** Processes of the sender's node joined {@code group}. */
    public record Joined(String scope, Pid peer, String group, List<Pid> pids) {
        /** Checks and copies the arguments. */
        public Joined {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(group, "group");
            pids = List.copyOf(pids);
        }
    }

    /** Processes of the sender's node left {@code group}. */
    public record Left(String scope, Pid peer, String group, List<Pid> pids) {
        /** Checks and copies the arguments. */
        public Left {
            Objects.requireNonNull(scope, "scope");
            Objects.requireNonNull(peer, "peer");
            Objects.requireNonNull(group, "group");
            pids = List.copyOf(pids);
        }
    }
}
