package io.otp4j.cluster;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Process groups across the cluster (Erlang's {@code pg}): named groups of processes of any node, joined and left
 * by processes of this node, read locally on every node. A scope is a separate set of groups; every node that
 * starts a scope of the same name shares its groups with the others.
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="groups"}
 *
 * <p>A process may join a group several times and is then listed as often; it leaves once per {@link #leave}, and
 * from every group when it exits. The members of a node that leaves the cluster, or whose scope stops, leave with
 * it. Reads ({@link #members}, {@link #localMembers}, {@link #groups}) go to a replicated view without a message
 * or a lock; a change made on this node is in this node's view when {@code join} or {@code leave} returns, and in
 * the other nodes' views as soon as their scope servers have its message (order kept per node). There is no
 * conflict after a partition heals: each node owns its members and sends them again when it meets a node.
 *
 * <p>A scope is a process of this node (registered as {@code otp4j.pg.<scope>}), stopped by {@link #close} or with
 * the node.
 */
public final class ProcessGroups implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final String scope;
    private final GroupsServer server;
    private final GenServerRef<GroupsServer.Req<?>, NoCast> ref;

    private ProcessGroups(
            Cluster cluster, String scope, GroupsServer server, GenServerRef<GroupsServer.Req<?>, NoCast> ref) {
        this.cluster = cluster;
        this.scope = scope;
        this.server = server;
        this.ref = ref;
    }

    /**
     * Starts the scope {@code scope} on {@code cluster}'s node; it meets the same scope on the other nodes.
     *
     * @param cluster the membership of the node the scope runs on
     * @param scope the scope's name: the scopes of this name on every node share their groups
     * @return the scope, running
     * @throws io.otp4j.process.NameTakenException if this node runs that scope already
     */
    public static ProcessGroups start(Cluster cluster, String scope) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(scope, "scope");
        if (scope.isBlank()) {
            throw new IllegalArgumentException("a scope's name is blank");
        }
        String name = serverName(scope);
        GroupsServer server = new GroupsServer(cluster, scope, name);
        GenServerRef<GroupsServer.Req<?>, NoCast> ref =
                GenServer.start(cluster.node(), server, StartOptions.defaults().withName(name));
        return new ProcessGroups(cluster, scope, server, ref);
    }

    static String serverName(String scope) {
        return "otp4j.pg." + scope;
    }

    /** {@return the scope's name} */
    public String scope() {
        return scope;
    }

    /** {@return the pid of this node's scope server} */
    public Pid pid() {
        return ref.pid();
    }

    /**
     * Adds {@code pid}, a process of this node, to {@code group} (once more, if it is a member already).
     *
     * @param group the group's name
     * @param pid a process of this node
     * @throws IllegalArgumentException if {@code pid} is a process of another node (it joins through its own)
     */
    public void join(String group, Pid pid) {
        join(group, List.of(pid));
    }

    /**
     * Adds each of {@code pids}, processes of this node, to {@code group}; see {@link #join(String, Pid)}.
     *
     * @param group the group's name
     * @param pids processes of this node
     */
    public void join(String group, List<Pid> pids) {
        Objects.requireNonNull(group, "group");
        checkLocal(pids);
        ref.call(new GroupsServer.Join(group, List.copyOf(pids)), TIMEOUT);
    }

    /**
     * Removes one membership of {@code pid} in {@code group}. Returns false if it was not a member.
     *
     * @param group the group's name
     * @param pid a process of this node
     * @return whether it was a member
     * @throws IllegalArgumentException if {@code pid} is a process of another node
     */
    public boolean leave(String group, Pid pid) {
        return leave(group, List.of(pid));
    }

    /**
     * Removes one membership of each of {@code pids}; returns false if any of them was not a member.
     *
     * @param group the group's name
     * @param pids processes of this node
     * @return false if any of them was not a member
     */
    public boolean leave(String group, List<Pid> pids) {
        Objects.requireNonNull(group, "group");
        checkLocal(pids);
        return ref.call(new GroupsServer.Leave(group, List.copyOf(pids)), TIMEOUT);
    }

    private void checkLocal(List<Pid> pids) {
        Objects.requireNonNull(pids, "pids");
        Node node = cluster.node();
        for (Pid pid : pids) {
            Objects.requireNonNull(pid, "pid");
            if (!pid.node().equals(node.name())) {
                throw new IllegalArgumentException("only processes of node " + node.name() + " join or leave through"
                        + " its scope " + scope + ", not " + pid + ": it joins through the scope on its own node");
            }
        }
    }

    /**
     * {@return the members of {@code group} on every node, a process once per join} (Erlang's {@code get_members})
     *
     * @param group the group's name
     */
    public List<Pid> members(String group) {
        Objects.requireNonNull(group, "group");
        return server.all.getOrDefault(group, List.of());
    }

    /**
     * {@return the members of {@code group} on this node} (Erlang's {@code get_local_members})
     *
     * @param group the group's name
     */
    public List<Pid> localMembers(String group) {
        Objects.requireNonNull(group, "group");
        return server.local.getOrDefault(group, List.of());
    }

    /** {@return the groups with at least one member on some node} (Erlang's {@code which_groups}) */
    public Set<String> groups() {
        return Set.copyOf(server.all.keySet());
    }

    /**
     * Sends a {@link GroupEvent} to {@code watcher} for every join and leave in the scope from now on, until
     * {@link #demonitor} or the watcher's exit (Erlang's {@code monitor_scope}). Returns the groups and their members
     * now, as of the first event.
     *
     * @param watcher the process that receives the events
     * @return every group of the scope and its members, now
     */
    public Map<String, List<Pid>> monitorScope(Pid watcher) {
        Objects.requireNonNull(watcher, "watcher");
        return ref.call(new GroupsServer.WatchScope(watcher), TIMEOUT);
    }

    /**
     * Sends a {@link GroupEvent} to {@code watcher} for every join and leave in {@code group} from now on (Erlang's
     * {@code monitor}). Returns the group's members now.
     *
     * @param watcher the process that receives the events
     * @param group the group's name
     * @return the group's members, now
     */
    public List<Pid> monitor(Pid watcher, String group) {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(group, "group");
        return ref.call(new GroupsServer.WatchGroup(watcher, group), TIMEOUT);
    }

    /**
     * Stops the events of {@link #monitorScope} and {@link #monitor} for {@code watcher}.
     *
     * @param watcher the process whose events stop
     */
    public void demonitor(Pid watcher) {
        Objects.requireNonNull(watcher, "watcher");
        ref.call(new GroupsServer.Unwatch(watcher), TIMEOUT);
    }

    /** Stops this node's scope: its members leave the groups on every node. */
    @Override
    public void close() {
        if (ref.isAlive()) {
            ref.stop();
        }
    }

    @Override
    public String toString() {
        return "ProcessGroups[" + scope + " on " + cluster.node().name() + "]";
    }
}
