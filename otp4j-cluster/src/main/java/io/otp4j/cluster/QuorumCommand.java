package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The entries of the Raft log of {@link QuorumNames}, and the answers its state machine gives: records encoded
 * with the cluster's codec, on the allow-list of the quorum channel only. A command that names a pid or a node
 * speaks for that node: its commit proves that node was in the majority when it sent it (ADR 30).
 */
final class QuorumCommand {

    private QuorumCommand() {}

    /** The classes of the commands and answers, for the quorum channel's allow-list. */
    static final Set<Class<?>> CLASSES = Set.of(
            Register.class,
            Unregister.class,
            Release.class,
            Exited.class,
            Renew.class,
            Expire.class,
            Held.class,
            Snapshot.class,
            Answer.class,
            Answer.Kind.class);

    /** {@code pid} takes {@code key} with {@code value}, if nobody holds it; {@code token} names this attempt. */
    public record Register(Object key, Pid pid, Object value, long token) {
        /** Checks the arguments. */
        public Register {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code pid} gives {@code key} up, if it holds it. */
    public record Unregister(Object key, Pid pid) {
        /** Checks the arguments. */
        public Unregister {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** The node {@code node} gave up waiting for the registration {@code token}: if it took, it is undone. */
    public record Release(String node, Object key, long token) {
        /** Checks the arguments. */
        public Release {
            Objects.requireNonNull(node, "node");
            Objects.requireNonNull(key, "key");
        }
    }

    /** {@code pid} exited: it gives up every key. */
    public record Exited(Pid pid) {
        /** Checks the argument. */
        public Exited {
            Objects.requireNonNull(pid, "pid");
        }
    }

    /** The node {@code node} is in the majority: its lease goes on. Each renewal has its own {@code serial}. */
    public record Renew(String node, long serial) {
        /** Checks the argument. */
        public Renew {
            Objects.requireNonNull(node, "node");
        }
    }

    /**
     * The leader saw nothing of {@code node} for longer than the grace: its entries go, unless the node's last
     * committed command is no longer the one numbered {@code lastSeen} (then it was heard from since).
     */
    public record Expire(String node, long lastSeen) {
        /** Checks the argument. */
        public Expire {
            Objects.requireNonNull(node, "node");
        }
    }

    /** One entry of the map: {@code key} held by {@code pid} with {@code value}, registered as {@code token}. */
    public record Held(Object key, Pid pid, Object value, long token) {
        /** Checks the arguments. */
        public Held {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(value, "value");
        }
    }

    /** The whole state machine: its entries, how many commands it applied, and each node's last one. */
    public record Snapshot(List<Held> entries, long applied, Map<String, Long> lastSeen) {
        /** Checks and copies the arguments. */
        public Snapshot {
            entries = List.copyOf(entries);
            lastSeen = Map.copyOf(lastSeen);
        }
    }

    /** What the state machine answers a command: done or not, or the key's holder (then its only pid). */
    public record Answer(Kind kind, List<Pid> holder) {
        /** The outcomes. */
        public enum Kind {
            /** The command changed the map. */
            DONE,
            /** The command changed nothing (nothing to remove, or a stale expiry). */
            UNCHANGED,
            /** The key is held by the one pid of {@link Answer#holder()}. */
            TAKEN
        }

        /** Checks the arguments. */
        public Answer {
            Objects.requireNonNull(kind, "kind");
            holder = List.copyOf(holder);
        }

        static final Answer DONE_ANSWER = new Answer(Kind.DONE, List.of());
        static final Answer UNCHANGED_ANSWER = new Answer(Kind.UNCHANGED, List.of());

        static Answer taken(Pid holder) {
            return new Answer(Kind.TAKEN, List.of(holder));
        }
    }
}
