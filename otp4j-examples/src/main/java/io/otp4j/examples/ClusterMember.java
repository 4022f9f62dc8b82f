package io.otp4j.examples;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.cluster.NodeDown;
import io.otp4j.cluster.NodeUp;
import io.otp4j.examples.ClusterWire.Go;
import io.otp4j.examples.ClusterWire.Quit;
import io.otp4j.examples.ClusterWire.Ready;
import io.otp4j.examples.ClusterWire.Seen;
import io.otp4j.examples.ClusterWire.ShardAt;
import io.otp4j.examples.ClusterWire.ShardQuery;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Down;
import io.otp4j.process.NameNotRegisteredException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One node of the cluster demo, in whichever JVM it runs: its shard of the rate limiter (registered as {@link
 * #SHARD}), and its agent (registered as {@link #AGENT}), a process that watches the other nodes, monitors their
 * shards, runs the node's clients when told to and reports all it sees to the demo's control on the coordinating
 * node.
 *
 * <pre>
 *   agent ── monitorNodes ──▶ NodeUp n ──▶ ShardQuery to n's agent ──▶ ShardAt ──▶ monitor n's shard
 *         ── NodeDown n, Down(noconnection) of n's shard ──▶ Seen ──▶ control
 *         ── Go ──▶ clients ──▶ a Tally each second, and a last one ──▶ control
 * </pre>
 */
final class ClusterMember implements AutoCloseable {

    /** The name of each node's limiter shard. */
    static final String SHARD = "limiter.shard";

    /** The name of each node's agent. */
    static final String AGENT = "demo.agent";

    /** The name of the demo's control process, on the coordinating node. */
    static final String CONTROL = "demo.control";

    /** Each key's burst. */
    static final int CAPACITY = 20;

    /** Each key's refill rate, tokens a second. */
    static final double PER_SECOND = 10.0;

    /** How many times a node joins before it settles for a cluster without the control's node. */
    static final int JOIN_ATTEMPTS = 5;

    /** How often a node reports its figures while its clients run. */
    static final Duration TALLY_EVERY = Duration.ofSeconds(1);

    private final Node node;
    private final String controlNode;
    private final int peers;
    private final CallCounts counts = new CallCounts();
    private final CountDownLatch quit = new CountDownLatch(1);
    private final RateLimiter shard;
    private final Pid agent;
    private final Cluster cluster;
    private volatile boolean downSeen;

    /** The agent's go-ahead once the node has joined: it waits for this before anything else. */
    private record Joined() {}

    /** The agent's timer: report the figures. */
    private record Tick() {}

    /** A client has finished. */
    private record ClientDone() {}

    private ClusterMember(Node node, ClusterConfig config, String controlNode, int members) {
        this.node = node;
        this.controlNode = controlNode;
        this.peers = members - 1;
        this.shard = RateLimiter.start(
                node, CAPACITY, PER_SECOND, StartOptions.defaults().withName(SHARD));
        // Named before the join: a query that comes as soon as the others see this node finds the agent.
        this.agent = node.spawn(this::agent);
        node.register(AGENT, agent);
        this.cluster = join(node, config, controlNode);
        node.send(agent, new Joined());
    }

    /**
     * Joins; a node that finds no member of the cluster, though the control's node is up, leaves and joins again,
     * up to {@link #JOIN_ATTEMPTS} times. On a loaded machine the others' answers to its discovery can come after
     * JGroups' timeout, and it then founds a cluster of its own, which the others do not merge with.
     */
    private static Cluster join(Node node, ClusterConfig config, String controlNode) {
        for (int attempt = 1; ; attempt++) {
            Cluster cluster = Cluster.join(node, config);
            if (controlNode.equals(node.name()) || cluster.nodes().contains(controlNode) || attempt == JOIN_ATTEMPTS) {
                return cluster;
            }
            cluster.close();
            System.err.printf(
                    Locale.ROOT,
                    "%s found no member of the cluster (attempt %d of %d): joining again%n",
                    node.name(),
                    attempt,
                    JOIN_ATTEMPTS);
        }
    }

    /**
     * Starts the shard and the agent on {@code node} and joins it to the cluster.
     *
     * @param controlNode the node whose {@link #CONTROL} process gets the reports
     * @param members how many nodes the cluster has when all are up, this one included
     */
    static ClusterMember start(Node node, ClusterConfig config, String controlNode, int members) {
        return new ClusterMember(node, config, controlNode, members);
    }

    /** {@return the node's membership} */
    Cluster cluster() {
        return cluster;
    }

    /** {@return the node} */
    Node node() {
        return node;
    }

    /** {@return the node's shard} */
    RateLimiter shard() {
        return shard;
    }

    /** {@return whether this node has seen another go down} */
    boolean downSeen() {
        return downSeen;
    }

    /** {@return the members alive as this node sees them now, itself included, sorted} */
    List<String> live() {
        List<String> live = new ArrayList<>(cluster.nodes());
        live.add(node.name());
        live.sort(null);
        return live;
    }

    /** Tells the agent to quit: {@link #awaitQuit} returns. */
    void quit() {
        node.send(agent, new Quit());
    }

    /** {@return whether the agent was told to quit (or the control's node went down) within {@code timeout}} */
    boolean awaitQuit(Duration timeout) throws InterruptedException {
        return quit.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    private void agent(ProcessContext self) {
        self.receive(Joined.class);
        cluster.monitorNodes(self.self());
        Set<String> up = new HashSet<>();
        Map<String, Pid> monitored = new TreeMap<>();
        for (String other : cluster.nodes()) { // joined before this node watched: no NodeUp comes for them
            up(self, up, other);
        }
        boolean ready = false;
        int running = 0;
        long started = 0;
        while (true) {
            Object message = self.receive();
            switch (message) {
                case NodeUp(String other) -> up(self, up, other);
                case ShardQuery(Pid replyTo) ->
                    self.send(replyTo, new ShardAt(node.name(), shard.ref().pid()));
                case ShardAt(String other, Pid pid) -> {
                    if (!monitored.containsKey(other)) {
                        self.monitor(pid);
                        monitored.put(other, pid);
                    }
                    if (!ready && monitored.size() == peers) {
                        ready = true;
                        report(new Ready(
                                node.name(), cluster.nodes().stream().toList(), List.copyOf(monitored.keySet())));
                    }
                }
                case NodeDown(String other) -> {
                    downSeen = true;
                    up.remove(other);
                    report(seen("NodeDown", other));
                    if (other.equals(controlNode)) {
                        quit.countDown(); // the demo's coordinator is gone: nothing to do here any more
                        return;
                    }
                }
                case Down down ->
                    report(seen("Down", down.pid().node() + "'s shard " + down.pid() + ": " + down.reason()));
                case Go(long durationMillis, int clients) -> {
                    started = System.nanoTime();
                    long deadline = started + TimeUnit.MILLISECONDS.toNanos(durationMillis);
                    ClusterClients work = new ClusterClients(this, counts, deadline);
                    Pid me = self.self();
                    for (int i = 0; i < clients; i++) {
                        int seed = node.name().hashCode() * 31 + i;
                        self.spawn(client -> {
                            try {
                                work.run(client, seed);
                            } finally {
                                client.send(me, new ClientDone());
                            }
                        });
                    }
                    running = clients;
                    self.sendAfter(self.self(), TALLY_EVERY, new Tick());
                }
                case Tick() -> {
                    if (running > 0) {
                        report(counts.tally(node.name(), millisSince(started), false));
                        self.sendAfter(self.self(), TALLY_EVERY, new Tick());
                    }
                }
                case ClientDone() -> {
                    if (--running == 0) {
                        report(counts.tally(node.name(), millisSince(started), true));
                    }
                }
                case Quit() -> {
                    quit.countDown();
                    return;
                }
                default -> {} // nothing else is sent to the agent
            }
        }
    }

    private void up(ProcessContext self, Set<String> up, String other) {
        if (up.add(other)) {
            report(seen("NodeUp", other));
            cluster.send(other, AGENT, new ShardQuery(self.self()));
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private Seen seen(String event, String about) {
        return new Seen(node.name(), event, about, ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now()));
    }

    /** Sends {@code message} to the demo's control; lost if the control has already stopped. */
    private void report(Object message) {
        try {
            cluster.send(controlNode, CONTROL, message);
        } catch (NameNotRegisteredException e) {
            // the control is on this node and has stopped: the demo is over
        }
    }

    /** Leaves the cluster and stops the agent and the shard; the node stays open. */
    @Override
    public void close() {
        cluster.close();
        node.exit(agent, io.otp4j.process.ExitReason.shutdown());
        shard.stop();
    }
}
