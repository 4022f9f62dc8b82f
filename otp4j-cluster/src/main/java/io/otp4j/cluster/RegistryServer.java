package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.cluster.ClusterRegistry.Keys;
import io.otp4j.cluster.RegistryProtocol.Discover;
import io.otp4j.cluster.RegistryProtocol.HandedState;
import io.otp4j.cluster.RegistryProtocol.Lost;
import io.otp4j.cluster.RegistryProtocol.Partial;
import io.otp4j.cluster.RegistryProtocol.Registered;
import io.otp4j.cluster.RegistryProtocol.Resolve;
import io.otp4j.cluster.RegistryProtocol.Sync;
import io.otp4j.cluster.RegistryProtocol.Unregistered;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One node's server of one {@link ClusterRegistry}: the only writer of the registry's view on this node (ADR 28).
 * It registers and monitors this node's registrants, tells the servers of the other nodes of each change and
 * applies theirs (each node owns its entries, as {@link GroupsServer} does for groups); a peer's node or server
 * that goes away takes that node's entries with it. While its node is the coordinator, it also decides the
 * conflicts on unique keys ({@link RegistryConflicts}).
 */
final class RegistryServer implements GenServer<RegistryServer, RegistryServer.Req<?>, NoCast> {

    private static final System.Logger LOG = System.getLogger(ClusterRegistry.class.getName());

    /** The calls of the local API. */
    sealed interface Req<R> extends Call<R> {}

    /** Registers {@code pid}, a process of this node; the reply is the holder of a unique key that is taken. */
    record Register(Pid pid, Object key, Object value) implements Req<Optional<Pid>> {}

    /** Removes every entry of {@code pid} under {@code key}; the reply is how many went. */
    record Unregister(Pid pid, Object key) implements Req<Integer> {}

    private final Cluster cluster;
    private final String registry;
    private final String name;
    private final Keys keys;
    private final List<Pid> listeners;
    private final RegistryConflicts conflicts;
    /** The hand-overs of conflicts' losers' states, to and from this node. */
    final RegistryHandoffs handoffs;

    /** The published view, read without the server. */
    final RegistryView view;

    // The server's own state, on its thread only.
    private @Nullable ProcessContext self;
    private long incarnation;
    private long sequence;
    private final Map<Pid, MonitorRef> registrants = new HashMap<>();

    /** What each peer server sent of its entries in {@link Partial}s, until its Discover or Sync completes them. */
    private final Map<Pid, List<ClusterEntry<?, ?>>> partials = new HashMap<>();

    private final PeerServers peers = new PeerServers();

    RegistryServer(Cluster cluster, String registry, String name, Keys keys, ClusterRegistryOptions<?, ?> options) {
        this.cluster = cluster;
        this.registry = registry;
        this.name = name;
        this.keys = keys;
        this.listeners = options.listeners();
        this.view = new RegistryView(registry, this::tell);
        this.conflicts = new RegistryConflicts(this, options.resolver());
        this.handoffs = new RegistryHandoffs(this);
    }

    ProcessContext self() {
        return Objects.requireNonNull(self, "the registry server has started");
    }

    String here() {
        return cluster.node().name();
    }

    String registry() {
        return registry;
    }

    @Override
    public Init<RegistryServer> init(ProcessContext context) {
        this.self = context;
        this.incarnation = System.currentTimeMillis();
        cluster.monitorNodes(context.self());
        for (String other : cluster.nodes()) {
            cluster.send(other, name, new Discover(registry, context.self(), List.of()));
        }
        return Init.ok(this);
    }

    // ------------------------------------------------------------------ the local API

    @Override
    public CallResult<RegistryServer> handleCall(Req<?> request, From from, RegistryServer state) {
        return switch (request) {
            case Register register -> reply(register, register(register), this);
            case Unregister unregister -> reply(unregister, unregister(unregister.pid(), unregister.key()), this);
        };
    }

    private Optional<Pid> register(Register register) {
        if (keys == Keys.UNIQUE) {
            for (ClusterEntry<?, ?> held : view.byKey.getOrDefault(register.key(), List.of())) {
                if (!held.node().equals(here()) || cluster.node().isAlive(held.pid())) {
                    return Optional.of(held.pid());
                }
                registrantExited(held.pid()); // its Down is on its way: it goes now, not after a conflict
            }
        }
        registrants.computeIfAbsent(register.pid(), p -> self().monitor(p));
        ClusterEntry<?, ?> entry = new ClusterEntry<>(
                register.key(), register.pid(), register.value(), System.currentTimeMillis(), incarnation, ++sequence);
        view.add(entry);
        broadcast(new Registered(registry, self().self(), entry));
        conflicts.check(List.of(entry.key()));
        return Optional.empty();
    }

    private int unregister(Pid pid, Object key) {
        List<ClusterEntry<?, ?>> gone = new ArrayList<>();
        for (ClusterEntry<?, ?> entry : view.owned(here())) {
            if (entry.pid().equals(pid) && entry.key().equals(key)) {
                view.remove(entry);
                gone.add(entry);
            }
        }
        forgetIfNone(pid);
        if (!gone.isEmpty()) {
            broadcast(new Unregistered(registry, self().self(), gone));
        }
        return gone.size();
    }

    // ------------------------------------------------------------------ what comes from elsewhere

    @Override
    public Result<RegistryServer> handleInfo(Object message, RegistryServer state) {
        switch (message) {
            case Partial partial
            when partial.registry().equals(registry) ->
                partials.computeIfAbsent(partial.peer(), p -> new ArrayList<>()).addAll(partial.entries());
            case Discover discover
            when discover.registry().equals(registry) && !upHere(discover.peer()) ->
                partials.remove(discover.peer()); // dropped: this node's NodeUp for its node asks again
            case Discover discover
            when discover.registry().equals(registry) -> {
                meet(discover.peer());
                // The answer first: taking the peer's entries may decide a conflict and send it a Resolve, which
                // must come after this node's entries, so that the peer knows this node when it carries it out.
                sendEntries(Sync::new, m -> self().send(discover.peer(), m));
                replace(discover.peer(), withPartials(discover.peer(), discover.entries()));
            }
            case Sync sync
            when sync.registry().equals(registry) && !upHere(sync.peer()) ->
                partials.remove(sync.peer()); // dropped: this node's NodeUp for its node asks again
            case Sync sync
            when sync.registry().equals(registry) -> {
                boolean met = meet(sync.peer());
                if (met) {
                    // Met through its answer: changes made here since it asked went only to the peers known then.
                    // Sent before the peer's entries are taken, for the reason the Discover's answer is.
                    sendEntries(Sync::new, m -> self().send(sync.peer(), m));
                }
                replace(sync.peer(), withPartials(sync.peer(), sync.entries()));
            }
            case Registered registered
            when registered.registry().equals(registry) && fromPeer(registered.peer(), List.of(registered.entry())) -> {
                view.add(registered.entry());
                conflicts.check(List.of(registered.entry().key()));
            }
            case Unregistered unregistered
            when unregistered.registry().equals(registry) && fromPeer(unregistered.peer(), unregistered.entries()) -> {
                unregistered.entries().forEach(view::remove);
                conflicts.check(keysOf(unregistered.entries()));
            }
            case Lost lost
            when lost.registry().equals(registry) && fromPeer(lost.peer(), List.of(lost.loser())) -> {
                ClusterEntry<?, ?> loser = view.get(lost.loser().id());
                if (loser != null || lost.action() == Resolution.Action.HAND_OFF) {
                    // A loser that hands off leaves its node's entries before its Lost: a Sync may come first.
                    tell(new ClusterRegistryEvent.Conflict(
                            registry,
                            lost.loser().key(),
                            lost.winner().pid(),
                            lost.loser().pid(),
                            lost.action(),
                            lost.handOver()));
                }
                if (loser != null) {
                    view.remove(loser);
                }
                conflicts.check(List.of(lost.loser().key()));
            }
            case Resolve resolve
            when resolve.registry().equals(registry) -> {
                conflicts.carryOut(resolve);
                conflicts.check(List.of(resolve.loser().key()));
            }
            case HandedState handed
            when handed.registry().equals(registry) && fromPeer(handed.peer(), List.of(handed.loser())) ->
                handoffs.received(handed);
            case RegistryHandoffs.Done done -> {
                handoffs.done(done);
                conflicts.check(List.of(done.loser().key()));
            }
            case NodeUp up -> {
                sendEntries(Discover::new, m -> cluster.send(up.node(), name, m));
                conflicts.membershipChanged(view.contested()); // the coordinator may have changed
            }
            case NodeDown down -> {
                lost(down.node());
                conflicts.membershipChanged(view.contested());
            }
            case Down down -> down(down);
            default -> {
                // Anything else is not for a registry server: dropped.
            }
        }
        return noReply(this);
    }

    /** {@return whether a peer's message names only entries of the peer's own node} (a node speaks for itself only) */
    private static boolean fromPeer(Pid peer, List<ClusterEntry<?, ?>> entries) {
        return entries.stream().allMatch(entry -> entry.node().equals(peer.node()));
    }

    private static List<Object> keysOf(Collection<ClusterEntry<?, ?>> entries) {
        return entries.stream().<Object>map(ClusterEntry::key).toList();
    }

    private void replace(Pid peer, List<ClusterEntry<?, ?>> entries) {
        List<ClusterEntry<?, ?>> theirs = entries.stream()
                .filter(entry -> entry.node().equals(peer.node()))
                .toList();
        List<Object> touched = new ArrayList<>(keysOf(view.owned(peer.node())));
        view.replace(peer.node(), theirs);
        touched.addAll(keysOf(theirs));
        conflicts.check(touched);
    }

    /**
     * {@return whether {@code peer}'s node is up for this node's cluster now} After a merge each side installs the
     * new view in its own time, so a peer's {@link Discover} or {@link Sync} can come before this node sees the
     * peer's node come up. Meeting the peer then would monitor it while its node is not connected here: the monitor
     * fires {@code noconnection} at once, the peer is forgotten as soon as met, and what this node broadcasts
     * meanwhile (the {@link Lost} of a conflict it carried out) never reaches it. Such a message is dropped instead:
     * this node's {@code NodeUp} for the peer's node sends a {@link Discover}, and the peer's answer brings the
     * same entries.
     */
    private boolean upHere(Pid peer) {
        return cluster.nodes().contains(peer.node());
    }

    /** {@return whether {@code peer} is new}: it is then known, and monitored */
    private boolean meet(Pid peer) {
        return peers.meet(self(), peer, this::lost); // a new server (or a new life of the node) replaces the old one
    }

    private void down(Down down) {
        Pid pid = down.pid();
        if (registrants.remove(pid, down.ref())) {
            registrantExited(pid);
        } else {
            peers.down(down, node -> {
                view.drop(node);
                conflicts.membershipChanged(view.contested());
            });
        }
    }

    /** Every entry of {@code pid}, a process of this node that exited, goes. */
    private void registrantExited(Pid pid) {
        List<ClusterEntry<?, ?>> gone = new ArrayList<>();
        for (ClusterEntry<?, ?> entry : view.owned(here())) {
            if (entry.pid().equals(pid)) {
                view.remove(entry);
                gone.add(entry);
            }
        }
        forgetIfNone(pid);
        if (!gone.isEmpty()) {
            broadcast(new Unregistered(registry, self().self(), gone));
        }
    }

    /** A message that carries a node's entries: {@link Discover} or {@link Sync}. */
    @FunctionalInterface
    private interface EntriesMessage {
        Object make(String registry, Pid peer, List<ClusterEntry<?, ?>> entries);
    }

    /**
     * Sends this node's entries through {@code to}: in {@link Partial}s that each fit in half a frame, then the
     * message {@code last} makes with the rest, which the receiver takes with the partials as one list.
     */
    private void sendEntries(EntriesMessage last, Consumer<Object> to) {
        List<List<ClusterEntry<?, ?>>> parts =
                Parts.of(view.owned(here()), cluster::encodedSize, Parts.budget(cluster));
        for (int i = 0; i < parts.size() - 1; i++) {
            to.accept(new Partial(registry, self().self(), parts.get(i)));
        }
        to.accept(last.make(registry, self().self(), parts.get(parts.size() - 1)));
    }

    /** {@return what {@code peer} sent in {@link Partial}s before {@code entries}, followed by them} */
    private List<ClusterEntry<?, ?>> withPartials(Pid peer, List<ClusterEntry<?, ?>> entries) {
        List<ClusterEntry<?, ?>> before = partials.remove(peer);
        if (before == null) {
            return entries;
        }
        before.addAll(entries);
        return before;
    }

    private void lost(String node) {
        partials.keySet().removeIf(pid -> pid.node().equals(node));
        peers.forget(self(), node);
        view.drop(node);
    }

    /** Stops watching {@code pid} if it holds no entry any more. */
    void forgetIfNone(Pid pid) {
        if (view.byPid.containsKey(pid)) {
            return;
        }
        MonitorRef ref = registrants.remove(pid);
        if (ref != null) {
            self().demonitor(ref, true);
        }
    }

    /** {@return the registry server of {@code node}, if this one has met it} */
    @Nullable
    Pid peer(String node) {
        return peers.of(node);
    }

    /**
     * {@return whether this node decides the conflicts now}: the first member of the installed view that runs this
     * registry (this node, or a node whose server this one has met); every member agrees on the view's order.
     */
    boolean coordinating() {
        for (String member : cluster.route().viewOrder()) {
            if (member.equals(here())) {
                return true;
            }
            if (peers.has(member)) {
                return false;
            }
        }
        return false;
    }

    boolean unique() {
        return keys == Keys.UNIQUE;
    }

    void broadcast(Object message) {
        peers.broadcast(self(), message);
    }

    /** Tells every listener of {@code event}; one that cannot take it is logged and skipped. */
    void tell(ClusterRegistryEvent event) {
        for (Pid listener : listeners) {
            try {
                self().send(listener, event);
            } catch (OtpException e) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "cluster registry {0} could not tell listener {1} of {2}: {3}",
                        registry,
                        listener,
                        event,
                        e);
            }
        }
    }
}
