package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.cluster.GroupEvent.Kind;
import io.otp4j.cluster.GroupProtocol.Discover;
import io.otp4j.cluster.GroupProtocol.Joined;
import io.otp4j.cluster.GroupProtocol.Left;
import io.otp4j.cluster.GroupProtocol.More;
import io.otp4j.cluster.GroupProtocol.Sync;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * One node's server of one {@link ProcessGroups} scope: the only writer of the scope's view on this node. It keeps
 * the local members (monitored, so that an exit leaves every group), tells the scope servers of the other nodes
 * of each change, and applies theirs; a peer's node or server that goes away takes that node's members with it.
 *
 * <p>Consistency: each node's members are owned by that node's server, and every change it sends follows, in
 * order, the full list it sent when it met the receiver; so the views of two connected nodes agree once their
 * messages have arrived, with no conflict to resolve (a group has no unique holder).
 */
final class GroupsServer implements GenServer<GroupsServer, GroupsServer.Req<?>, NoCast> {

    /** The calls of the local API. */
    sealed interface Req<R> extends Call<R> {}

    record Join(String group, List<Pid> pids) implements Req<Boolean> {}

    record Leave(String group, List<Pid> pids) implements Req<Boolean> {}

    record WatchScope(Pid watcher) implements Req<Map<String, List<Pid>>> {}

    record WatchGroup(Pid watcher, String group) implements Req<List<Pid>> {}

    record Unwatch(Pid watcher) implements Req<Boolean> {}

    private final Cluster cluster;
    private final String scope;
    private final String name;

    /** The published view, read without the server: every member by group, and this node's own. */
    final Map<String, List<Pid>> all = new ConcurrentHashMap<>();

    final Map<String, List<Pid>> local = new ConcurrentHashMap<>();

    // The server's own state, on its thread only.
    private @Nullable ProcessContext self;
    private final Map<String, Map<String, List<Pid>>> byNode = new HashMap<>();
    private final Map<Pid, MonitorRef> memberMonitors = new HashMap<>();
    private final PeerServers peers = new PeerServers();
    private final Map<Pid, MonitorRef> scopeWatchers = new HashMap<>();
    private final Map<Pid, Set<String>> groupWatchers = new HashMap<>();
    private final Map<Pid, MonitorRef> groupWatcherMonitors = new HashMap<>();

    GroupsServer(Cluster cluster, String scope, String name) {
        this.cluster = cluster;
        this.scope = scope;
        this.name = name;
    }

    private ProcessContext self() {
        return Objects.requireNonNull(self, "the scope server has started");
    }

    private String here() {
        return cluster.node().name();
    }

    @Override
    public Init<GroupsServer> init(ProcessContext context) {
        this.self = context;
        cluster.monitorNodes(context.self());
        for (String other : cluster.nodes()) {
            cluster.send(other, name, new Discover(scope, context.self(), Map.of()));
        }
        return Init.ok(this);
    }

    // ------------------------------------------------------------------ the local API

    @Override
    public CallResult<GroupsServer> handleCall(Req<?> request, From from, GroupsServer state) {
        return switch (request) {
            case Join join -> reply(join, join(join.group(), join.pids()), this);
            case Leave leave -> reply(leave, leave(leave.group(), leave.pids()), this);
            case WatchScope watch -> {
                scopeWatchers.computeIfAbsent(watch.watcher(), w -> self().monitor(w));
                yield reply(watch, Map.copyOf(all), this);
            }
            case WatchGroup watch -> {
                groupWatchers
                        .computeIfAbsent(watch.watcher(), w -> new HashSet<>())
                        .add(watch.group());
                groupWatcherMonitors.computeIfAbsent(watch.watcher(), w -> self().monitor(w));
                yield reply(watch, all.getOrDefault(watch.group(), List.of()), this);
            }
            case Unwatch unwatch -> reply(unwatch, unwatch(unwatch.watcher()), this);
        };
    }

    private boolean join(String group, List<Pid> pids) {
        for (Pid pid : pids) {
            memberMonitors.computeIfAbsent(pid, p -> self().monitor(p));
        }
        add(here(), group, pids);
        broadcast(new Joined(scope, self().self(), group, pids));
        return true;
    }

    /** Removes one membership of each of {@code pids}; {@return false if any was not a member} */
    private boolean leave(String group, List<Pid> pids) {
        List<Pid> left = remove(here(), group, pids);
        for (Pid pid : left) {
            forgetIfNoGroup(pid);
        }
        if (!left.isEmpty()) {
            broadcast(new Left(scope, self().self(), group, left));
        }
        return left.size() == pids.size();
    }

    private boolean unwatch(Pid watcher) {
        MonitorRef a = scopeWatchers.remove(watcher);
        MonitorRef b = groupWatcherMonitors.remove(watcher);
        groupWatchers.remove(watcher);
        if (a != null) {
            self().demonitor(a, true);
        }
        if (b != null) {
            self().demonitor(b, true);
        }
        return a != null || b != null;
    }

    // ------------------------------------------------------------------ what comes from elsewhere

    @Override
    public Result<GroupsServer> handleInfo(Object message, GroupsServer state) {
        switch (message) {
            case Discover discover
            when discover.scope().equals(scope) -> {
                meet(discover.peer());
                replace(discover.peer().node(), discover.groups());
                sendGroups(groups -> new Sync(scope, self().self(), groups), m -> self().send(discover.peer(), m));
            }
            case Sync sync
            when sync.scope().equals(scope) -> {
                boolean met = meet(sync.peer());
                replace(sync.peer().node(), sync.groups());
                if (met) {
                    // Met through its answer: it may have asked before this node had members, and changes made
                    // here since went only to the peers known then. It gets this node's list now.
                    sendGroups(groups -> new Sync(scope, self().self(), groups), m -> self().send(sync.peer(), m));
                }
            }
            case More more
            when more.scope().equals(scope) ->
                more.groups().forEach((group, pids) -> {
                    if (fromPeer(more.peer(), pids)) {
                        add(more.peer().node(), group, pids);
                    }
                });
            case Joined joined
            when joined.scope().equals(scope) && fromPeer(joined.peer(), joined.pids()) ->
                add(joined.peer().node(), joined.group(), joined.pids());
            case Left left
            when left.scope().equals(scope) && fromPeer(left.peer(), left.pids()) ->
                remove(left.peer().node(), left.group(), left.pids());
            case NodeUp up ->
                sendGroups(groups -> new Discover(scope, self().self(), groups), m -> cluster.send(up.node(), name, m));
            case NodeDown down -> lost(down.node());
            case Down down -> down(down);
            default -> {
                // Anything else is not for a scope server: dropped.
            }
        }
        return noReply(this);
    }

    /** {@return whether a peer's message names only pids of the peer's own node} (a node speaks for itself only) */
    private static boolean fromPeer(Pid peer, List<Pid> pids) {
        return pids.stream().allMatch(pid -> pid.node().equals(peer.node()));
    }

    /** {@return whether {@code peer} is new}: it is then known, and monitored */
    private boolean meet(Pid peer) {
        return peers.meet(self(), peer, this::lost); // a new server (or a new life of the node) replaces the old one
    }

    private void down(Down down) {
        Pid pid = down.pid();
        if (memberMonitors.remove(pid, down.ref())) {
            Map<String, List<Pid>> mine = byNode.getOrDefault(here(), Map.of());
            for (String group : List.copyOf(mine.keySet())) {
                List<Pid> hers = new ArrayList<>();
                for (Pid member : mine.getOrDefault(group, List.of())) {
                    if (member.equals(pid)) {
                        hers.add(member);
                    }
                }
                if (!hers.isEmpty()) {
                    remove(here(), group, hers);
                    broadcast(new Left(scope, self().self(), group, hers));
                }
            }
        } else if (!peers.down(down, this::drop)
                && (scopeWatchers.remove(pid, down.ref()) || groupWatcherMonitors.remove(pid, down.ref()))) {
            unwatch(pid);
        }
    }

    private void lost(String node) {
        peers.forget(self(), node);
        drop(node);
    }

    // ------------------------------------------------------------------ the view

    /**
     * Sends this node's members through {@code to}: as much as a frame holds in the message {@code first} makes
     * (which replaces what the receiver holds for this node), the rest in {@link More} messages (which add), in order.
     */
    private void sendGroups(Function<Map<String, List<Pid>>, Object> first, Consumer<Object> to) {
        List<Map.Entry<String, Pid>> memberships = new ArrayList<>();
        byNode.getOrDefault(here(), Map.of())
                .forEach((group, pids) -> pids.forEach(pid -> memberships.add(Map.entry(group, pid))));
        List<List<Map.Entry<String, Pid>>> parts = Parts.of(memberships, GroupsServer::bytes, Parts.budget(cluster));
        for (int i = 0; i < parts.size(); i++) {
            Map<String, List<Pid>> groups = new HashMap<>();
            for (Map.Entry<String, Pid> membership : parts.get(i)) {
                groups.computeIfAbsent(membership.getKey(), g -> new ArrayList<>())
                        .add(membership.getValue());
            }
            groups.replaceAll((group, pids) -> List.copyOf(pids));
            to.accept(i == 0 ? first.apply(groups) : new More(scope, self().self(), groups));
        }
    }

    /** {@return at least the bytes a membership takes in a frame}: its group's name and its pid, in UTF-8 at worst */
    private static int bytes(Map.Entry<String, Pid> membership) {
        return 3 * membership.getKey().length()
                + 3 * membership.getValue().node().length()
                + 32;
    }

    private void add(String node, String group, List<Pid> pids) {
        if (pids.isEmpty()) {
            return;
        }
        Map<String, List<Pid>> groups = byNode.computeIfAbsent(node, n -> new HashMap<>());
        List<Pid> members = new ArrayList<>(groups.getOrDefault(group, List.of()));
        members.addAll(pids);
        groups.put(group, List.copyOf(members));
        publish(group);
        notify(group, Kind.JOIN, pids);
    }

    /** Removes one occurrence of each of {@code pids}; {@return those that were there} */
    private List<Pid> remove(String node, String group, List<Pid> pids) {
        Map<String, List<Pid>> groups = byNode.get(node);
        List<Pid> gone = new ArrayList<>();
        if (groups == null || !groups.containsKey(group)) {
            return gone;
        }
        List<Pid> members = new ArrayList<>(groups.get(group));
        for (Pid pid : pids) {
            if (members.remove(pid)) {
                gone.add(pid);
            }
        }
        if (members.isEmpty()) {
            groups.remove(group);
        } else {
            groups.put(group, List.copyOf(members));
        }
        if (!gone.isEmpty()) {
            publish(group);
            notify(group, Kind.LEAVE, gone);
        }
        return gone;
    }

    /** A peer's full list: whatever the node had before goes, what it has now comes. */
    private void replace(String node, Map<String, List<Pid>> now) {
        Map<String, List<Pid>> before = byNode.getOrDefault(node, Map.of());
        Set<String> groups = new HashSet<>(before.keySet());
        groups.addAll(now.keySet());
        for (String group : groups) {
            List<Pid> was = before.getOrDefault(group, List.of());
            List<Pid> is = now.getOrDefault(group, List.of());
            if (!was.equals(is)) {
                remove(node, group, was);
                add(
                        node,
                        group,
                        is.stream().filter(pid -> pid.node().equals(node)).toList());
            }
        }
    }

    /** Every member of {@code node} leaves. */
    private void drop(String node) {
        Map<String, List<Pid>> groups = byNode.get(node);
        if (groups != null) {
            for (Map.Entry<String, List<Pid>> entry : List.copyOf(groups.entrySet())) {
                remove(node, entry.getKey(), entry.getValue());
            }
            byNode.remove(node);
        }
    }

    private void forgetIfNoGroup(Pid pid) {
        for (List<Pid> members : byNode.getOrDefault(here(), Map.of()).values()) {
            if (members.contains(pid)) {
                return;
            }
        }
        MonitorRef ref = memberMonitors.remove(pid);
        if (ref != null) {
            self().demonitor(ref, true);
        }
    }

    private void publish(String group) {
        List<Pid> every = new ArrayList<>();
        for (Map<String, List<Pid>> groups : byNode.values()) {
            every.addAll(groups.getOrDefault(group, List.of()));
        }
        if (every.isEmpty()) {
            all.remove(group);
        } else {
            all.put(group, List.copyOf(every));
        }
        List<Pid> mine = byNode.getOrDefault(here(), Map.of()).get(group);
        if (mine == null) {
            local.remove(group);
        } else {
            local.put(group, mine);
        }
    }

    private void notify(String group, Kind kind, List<Pid> pids) {
        if (scopeWatchers.isEmpty() && groupWatchers.isEmpty()) {
            return;
        }
        GroupEvent event = new GroupEvent(scope, group, kind, pids);
        scopeWatchers.keySet().forEach(watcher -> self().send(watcher, event));
        groupWatchers.forEach((watcher, groups) -> {
            if (groups.contains(group) && !scopeWatchers.containsKey(watcher)) {
                self().send(watcher, event);
            }
        });
    }

    private void broadcast(Object message) {
        peers.broadcast(self(), message);
    }
}
