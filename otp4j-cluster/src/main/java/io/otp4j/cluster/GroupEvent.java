package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.List;
import java.util.Objects;

/**
 * A message to a watcher of {@link ProcessGroups} ({@link ProcessGroups#monitorScope} or {@link
 * ProcessGroups#monitor}): {@code pids} joined or left {@code group} of {@code scope}, on any node (Erlang's {@code
 * {Ref, join | leave, Group, Pids}}). A process that joined twice is listed twice.
 *
 * @param scope the scope's name
 * @param group the group
 * @param kind whether the pids joined or left
 * @param pids the pids, in the order they joined or left
 */
public record GroupEvent(String scope, String group, Kind kind, List<Pid> pids) {

    /** Whether the pids joined or left. */
    public enum Kind {
        /** The pids joined the group. */
        JOIN,
        /** The pids left the group, by {@code leave}, by exiting, or because their node or scope went away. */
        LEAVE
    }

    /** Checks and copies the arguments. */
    public GroupEvent {
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(kind, "kind");
        pids = List.copyOf(pids);
    }
}
