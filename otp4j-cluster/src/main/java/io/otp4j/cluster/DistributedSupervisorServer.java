package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.cluster.SupervisorProtocol.Accepted;
import io.otp4j.cluster.SupervisorProtocol.Add;
import io.otp4j.cluster.SupervisorProtocol.Discover;
import io.otp4j.cluster.SupervisorProtocol.Held;
import io.otp4j.cluster.SupervisorProtocol.Leaving;
import io.otp4j.cluster.SupervisorProtocol.Released;
import io.otp4j.cluster.SupervisorProtocol.Remove;
import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.cluster.SupervisorProtocol.Sync;
import io.otp4j.cluster.SupervisorProtocol.Transfer;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * One node's server of a {@link DistributedSupervisor}: the only writer of its node's view (the specs, who runs
 * what), and the owner of the children its node runs. See ADR 29 for the protocol and why each child runs once.
 */
final class DistributedSupervisorServer
        implements GenServer<DistributedSupervisorServer, DistributedSupervisorServer.Req<?>, NoCast> {

    /** The calls of the local API. */
    sealed interface Req<R> extends Call<R> {}

    /** Start a child; the answer is the node it is placed on, or an error text starting with {@code !}. */
    record StartChild(String id, String kind, Object argument) implements Req<String> {}

    record TerminateChild(String id) implements Req<Boolean> {}

    record Leave() implements Req<Boolean> {}

    /** Spend one move budget now; the answer is how many children moved. */
    record TickNow() implements Req<Integer> {}

    /** A tick of the move budget. */
    record Tick() {}

    record ChildUp(String id, Pid pid) {}

    record LeaveTimeout() {}

    /** A child handed to node {@code to}, not yet accepted there. */
    private record Outgoing(String to, Transfer transfer) {}

    private final Cluster cluster;
    private final String name;
    private final Map<String, ChildFactory> kinds;
    private final DistributedSupervisorConfig config;
    final SupervisorView view;

    // The server's own state, on its thread only.
    private @Nullable ProcessContext self;
    private @Nullable LocalChildren children;
    /** This life of this node's server, so that an origin is never made twice, even after a restart. */
    private final String life;

    private long created;
    private final Map<String, Pid> peers = new HashMap<>();
    private final Map<Pid, MonitorRef> peerMonitors = new HashMap<>();
    private final Set<String> leaving = new HashSet<>();
    /** Children this node handed to another, not yet accepted there: the transfer, kept to send again. */
    private final Map<String, Outgoing> outgoing = new HashMap<>();

    private final LinkedHashSet<String> moves = new LinkedHashSet<>();
    private @Nullable From leaver;
    private @Nullable Leave leave;

    DistributedSupervisorServer(
            Cluster cluster, String name, Map<String, ChildFactory> kinds, DistributedSupervisorConfig config) {
        this.cluster = cluster;
        this.life = cluster.node().name() + "#" + java.util.UUID.randomUUID();
        this.name = name;
        this.kinds = Map.copyOf(kinds);
        this.config = config;
        this.view = new SupervisorView(cluster.node().name(), config.placement());
    }

    Set<String> kindNames() {
        return kinds.keySet();
    }

    private ProcessContext self() {
        return Objects.requireNonNull(self, "the server has started");
    }

    private LocalChildren children() {
        return Objects.requireNonNull(children, "the server has started");
    }

    private String here() {
        return cluster.node().name();
    }

    @Override
    public Init<DistributedSupervisorServer> init(ProcessContext context) {
        this.self = context;
        this.children = new LocalChildren(context, kinds, config.flags());
        cluster.monitorNodes(context.self());
        for (String other : cluster.nodes()) {
            cluster.send(other, name, discover());
        }
        context.sendAfter(context.self(), config.interval(), new Tick());
        return Init.ok(this);
    }

    private Discover discover() {
        return new Discover(name, self().self(), view.specs(), children().running());
    }

    // ------------------------------------------------------------------ the local API

    @Override
    public CallResult<DistributedSupervisorServer> handleCall(
            Req<?> request, From from, DistributedSupervisorServer s) {
        return switch (request) {
            case StartChild start -> reply(start, startChild(start), this);
            case TerminateChild terminate -> {
                boolean known = view.spec(terminate.id()) != null;
                if (known) {
                    removed(terminate.id());
                    broadcast(new Remove(name, self().self(), terminate.id()));
                }
                yield reply(terminate, known, this);
            }
            case TickNow tick -> reply(tick, moveSome(), this);
            case Leave l -> {
                leaver = from;
                leave = l;
                leave();
                yield noReply(this);
            }
        };
    }

    private String startChild(StartChild start) {
        Spec known = view.spec(start.id());
        if (known != null) {
            return "!child id " + start.id() + " is already supervised (kind " + known.kind() + ")";
        }
        Spec spec = new Spec(start.id(), start.kind(), start.argument(), life + "#" + created++);
        String owner = added(spec);
        broadcast(new Add(name, self().self(), spec));
        return owner;
    }

    /** A new spec, from here or from a peer: {@return its owner}, which starts it if that is this node. */
    private String added(Spec spec) {
        view.putSpec(spec);
        String owner = view.owner(spec.id());
        view.hint(spec.id(), owner);
        if (owner.equals(here())) {
            startHere(spec, List.of());
        }
        return owner;
    }

    private void removed(String id) {
        Spec spec = view.spec(id);
        if (spec != null) {
            view.tombstone(spec.origin());
        }
        view.removeSpec(id);
        outgoing.remove(id);
        moves.remove(id);
        if (children().runs(id)) {
            children().terminate(id);
            view.released(here(), id, "");
        }
    }

    private void leave() {
        leaving.add(here());
        view.members(peers.keySet(), leaving);
        broadcast(new Leaving(name, self().self()));
        for (String id : List.copyOf(children().running().keySet())) {
            if (view.hasMembers()) {
                handOff(id, view.owner(id));
            } else {
                children().terminate(id);
            }
        }
        self().sendAfter(self().self(), config.leaveTimeout(), new LeaveTimeout());
        leftIfDone(false);
    }

    private void leftIfDone(boolean timedOut) {
        From from = leaver;
        Leave request = leave;
        if (from != null && request != null && (outgoing.isEmpty() || timedOut)) {
            leaver = null;
            from.reply(request, outgoing.isEmpty());
        }
    }

    // ------------------------------------------------------------------ what comes from elsewhere

    @Override
    public Result<DistributedSupervisorServer> handleInfo(Object message, DistributedSupervisorServer s) {
        switch (message) {
            case Discover discover
            when discover.name().equals(name) -> {
                met(discover.peer(), discover.specs(), discover.held());
                self().send(
                                discover.peer(),
                                new Sync(
                                        name,
                                        self().self(),
                                        view.specs(),
                                        children().running()));
            }
            case Sync sync when sync.name().equals(name) -> met(sync.peer(), sync.specs(), sync.held());
            case Add add
            when add.name().equals(name) && fromPeer(add.peer()) -> {
                Spec known = view.spec(add.spec().id());
                if (view.terminated(add.spec().origin())) {
                    // Terminated here before its Add arrived: it stays terminated.
                } else if (known == null) {
                    added(add.spec());
                } else {
                    settle(known, add.spec());
                }
            }
            case Remove remove when remove.name().equals(name) && fromPeer(remove.peer()) -> removed(remove.id());
            case Held held
            when held.name().equals(name) && fromPeer(held.peer()) -> {
                if (held.pid().node().equals(held.peer().node())) {
                    view.held(held.peer().node(), held.id(), held.pid());
                    duplicate(held.id(), held.peer().node());
                }
            }
            case Released released
            when released.name().equals(name) && fromPeer(released.peer()) ->
                view.released(released.peer().node(), released.id(), released.to());
            case Transfer transfer when transfer.name().equals(name) && fromPeer(transfer.peer()) -> takeOver(transfer);
            case Accepted accepted
            when accepted.name().equals(name) && fromPeer(accepted.peer()) -> {
                if (outgoing.remove(accepted.id()) != null) {
                    if (!children().runs(accepted.id())) { // else a crossing transfer started it here
                        view.released(here(), accepted.id(), accepted.peer().node());
                        broadcast(new Released(
                                name,
                                self().self(),
                                accepted.id(),
                                accepted.peer().node()));
                    }
                    leftIfDone(false);
                }
            }
            case Leaving l
            when l.name().equals(name) && fromPeer(l.peer()) -> {
                leaving.add(l.peer().node());
                view.members(peers.keySet(), leaving);
            }
            case ChildUp up -> {
                Pid before = children().pid(up.id());
                if (before == null) {
                    // A restart that crossed the child's move or termination: that instance must not live on.
                    children().stray(up.id(), up.pid());
                } else if (!up.pid().equals(before) && children().restarted(up.id(), up.pid())) {
                    view.held(here(), up.id(), up.pid());
                    broadcast(new Held(name, self().self(), up.id(), up.pid()));
                }
            }
            case Tick tick -> {
                moveSome();
                self().sendAfter(self().self(), config.interval(), new Tick());
            }
            case LeaveTimeout timeout -> leftIfDone(true);
            case NodeUp up -> cluster.send(up.node(), name, discover());
            case NodeDown down -> lost(down.node());
            case Down down -> {
                if (down.pid().equals(peers.get(down.pid().node()))) {
                    lost(down.pid().node());
                }
            }
            default -> {
                // Anything else is not for this server: dropped.
            }
        }
        return noReply(this);
    }

    /** {@return whether {@code peer} is the known server of its node} (a message of an old server is dropped) */
    private boolean fromPeer(Pid peer) {
        return peer.equals(peers.get(peer.node()));
    }

    private void met(Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        Pid known = peers.get(peer.node());
        if (!peer.equals(known)) {
            if (known != null) {
                lost(peer.node());
            }
            peers.put(peer.node(), peer);
            peerMonitors.put(peer, self().monitor(peer));
            leaving.remove(peer.node());
            view.members(peers.keySet(), leaving);
        }
        for (Spec spec : specs.values()) {
            Spec mine = view.spec(spec.id());
            if (view.terminated(spec.origin())) {
                continue;
            }
            if (mine == null) {
                view.putSpec(spec);
            } else {
                settle(mine, spec);
            }
        }
        Map<String, Pid> own = new HashMap<>();
        held.forEach((id, pid) -> {
            if (pid.node().equals(peer.node())) {
                own.put(id, pid);
            }
        });
        view.replaceHeld(peer.node(), own);
        for (String id : own.keySet()) {
            duplicate(id, peer.node());
        }
        rebalance();
    }

    /** Two specs of one id (made on both sides of a split): the smaller origin wins everywhere. */
    private void settle(Spec mine, Spec theirs) {
        if (theirs.origin().compareTo(mine.origin()) < 0) {
            boolean ran = children().runs(mine.id());
            removed(mine.id());
            view.putSpec(theirs);
            view.hint(theirs.id(), view.owner(theirs.id()));
            if (ran && view.owner(theirs.id()).equals(here())) {
                startHere(theirs, List.of());
            }
        }
    }

    /**
     * {@code node} runs child {@code id} and maybe this node too (a split healed, or a start crossed a move): the
     * instance on the child's owner lives. One elsewhere is handed to the owner at once, not stopped: the owner
     * keeps its own instance if it has one and drops the state, and starts the child if it has none, so that two
     * nodes whose views disagree for a moment never both stop theirs.
     */
    private void duplicate(String id, String node) {
        if (!children().runs(id) || node.equals(here())) {
            return;
        }
        String owner = view.owner(id);
        if (owner.equals(here())) {
            return; // the other instance comes here, and is dropped
        }
        if (peers.containsKey(owner)) {
            moves.remove(id);
            handOff(id, owner);
        } else {
            moves.add(id);
        }
    }

    /** Queues the children this node runs that belong elsewhere now: they move at the configured rate. */
    private void rebalance() {
        if (!view.hasMembers()) {
            return;
        }
        for (String id : children().running().keySet()) {
            if (!view.owner(id).equals(here())) {
                moves.add(id);
            }
        }
    }

    /** {@return how many children moved} at most the configured number */
    private int moveSome() {
        int budget = config.moves();
        var it = moves.iterator();
        while (budget > 0 && it.hasNext()) {
            String id = it.next();
            it.remove();
            if (!children().runs(id) || !view.hasMembers()) {
                continue;
            }
            String owner = view.owner(id);
            if (!owner.equals(here()) && peers.containsKey(owner)) {
                handOff(id, owner);
                budget--;
            }
        }
        return config.moves() - budget;
    }

    private void handOff(String id, String to) {
        Spec spec = view.spec(id);
        if (spec == null) {
            children().terminate(id);
            return;
        }
        List<Object> state = children().handOff(id);
        view.unlocate(id, here());
        Transfer transfer = new Transfer(name, self().self(), spec, state);
        send(to, transfer);
    }

    private void send(String to, Transfer transfer) {
        Pid peer = Objects.requireNonNull(peers.get(to), "a peer");
        outgoing.put(transfer.spec().id(), new Outgoing(to, transfer));
        try {
            self().send(peer, transfer);
        } catch (NotEncodableException e) {
            System.getLogger(DistributedSupervisor.class.getName())
                    .log(
                            System.Logger.Level.ERROR,
                            "distributed supervisor: the state child "
                                    + transfer.spec().id() + " handed off cannot cross; it starts from init on " + to,
                            e);
            Transfer bare = new Transfer(name, transfer.peer(), transfer.spec(), List.of());
            outgoing.put(transfer.spec().id(), new Outgoing(to, bare));
            self().send(peer, bare);
        }
    }

    private void takeOver(Transfer transfer) {
        Spec spec = transfer.spec();
        Spec known = view.spec(spec.id());
        boolean current = !view.terminated(spec.origin())
                && (known == null || known.origin().equals(spec.origin()));
        // Two transfers of one child that cross (each node took the other for its owner): the node of the smaller
        // name starts it; the other only accepts. Both hand theirs over, so exactly one instance is left.
        boolean crossed = outgoing.containsKey(spec.id())
                && here().compareTo(transfer.peer().node()) > 0;
        if (current && !children().runs(spec.id()) && !crossed) {
            view.putSpec(spec);
            if (leaving.contains(here()) && view.hasMembers()) {
                // Sent before the sender knew this node leaves: it goes on to the child's owner.
                send(view.owner(spec.id()), new Transfer(name, self().self(), spec, transfer.state()));
            } else {
                startHere(spec, transfer.state());
            }
        }
        self().send(transfer.peer(), new Accepted(name, self().self(), spec.id()));
    }

    private void startHere(Spec spec, List<Object> state) {
        Pid server = self().self();
        var node = cluster.node();
        children()
                .start(spec, state, (id, pid) -> node.send(server, new ChildUp(id, pid)))
                .ifPresent(pid -> {
                    view.held(here(), spec.id(), pid);
                    broadcast(new Held(name, self().self(), spec.id(), pid));
                    // Another node said it runs the child too (a transfer or a start crossed a view change).
                    String other = view.otherHolder(spec.id());
                    if (other != null) {
                        duplicate(spec.id(), other);
                    }
                });
    }

    /**
     * The server of {@code node} is gone (its node left or was lost): each child it ran, or was told to run, and
     * that no other node runs starts again on its owner now; a transfer this node sent it goes to the new owner.
     */
    private void lost(String node) {
        Pid peer = peers.remove(node);
        if (peer == null) {
            return;
        }
        MonitorRef monitor = peerMonitors.remove(peer);
        if (monitor != null) {
            self().demonitor(monitor, true);
        }
        leaving.remove(node);
        view.members(peers.keySet(), leaving);
        List<String> orphans = view.dropNode(node);
        for (String id : orphans) {
            Spec spec = view.spec(id);
            if (spec == null || children().runs(id) || outgoing.containsKey(id)) {
                continue;
            }
            String owner = view.hasMembers() ? view.owner(id) : here();
            view.hint(id, owner);
            if (owner.equals(here())) {
                startHere(spec, List.of());
            }
        }
        for (Outgoing out : new ArrayList<>(outgoing.values())) {
            if (!out.to().equals(node)) {
                continue;
            }
            Transfer transfer = out.transfer();
            String id = transfer.spec().id();
            String owner = view.hasMembers() ? view.owner(id) : here();
            if (owner.equals(here())) {
                outgoing.remove(id);
                startHere(transfer.spec(), transfer.state());
            } else {
                send(owner, transfer); // its peer is known: the members are the known peers and this node
            }
        }
        rebalance(); // a placement other than rendezvous may move children between the survivors
        leftIfDone(false);
    }

    private void broadcast(Object message) {
        for (Pid peer : peers.values()) {
            self().send(peer, message);
        }
    }

    @Override
    public void terminate(ExitReason reason, DistributedSupervisorServer s) {
        if (children != null) {
            children.stopAll();
        }
        view.clear();
    }
}
