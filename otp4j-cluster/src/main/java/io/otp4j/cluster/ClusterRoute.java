package io.otp4j.cluster;

import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.NameNotRegisteredException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.RemoteRoute;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jgroups.BytesMessage;
import org.jgroups.JChannel;
import org.jgroups.Message;
import org.jgroups.Receiver;
import org.jgroups.View;
import org.jgroups.protocols.UNICAST3;
import org.jgroups.util.NameCache;

/**
 * The node's route to the other members over one JGroups channel, and what comes back. Every frame is encoded on
 * the caller's thread and queued for its member in {@link Outbound}, whose drainer sends the member's frames in
 * the order queued, several to a batch, as regular (not out-of-band) unicasts, which UNICAST3 delivers in the
 * order sent; JGroups delivers a sender's regular messages one at a time, and the receiver unpacks a batch in
 * order, so it hands frames to the engine in the order they were queued. A member that leaves the view is a lost node: {@link Engine#nodeDown}.
 */
final class ClusterRoute implements RemoteRoute, Receiver {

    private static final Engine ENGINE = Engine.get();
    private static final System.Logger LOG = System.getLogger(ClusterRoute.class.getName());

    private final Node node;
    private final JChannel channel;
    private final Codec codec;
    private final Object viewLock = new Object();
    private volatile Map<String, Address> members = Map.of();
    private volatile List<String> viewOrder = List.of(); // the view's node names, its coordinator first
    private final Set<Pid> watchers = ConcurrentHashMap.newKeySet();
    private final Map<String, Set<Pid>> nodeWatchers = new HashMap<>(); // guarded by viewLock
    private final MemberNames names = new MemberNames(); // guarded by viewLock
    private final Outbound outbound;
    private final int maxFrameBytes;
    private final LongAdder received = new LongAdder();
    private final LongAdder bad = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private volatile boolean closed;
    private final Calls calls;
    private final Departures departures; // the GMS's membership policy, told of every view

    ClusterRoute(Node node, JChannel channel, Codec codec, ClusterConfig config, Departures departures) {
        this.node = node;
        this.channel = channel;
        this.codec = codec;
        this.maxFrameBytes = config.maxFrameBytes();
        this.outbound =
                new Outbound(this::transmit, config.outboundQueue(), config.batchBytes(), config.maxFrameBytes());
        this.calls = new Calls(node, this);
        this.departures = departures;
    }

    /**
     * Encodes {@code value} as a message and drops the bytes: {@return the frame's size}
     *
     * @throws NotEncodableException if it cannot cross
     */
    int encodedSize(Object value) {
        return codec.encode(new Frame.SendToName(node.name(), "", value)).length;
    }

    /** {@return the GenServer calls between this node and the others} */
    Calls calls() {
        return calls;
    }

    /** {@return whether {@code name} is another member now} */
    boolean isMember(String name) {
        return !closed && members.containsKey(name);
    }

    // ------------------------------------------------------------------ outbound

    /**
     * Encodes a message (which may throw at the sender), then queues it for its member as the outbound queue's
     * policy allows (ADR 27); {@return what became of it}, {@link Delivery#NO_PROCESS} if {@code to} is not a
     * member
     */
    private Delivery postMessage(String to, Frame frame) {
        byte[] bytes = codec.encode(frame);
        Address address = members.get(to);
        if (address == null || closed) {
            return Delivery.NO_PROCESS;
        }
        Delivery delivery = outbound.message(to, address, bytes);
        leftMeanwhile(to, address);
        return delivery;
    }

    /**
     * Encodes a signal or any frame but a plain message (GenServer calls, casts and replies among them; which may
     * throw at the sender), then queues it for its member, whatever the outbound queue's policy: a signal is never
     * refused (ADR 27). {@return false if {@code to} is not a member}
     */
    boolean post(String to, Frame frame) {
        byte[] bytes = codec.encode(frame);
        Address address = members.get(to);
        if (address == null || closed) {
            return false;
        }
        boolean queued = outbound.signal(to, address, bytes);
        leftMeanwhile(to, address);
        return queued;
    }

    /** A member that left while a frame was queued for it: its queue goes, as {@code lost} drops the others. */
    private void leftMeanwhile(String to, Address address) {
        if (!address.equals(members.get(to))) {
            outbound.retain(members.values());
        }
    }

    /** Hands a frame or a batch to JGroups: the drainers' wire. */
    private void transmit(Address to, byte[] bytes) throws Exception {
        channel.send(new BytesMessage(to, bytes));
    }

    /** A signal must not fail its sender (often a process on its way out): a reason that cannot cross, crosses as its description. */
    private boolean postSignal(String to, Frame frame, Frame described) {
        try {
            return post(to, frame);
        } catch (NotEncodableException e) {
            return post(to, described);
        }
    }

    private static ExitReason described(ExitReason reason) {
        return ExitReason.custom(reason.toString());
    }

    @Override
    public Delivery send(Pid to, Object message) {
        return postMessage(to.node(), Contexts.traced(node, new Frame.Send(to, message)));
    }

    @Override
    public Delivery send(String toNode, String name, Object message) {
        return postMessage(toNode, Contexts.traced(node, new Frame.SendToName(toNode, name, message)));
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        postSignal(
                to.node(),
                new Frame.ExitSignal(from, to, reason, viaLink),
                new Frame.ExitSignal(from, to, described(reason), viaLink));
    }

    @Override
    public boolean link(Pid from, Pid to) {
        return post(to.node(), new Frame.Link(from, to));
    }

    @Override
    public void unlink(Pid from, Pid to) {
        post(to.node(), new Frame.Unlink(from, to));
    }

    @Override
    public boolean monitor(MonitorRef ref, Pid watcher, Pid target) {
        return post(target.node(), new Frame.Monitor(ref, watcher, target));
    }

    @Override
    public void demonitor(MonitorRef ref, Pid watcher, Pid target) {
        post(target.node(), new Frame.Demonitor(ref, watcher, target));
    }

    @Override
    public void down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) {
        postSignal(
                watcher.node(),
                new Frame.Down(ref, watcher, target, reason),
                new Frame.Down(ref, watcher, target, described(reason)));
    }

    // ------------------------------------------------------------------ inbound

    @Override
    public void receive(Message msg) {
        if (closed) {
            return;
        }
        byte[] array = msg.getArray();
        if (array == null) {
            bad.increment();
            return;
        }
        if (!Batch.claims(array, msg.getOffset(), msg.getLength())) {
            receive(msg, array, msg.getOffset(), msg.getLength());
            return;
        }
        int[] bounds;
        try {
            bounds = Batch.unpack(array, msg.getOffset(), msg.getLength(), maxFrameBytes);
        } catch (BadFrameException e) {
            bad.increment();
            LOG.log(Level.DEBUG, () -> "otp4j cluster: dropped a batch from " + msg.getSrc() + ": " + e.getMessage());
            return;
        }
        for (int i = 0; i < bounds.length; i += 2) {
            receive(msg, array, bounds[i], bounds[i + 1]);
        }
    }

    /** Decodes and delivers one frame of {@code msg}, alone or from its batch. */
    private void receive(Message msg, byte[] array, int offset, int length) {
        Frame frame;
        try {
            frame = codec.decode(array, offset, length);
        } catch (BadFrameException e) {
            bad.increment();
            Decoder.replyId(array, offset, length)
                    .ifPresent(id -> calls.undecodableReply(id, String.valueOf(e.getMessage())));
            LOG.log(Level.DEBUG, () -> "otp4j cluster: dropped a frame from " + msg.getSrc() + ": " + e.getMessage());
            return;
        }
        received.increment();
        try {
            deliver(frame);
        } catch (MailboxFullException e) {
            refused.increment();
            LOG.log(Level.DEBUG, () -> "otp4j cluster: a message from " + msg.getSrc() + " was refused: " + e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, () -> "otp4j cluster: a frame from " + msg.getSrc() + " was not delivered: " + e);
        }
    }

    private boolean hereNamed(String toNode) {
        if (toNode.equals(node.name())) {
            return true;
        }
        bad.increment();
        return false;
    }

    /** Counts a message that a bounded mailbox here dropped (one it refused outright throws instead). */
    private void count(Delivery delivery) {
        if (delivery == Delivery.DROPPED) {
            refused.increment();
        }
    }

    private boolean here(Pid pid) {
        if (pid.node().equals(node.name())) {
            return true;
        }
        bad.increment();
        return false;
    }

    private void deliver(Frame frame) {
        switch (frame) {
            case Frame.Send(Pid to, Object message) -> {
                if (here(to)) {
                    count(node.send(to, message));
                }
            }
            case Frame.SendToName(String toNode, String name, Object message) -> {
                if (toNode.equals(node.name())) {
                    try {
                        count(node.send(name, message));
                    } catch (NameNotRegisteredException e) {
                        // As in Erlang across nodes: a send to a name nobody holds is lost silently.
                    }
                }
            }
            case Frame.ExitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink) -> {
                if (here(to)) {
                    ENGINE.exitSignal(from, to, reason, viaLink);
                }
            }
            case Frame.Link(Pid from, Pid to) -> {
                if (here(to) && !ENGINE.linkFrom(from, to)) {
                    post(from.node(), new Frame.ExitSignal(to, from, ExitReason.noproc(), true));
                }
            }
            case Frame.Unlink(Pid from, Pid to) -> {
                if (here(to)) {
                    ENGINE.unlinkFrom(from, to);
                }
            }
            case Frame.Monitor(MonitorRef ref, Pid watcher, Pid target) -> {
                if (here(target) && !ENGINE.monitorFrom(ref, watcher, target)) {
                    post(watcher.node(), new Frame.Down(ref, watcher, target, ExitReason.noproc()));
                }
            }
            case Frame.Demonitor(MonitorRef ref, Pid watcher, Pid target) -> {
                if (here(target)) {
                    ENGINE.demonitorFrom(ref, target);
                }
            }
            case Frame.Down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) -> {
                if (here(watcher)) {
                    ENGINE.down(ref, watcher, reason);
                }
            }
            case Frame.Call call -> {
                if (call.server() != null ? here(call.server()) : hereNamed(call.node())) {
                    calls.serve(call);
                }
            }
            case Frame.Cast cast -> {
                if (cast.server() != null ? here(cast.server()) : hereNamed(cast.node())) {
                    calls.serve(cast);
                }
            }
            case Frame.Reply r -> calls.answered(r);
            case Frame.CallExited r -> calls.answered(r);
            case Frame.CallRefused r -> calls.answered(r);
            case Frame.Traced traced -> Contexts.deliver(node, traced, this::deliver);
        }
    }

    @Override
    public void viewAccepted(View view) {
        departures.installed(view); // first: should this node become coordinator, it knows who left
        if (closed) {
            return;
        }
        synchronized (viewLock) {
            if (closed) {
                return;
            }
            ViewChange change = ViewChange.of(members, view, channel.getAddress(), node.name(), names::of);
            // What was in flight to or from a lost member's address belongs to the connection that broke: dropped,
            // so that after a heal nothing sent before the node-down arrives after the node-up.
            change.lost().values().forEach(this::forgetConnection);
            members = change.members();
            viewOrder = order(view);
            change.lost().keySet().forEach(this::lost);
            change.up().keySet().forEach(name -> notifyWatchers(new NodeUp(name)));
        }
    }

    /** {@return the node names of {@code view}'s members, in its order}; a member of no known name is left out */
    private List<String> order(View view) {
        List<String> order = new java.util.ArrayList<>();
        for (Address member : view.getMembers()) {
            String name = member.equals(channel.getAddress()) ? node.name() : names.of(member);
            if (name != null) {
                order.add(name);
            }
        }
        return List.copyOf(order);
    }

    /**
     * Drops UNICAST3's send and receive windows of {@code address}, and its outbound queue: a later frame starts a
     * fresh connection.
     */
    private void forgetConnection(Address address) {
        outbound.drop(address); // and the frames still waiting for it, for the same reason
        UNICAST3 unicast = channel.getProtocolStack().findProtocol(UNICAST3.class);
        if (unicast != null) {
            unicast.removeSendConnection(address);
            unicast.removeReceiveConnection(address);
        }
    }

    /** Called under the view lock. */
    private void lost(String name) {
        outbound.retain(members.values()); // its queue goes: the frames could go nowhere
        ENGINE.nodeDown(node, name);
        calls.nodeLost(name);
        NodeDown down = new NodeDown(name);
        notifyWatchers(down);
        Set<Pid> once = nodeWatchers.remove(name);
        if (once != null) {
            once.forEach(watcher -> node.send(watcher, down));
        }
    }

    private void notifyWatchers(Object event) {
        // A watcher that has ended is dropped as its event finds no process.
        watchers.removeIf(watcher -> node.send(watcher, event) == Delivery.NO_PROCESS);
    }

    // ------------------------------------------------------------------ the cluster's own calls

    Set<String> nodes() {
        return java.util.Collections.unmodifiableSet(new TreeSet<>(members.keySet()));
    }

    /**
     * {@return the node names of the view installed last, this node's included, in the view's order}: its first is
     * the view's coordinator, on which every member of the view agrees (the cluster registry's conflicts are decided
     * there). Set before the node events of that view are sent.
     */
    List<String> viewOrder() {
        return closed ? List.of() : viewOrder;
    }

    /** {@return whether another member of the view bears this node's name} */
    boolean nameTaken() {
        Address self = channel.getAddress();
        View view = channel.getView();
        return view != null
                && view.getMembers().stream()
                        .anyMatch(m -> !m.equals(self) && node.name().equals(NameCache.get(m)));
    }

    /** {@return the JGroups channel}: for the module's tests, which put a DISCARD protocol in it to split the cluster */
    JChannel channel() {
        return channel;
    }

    ClusterStats stats() {
        return new ClusterStats(
                outbound.sent.sum(),
                received.sum(),
                bad.sum(),
                outbound.batches.sum(),
                outbound.rejected.sum(),
                outbound.timedOut.sum(),
                outbound.droppedNewest.sum(),
                outbound.droppedOldest.sum(),
                outbound.discarded.sum(),
                refused.sum());
    }

    /** {@return the outbound queues}: for the module's tests, which hold their drainers */
    Outbound outbound() {
        return outbound;
    }

    /** Under the view lock, so that a watcher sees only the events of views installed after it asked. */
    void monitorNodes(Pid watcher) {
        synchronized (viewLock) {
            watchers.add(watcher);
        }
    }

    void demonitorNodes(Pid watcher) {
        watchers.remove(watcher);
    }

    void monitorNode(Pid watcher, String name) {
        synchronized (viewLock) {
            if (closed || !members.containsKey(name)) {
                node.send(watcher, new NodeDown(name));
            } else {
                nodeWatchers
                        .computeIfAbsent(name, n -> ConcurrentHashMap.newKeySet())
                        .add(watcher);
            }
        }
    }

    /** The node closed: it leaves its cluster as if {@link Cluster#close} was called. */
    @Override
    public void nodeClosed() {
        close();
    }

    /** Leaves: unroutes first, so that nothing new goes out, then closes the channel and fires the node-downs. */
    void close() {
        List<String> gone;
        synchronized (viewLock) {
            if (closed) {
                return;
            }
            closed = true;
            gone = List.copyOf(members.keySet());
        }
        ENGINE.unroute(node);
        calls.closeAll();
        outbound.close();
        channel.close();
        synchronized (viewLock) {
            members = Map.of();
            gone.forEach(this::lost);
        }
    }
}
