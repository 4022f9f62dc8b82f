package io.otp4j.cluster;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.spi.CallRoute;
import io.otp4j.process.Delivery;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.jgroups.JChannel;
import org.jgroups.protocols.pbcast.GMS;
import org.jgroups.stack.Protocol;

/**
 * A node's membership of a cluster of otp4j nodes on JGroups (ADR 22). While it is open, a pid of another member
 * is used like a local one: {@code send}, {@code link}, {@code monitor} and {@code exit} reach its process; a
 * member that leaves or is lost fires {@code noconnection} on every link and monitor to its processes.
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="join"}
 *
 * <p>Closing the cluster leaves it: the other members see this node down.
 *
 * <p>The JGroups logical name of the member is the node's name; names must be unique in a cluster. Messages are
 * encoded when sent (a class that is not allowed fails at the sender with {@link NotEncodableException}), and
 * decoded by the receiver only if their classes are on its allow-list (ADR 23). All methods may be called from
 * any thread.
 *
 * <p><b>Back-pressure</b> (ADR 27). What a node sends to another member is encoded on the sender's thread and put
 * in a bounded queue for that member, which one drainer per member empties in order, several frames to a JGroups
 * message; the order of one sender's messages to one receiver is kept. A slow or unreachable member fills only its
 * own queue, and then the queue's {@link ClusterConfig.OutboundQueue policy} decides, as a bounded mailbox's does:
 * {@link io.otp4j.process.OverflowPolicy#BLOCK BLOCK} (the default) makes the sender wait up to its deadline, then
 * throws {@link OutboundQueueFullException}; {@code REJECT} throws it at once; {@code DROP_NEWEST} drops the message
 * and the send returns {@link Delivery#DROPPED}; {@code DROP_OLDEST} drops the oldest waiting message for it and
 * returns {@link Delivery#ACCEPTED_DROPPED_OLDEST}. Each outcome is counted in {@link #stats()}. Only messages count
 * and only messages are refused: exit signals, links, monitors and Downs always enter the queue, so no signal is
 * lost to back-pressure. {@link Delivery#ACCEPTED} from another node's pid means queued for it, not delivered: a
 * message is lost if its member leaves first (the node-down tells its watchers), and a message a bounded mailbox
 * there refuses is counted there ({@link ClusterStats#remoteRefused()}).
 *
 * <p><b>Encryption.</b> With {@link ClusterConfig#withEncryption(boolean)}, frames travel encrypted and
 * authenticated (AES-GCM) under a key every member derives from the shared secret; membership traffic (names,
 * addresses, views) does not. A node that encrypts and one that does not refuse each other at join.
 */
public final class Cluster implements AutoCloseable {

    private final Node node;
    private final ClusterConfig config;
    private final ClusterRoute route;

    private Cluster(Node node, ClusterConfig config, ClusterRoute route) {
        this.node = node;
        this.config = config;
        this.route = route;
    }

    /**
     * Joins {@code node} to the cluster {@code config} names, and routes to the other members from then on.
     *
     * @param node the node to join; its name is its member name, unique in the cluster
     * @param config the cluster's name, secret, transport, allow-list and queues
     * @return the membership, open until {@link #close()}
     * @throws ClusterJoinException if the configuration has no secret, the cluster refuses this node (another
     *     secret), a member of the same name is in the cluster, or the transport cannot start; the message says
     *     which
     */
    public static Cluster join(Node node, ClusterConfig config) {
        return join(node, config, Stack.Timings.DEFAULT);
    }

    /** As {@link #join(Node, ClusterConfig)}, with the stack's timings: shorter ones are for the module's tests. */
    static Cluster join(Node node, ClusterConfig config, Stack.Timings timings) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(config, "config");
        if (config.secret().isEmpty()) {
            throw new ClusterJoinException("node " + node.name() + " cannot join cluster " + config.clusterName()
                    + " without a secret: give every node the same one (ClusterConfig.withSecret)");
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        Codec codec = new Codec(
                node,
                AllowList.of(config),
                config.maxFrameBytes(),
                loader != null ? loader : Cluster.class.getClassLoader());
        JChannel channel;
        // The route tells the policy every view it installs (ADR 41): so only this channel gets it, not the quorum
        // names' Raft channels, whose views nothing receives.
        Departures departures = new Departures();
        try {
            List<Protocol> protocols = Stack.of(config, timings);
            protocols.stream()
                    .filter(GMS.class::isInstance)
                    .map(GMS.class::cast)
                    .forEach(gms -> gms.setMembershipChangePolicy(departures));
            channel = new JChannel(protocols);
        } catch (ClusterJoinException e) {
            throw e;
        } catch (Exception e) {
            throw new ClusterJoinException("node " + node.name() + " cannot build its JGroups stack: " + e, e);
        }
        channel.name(node.name());
        ClusterRoute route = new ClusterRoute(node, channel, codec, config, departures);
        channel.setReceiver(route);
        try {
            channel.connect(config.clusterName());
        } catch (SecurityException e) {
            channel.close();
            throw new ClusterJoinException(
                    "node " + node.name() + " was refused by cluster " + config.clusterName() + ": " + e.getMessage()
                            + " (the secret, or whether frames are encrypted, differs from the members')",
                    e);
        } catch (Exception e) {
            channel.close();
            Throwable cause = e.getCause() instanceof SecurityException refused ? refused : e;
            if (cause instanceof SecurityException) {
                throw new ClusterJoinException(
                        "node " + node.name() + " was refused by cluster " + config.clusterName() + ": "
                                + cause.getMessage()
                                + " (the secret, or whether frames are encrypted, differs from the members')",
                        e);
            }
            throw new ClusterJoinException(
                    "node " + node.name() + " could not join cluster " + config.clusterName() + ": " + e, e);
        }
        if (route.nameTaken()) {
            // Frames are addressed by node name: a second member of the same name would take the first's mail.
            route.close();
            throw new ClusterJoinException("node " + node.name() + " cannot join cluster " + config.clusterName()
                    + ": a member of that name is already in it (node names must be unique in a cluster)");
        }
        Engine.get().route(node, route);
        Engine.get().service(node, CallRoute.class, previous -> route.calls());
        return new Cluster(node, config, route);
    }

    /** {@return whether {@code node} is another member now}, as this node's view has it */
    boolean isMember(String node) {
        return route.isMember(node);
    }

    /** {@return the route under this membership}: for the module's tests, which feed it frames */
    ClusterRoute route() {
        return route;
    }

    /** Throws {@link NotEncodableException} if {@code value} cannot cross to another member (its class is not allowed). */
    void checkEncodable(Object value) {
        route.encodedSize(value);
    }

    /** {@return the bytes {@code value} takes as a message to another member} Throws {@link NotEncodableException}. */
    int encodedSize(Object value) {
        return route.encodedSize(value);
    }

    /** {@return the local node} */
    public Node node() {
        return node;
    }

    /** {@return the configuration this node joined with} */
    public ClusterConfig config() {
        return config;
    }

    /** {@return the names of the other members, sorted} (Erlang's {@code nodes()}: without this node) */
    public Set<String> nodes() {
        return route.nodes();
    }

    /** {@return what this node's cluster link has carried, and how many frames it dropped as bad} */
    public ClusterStats stats() {
        return route.stats();
    }

    /**
     * Sends {@code message} to the process registered as {@code name} on the node {@code toNode} (Erlang's
     * {@code {Name, Node} ! Msg}); lost silently if nobody holds the name there.
     *
     * @param toNode the member's node name; this node's own name sends locally
     * @param name the name registered on that node
     * @param message what to send; of a class the allow-list lets cross
     * @return {@link Delivery#ACCEPTED} if it was queued for {@code toNode}, {@link Delivery#DROPPED} or {@link
     *     Delivery#ACCEPTED_DROPPED_OLDEST} if the queue to {@code toNode} was full and its policy drops, {@link
     *     Delivery#NO_PROCESS} if {@code toNode} is not a member
     * @throws NotEncodableException if the message cannot cross (the message names the class)
     * @throws OutboundQueueFullException if the queue to {@code toNode} is full and its policy rejects, or stayed
     *     full for the policy's whole deadline
     */
    public Delivery send(String toNode, String name, Object message) {
        Objects.requireNonNull(toNode, "toNode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message");
        if (toNode.equals(node.name())) {
            return node.send(name, message);
        }
        return route.send(toNode, name, message);
    }

    /**
     * Calls the server of {@code type} registered as {@code name} on this node and on every other member, all at
     * once, and waits up to {@code timeout} for their replies (Erlang's {@code gen_server:multi_call}).
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param <R> the reply's type
     * @param name the name the servers are registered under on each node
     * @param type the servers' type; a server of another type counts as none
     * @param request the call, sent to each node
     * @param timeout how long to wait for all replies; positive
     * @see #multiCall(Collection, String, ServerType, Call, Duration)
     * @return the replies by node, and the nodes that gave none, with why
     */
    public <C extends Call<?>, K, R> MultiCallResult<R> multiCall(
            String name, ServerType<C, K> type, Call<R> request, Duration timeout) {
        return multiCall(everyNode(), name, type, request, timeout);
    }

    /**
     * Calls the server of {@code type} registered as {@code name} on each of {@code nodes} (this node's own name
     * included or not), all at once, and waits up to {@code timeout} for their replies. A node that is not
     * connected, holds no live server of the name and type, whose server exits, or that does not answer in time
     * is among the {@link MultiCallResult#badNodes()}, with why; a reply that comes later is dropped.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param <R> the reply's type
     * @param nodes the node names to call; this node's own name calls the local server
     * @param name the name the servers are registered under on each node
     * @param type the servers' type; a server of another type counts as none
     * @param request the call, sent to each node
     * @param timeout how long to wait for all replies; positive
     * @return the replies by node, and the nodes that gave none, with why
     * @throws IllegalArgumentException if {@code timeout} is not positive
     * @throws NotEncodableException if the request cannot cross (the message names the class)
     */
    public <C extends Call<?>, K, R> MultiCallResult<R> multiCall(
            Collection<String> nodes, String name, ServerType<C, K> type, Call<R> request, Duration timeout) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        Map<String, CompletableFuture<R>> calls = new LinkedHashMap<>();
        for (String other : new LinkedHashSet<>(nodes)) {
            GenServerRef<C, K> ref = GenServerRef.named(node, other, name, type);
            calls.put(other, ref.callAsync(request, timeout).toCompletableFuture());
        }
        Map<String, R> replies = new HashMap<>();
        Map<String, Exception> failures = new HashMap<>();
        // Each call has the same timeout and all were sent before the first wait: the whole takes about timeout.
        calls.forEach((other, call) -> {
            try {
                replies.put(other, call.join());
            } catch (CompletionException | CancellationException e) {
                Throwable why = e.getCause() != null ? e.getCause() : e;
                failures.put(other, why instanceof Exception ex ? ex : new CompletionException(why));
            }
        });
        return new MultiCallResult<>(replies, failures);
    }

    /**
     * Casts {@code request} to the server of {@code type} registered as {@code name} on this node and on every
     * other member (Erlang's {@code gen_server:abcast}); dropped where there is none.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param name the name the servers are registered under on each node
     * @param type the servers' type
     * @param request the cast, sent to each node
     * @throws NotEncodableException if the request cannot cross (the message names the class)
     */
    public <C extends Call<?>, K> void abcast(String name, ServerType<C, K> type, K request) {
        abcast(everyNode(), name, type, request);
    }

    /**
     * Casts {@code request} to the server of {@code type} registered as {@code name} on each of {@code nodes}.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param nodes the node names to cast to; this node's own name casts to the local server
     * @param name the name the servers are registered under on each node
     * @param type the servers' type
     * @param request the cast, sent to each node
     */
    public <C extends Call<?>, K> void abcast(Collection<String> nodes, String name, ServerType<C, K> type, K request) {
        Objects.requireNonNull(nodes, "nodes");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        for (String other : new LinkedHashSet<>(nodes)) {
            GenServerRef.named(node, other, name, type).cast(request);
        }
    }

    /** {@return this node's name and the other members', this node first} */
    private List<String> everyNode() {
        List<String> all = new ArrayList<>();
        all.add(node.name());
        all.addAll(nodes());
        return all;
    }

    /**
     * Sends {@link NodeUp} and {@link NodeDown} to {@code watcher} whenever another member joins or leaves (Erlang's
     * {@code net_kernel:monitor_nodes(true)}), until {@link #demonitorNodes} or the watcher's exit.
     *
     * @param watcher the process of this node that receives the events
     */
    public void monitorNodes(Pid watcher) {
        Objects.requireNonNull(watcher, "watcher");
        route.monitorNodes(watcher);
    }

    /**
     * Stops the events of {@link #monitorNodes} for {@code watcher}.
     *
     * @param watcher the process whose events stop
     */
    public void demonitorNodes(Pid watcher) {
        Objects.requireNonNull(watcher, "watcher");
        route.demonitorNodes(watcher);
    }

    /**
     * Sends one {@link NodeDown} to {@code watcher} when the member {@code nodeName} leaves or is lost, at once if
     * it is not a member now (Erlang's {@code monitor_node(Node, true)}).
     *
     * @param watcher the process of this node that receives the NodeDown
     * @param nodeName the member's node name
     */
    public void monitorNode(Pid watcher, String nodeName) {
        Objects.requireNonNull(watcher, "watcher");
        Objects.requireNonNull(nodeName, "nodeName");
        route.monitorNode(watcher, nodeName);
    }

    /**
     * Leaves the cluster: the other members see this node down, and from now on this node counts every other node
     * as not connected (links and monitors to their processes fire {@code noconnection}). Idempotent.
     */
    @Override
    public void close() {
        Engine.get().removeService(node, CallRoute.class, route.calls());
        route.close();
    }

    @Override
    public String toString() {
        return "Cluster[" + config.clusterName() + ", node " + node.name() + ", members " + nodes() + "]";
    }
}
