package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.cluster.SupervisorProtocol.Accepted;
import io.otp4j.cluster.SupervisorProtocol.Add;
import io.otp4j.cluster.SupervisorProtocol.Discover;
import io.otp4j.cluster.SupervisorProtocol.Held;
import io.otp4j.cluster.SupervisorProtocol.Leaving;
import io.otp4j.cluster.SupervisorProtocol.Partial;
import io.otp4j.cluster.SupervisorProtocol.Released;
import io.otp4j.cluster.SupervisorProtocol.Remove;
import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.cluster.SupervisorProtocol.Sync;
import io.otp4j.cluster.SupervisorProtocol.Transfer;
import io.otp4j.cluster.SupervisorRequests.ChildUp;
import io.otp4j.cluster.SupervisorRequests.Leave;
import io.otp4j.cluster.SupervisorRequests.LeaveTimeout;
import io.otp4j.cluster.SupervisorRequests.Quiet;
import io.otp4j.cluster.SupervisorRequests.Req;
import io.otp4j.cluster.SupervisorRequests.StartChild;
import io.otp4j.cluster.SupervisorRequests.TerminateChild;
import io.otp4j.cluster.SupervisorRequests.Tick;
import io.otp4j.cluster.SupervisorRequests.TickNow;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One node's server of a {@link DistributedSupervisor}: the only writer of its node's view (the specs, who runs
 * what), and the owner of the children its node runs. See ADR 29 for the protocol and why each child runs once.
 */
final class DistributedSupervisorServer implements GenServer<DistributedSupervisorServer, Req<?>, NoCast> {

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

    /** The state this server sends and takes from its peers, in parts. */
    private final SupervisorStates states;

    private final Map<Pid, MonitorRef> peerMonitors = new HashMap<>();
    private final Set<String> leaving = new HashSet<>();
    private final Handovers handovers = new Handovers();

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
        this.states = new SupervisorStates(cluster, name);
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
            sendState(Discover::new, message -> cluster.send(other, name, message));
        }
        context.sendAfter(context.self(), config.interval(), new Tick());
        return Init.ok(this);
    }

    /** Sends this node's state through {@code to}, in parts that fit a frame, the last made by {@code last}. */
    private void sendState(SupervisorStates.StateMessage last, Consumer<Object> to) {
        states.send(self().self(), view.specs(), children().running(), last, to);
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
            case Quiet quiet ->
                reply(quiet, handovers.noneInFlight() && !handovers.queued().hasNext(), this);
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
        handovers.done(id);
        handovers.unqueue(id);
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
        if (from != null && request != null && (handovers.noneInFlight() || timedOut)) {
            leaver = null;
            from.reply(request, handovers.noneInFlight());
        }
    }

    // ------------------------------------------------------------------ what comes from elsewhere

    @Override
    public Result<DistributedSupervisorServer> handleInfo(Object message, DistributedSupervisorServer s) {
        switch (message) {
            case Partial partial
            when partial.name().equals(name) -> {
                states.keep(partial);
            }
            // A Discover or Sync from a node that is not a member here yet (its view came first there) is dropped:
            // met now, its server's monitor would report it down at once, and it would be lost again, its specs
            // started here. This node's NodeUp for it comes with the view, and the exchange runs then.
            case Discover discover
            when discover.name().equals(name)
                    && !cluster.isMember(discover.peer().node()) -> {}
            case Sync sync
            when sync.name().equals(name) && !cluster.isMember(sync.peer().node()) -> {}
            case Discover discover
            when discover.name().equals(name) -> {
                Partial whole = states.whole(discover.peer(), discover.specs(), discover.held());
                met(discover.peer(), whole.specs(), whole.held());
                sendState(Sync::new, m -> self().send(discover.peer(), m));
            }
            case Sync sync
            when sync.name().equals(name) -> {
                Partial whole = states.whole(sync.peer(), sync.specs(), sync.held());
                if (met(sync.peer(), whole.specs(), whole.held())) {
                    // Met through its answer: the peer's Discover did not reach this node (it came before this
                    // node's view had the peer), and what changed here since this node's own Discover went only to
                    // the peers known then. It gets this node's state now.
                    sendState(Sync::new, m -> self().send(sync.peer(), m));
                }
            }
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
            // A transfer is taken even from a server not met yet (its Discover may be behind): dropped, the child would
            // be lost, as its sender has stopped it.
            case Transfer transfer when transfer.name().equals(name) -> takeOver(transfer);
            case Accepted accepted
            when accepted.name().equals(name) && fromPeer(accepted.peer()) -> {
                String id = accepted.id();
                String to = accepted.peer().node();
                if (handovers.done(id)) {
                    if (!children().runs(id)) { // else a crossing transfer started it here
                        view.released(here(), id, to);
                        broadcast(new Released(name, self().self(), id, to));
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
            case NodeUp up -> sendState(Discover::new, m -> cluster.send(up.node(), name, m));
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

    /** {@return whether {@code peer} is new}: it is then known, and monitored; its specs and children are merged */
    private boolean met(Pid peer, Map<String, Spec> specs, Map<String, Pid> held) {
        Pid known = peers.get(peer.node());
        boolean isNew = !peer.equals(known);
        if (isNew) {
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
        return isNew;
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
            handovers.unqueue(id);
            handOff(id, owner);
        } else {
            handovers.queue(id);
        }
    }

    /** Queues the children this node runs that belong elsewhere now: they move at the configured rate. */
    private void rebalance() {
        if (!view.hasMembers()) {
            return;
        }
        for (String id : children().running().keySet()) {
            if (!view.owner(id).equals(here())) {
                handovers.queue(id);
            }
        }
    }

    /** {@return how many children moved} at most the configured number */
    private int moveSome() {
        int budget = config.moves();
        var it = handovers.queued();
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
        handovers.send(self(), Objects.requireNonNull(peers.get(to), "a peer"), to, transfer);
    }

    private void takeOver(Transfer transfer) {
        Spec spec = transfer.spec();
        Spec known = view.spec(spec.id());
        boolean current = !view.terminated(spec.origin())
                && (known == null || known.origin().equals(spec.origin()));
        // Two transfers of one child that cross (each node took the other for its owner): the node of the smaller
        // name starts it; the other only accepts. Both hand theirs over, so exactly one instance is left.
        boolean crossed = handovers.inFlight(spec.id())
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
        states.forget(node);
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
            if (spec == null || children().runs(id) || handovers.inFlight(id)) {
                continue;
            }
            String owner = view.hasMembers() ? view.owner(id) : here();
            view.hint(id, owner);
            if (owner.equals(here())) {
                startHere(spec, List.of());
            }
        }
        for (Transfer transfer : handovers.to(node)) {
            String id = transfer.spec().id();
            String owner = view.hasMembers() ? view.owner(id) : here();
            if (owner.equals(here())) {
                handovers.done(id);
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
