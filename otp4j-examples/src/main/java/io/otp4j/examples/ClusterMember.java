package io.otp4j.examples;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.cluster.DistributedSupervisor;
import io.otp4j.cluster.DistributedSupervisorConfig;
import io.otp4j.cluster.NodeDown;
import io.otp4j.cluster.NodeUp;
import io.otp4j.examples.ClusterWire.Go;
import io.otp4j.examples.ClusterWire.Quit;
import io.otp4j.examples.ClusterWire.Ready;
import io.otp4j.examples.ClusterWire.Seen;
import io.otp4j.examples.ClusterWire.ShardStarted;
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
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One node of the cluster demo, in whichever JVM it runs: its part of the distributed supervisor {@value
 * LimiterShards#SUPERVISOR}, which runs the limiter shards placed on this node, and its agent (registered as {@link
 * #AGENT}), a process that watches the other nodes, runs the node's clients when told to and reports all it sees to
 * the demo's control on the coordinating node. Each shard's {@code init} reports its start to the control too.
 *
 * <pre>
 *   agent ── monitorNodes ──▶ NodeUp, NodeDown n ──▶ Seen ──▶ control
 *         ── the supervisor has met every node ──▶ Ready ──▶ control
 *         ── Go ──▶ clients ──▶ a Tally each second, and a last one ──▶ control
 *   shard ── init ──▶ ShardStarted ──▶ control
 * </pre>
 */
final class ClusterMember implements AutoCloseable {

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

    /** How often the agent looks whether the supervisor has met every node, until it has. */
    static final Duration READY_CHECK_EVERY = Duration.ofMillis(50);

    /** How long the agent waits on {@code Go} for every shard to be found, before its clients start anyway. */
    static final Duration LOCATE_BOUND = Duration.ofSeconds(10);

    /** How long a node that quits waits for the others to take its shards over. */
    static final Duration LEAVE_BOUND = Duration.ofSeconds(5);

    /** How often a node reports its figures while its clients run. */
    static final Duration TALLY_EVERY = Duration.ofSeconds(1);

    private final Node node;
    private final String controlNode;
    private final int members;
    private final CallCounts counts = new CallCounts();
    private final CountDownLatch quit = new CountDownLatch(1);
    private final Pid agent;
    private final Cluster cluster;
    private final DistributedSupervisor shards;
    private volatile boolean downSeen;

    /** The agent's go-ahead once the node has joined: it waits for this before anything else. */
    private record Joined() {}

    /** The agent's timer: report the figures. */
    private record Tick() {}

    /** The agent's timer: look whether the supervisor has met every node. */
    private record CheckReady() {}

    /** Never sent: the agent waits for it while the shards are not all found yet. */
    private record Wait() {}

    /** A client has finished. */
    private record ClientDone() {}

    private ClusterMember(Node node, ClusterConfig config, String controlNode, int members) {
        this.node = node;
        this.controlNode = controlNode;
        this.members = members;
        // Named before the join: a message that comes as soon as the others see this node finds the agent.
        this.agent = node.spawn(this::agent);
        node.register(AGENT, agent);
        this.cluster = join(node, config, controlNode);
        this.shards = DistributedSupervisor.start(
                cluster,
                LimiterShards.SUPERVISOR,
                LimiterShards.kinds(node, (id, self) -> report(new ShardStarted(id, node.name(), nowMicros()))),
                DistributedSupervisorConfig.defaults().withLeaveTimeout(LEAVE_BOUND));
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
     * Starts the agent on {@code node}, joins it to the cluster, and starts its part of the shards' supervisor.
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

    /** {@return this node's part of the shards' distributed supervisor} */
    DistributedSupervisor shards() {
        return shards;
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
        for (String other : cluster.nodes()) { // joined before this node watched: no NodeUp comes for them
            up(up, other);
        }
        self.send(self.self(), new CheckReady());
        int running = 0;
        long started = 0;
        while (true) {
            Object message = self.receive();
            switch (message) {
                case NodeUp(String other) -> up(up, other);
                case CheckReady() -> {
                    List<String> supervisedOn = shards.members();
                    if (supervisedOn.size() == members && cluster.nodes().size() == members - 1) {
                        report(new Ready(node.name(), cluster.nodes().stream().toList(), supervisedOn));
                    } else {
                        self.sendAfter(self.self(), READY_CHECK_EVERY, new CheckReady());
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
                case Go(long durationMillis, int clients) -> {
                    awaitShardsFound(self);
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

    /**
     * Waits, up to {@link #LOCATE_BOUND}, until this node finds every shard: the node that runs one publishes it a
     * moment after its start, which the control has waited for.
     */
    private void awaitShardsFound(ProcessContext self) {
        long deadline = System.nanoTime() + LOCATE_BOUND.toNanos();
        while (!LimiterShards.IDS.stream().allMatch(id -> shards.whereis(id).isPresent())
                && System.nanoTime() - deadline < 0) {
            self.receive(Wait.class, READY_CHECK_EVERY);
        }
    }

    private void up(Set<String> up, String other) {
        if (up.add(other)) {
            report(seen("NodeUp", other));
        }
    }

    private static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private Seen seen(String event, String about) {
        return new Seen(node.name(), event, about, nowMicros());
    }

    /** {@return the time now on the host's clock, in microseconds since the epoch} */
    static long nowMicros() {
        return ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
    }

    /** Sends {@code message} to the demo's control; lost if the control has already stopped. */
    private void report(Object message) {
        try {
            cluster.send(controlNode, CONTROL, message);
        } catch (NameNotRegisteredException e) {
            // the control is on this node and has stopped: the demo is over
        }
    }

    /**
     * Hands this node's shards to the others (waiting up to {@link #LEAVE_BOUND}), leaves the cluster and stops the
     * agent; the node stays open.
     */
    @Override
    public void close() {
        shards.close();
        cluster.close();
        node.exit(agent, io.otp4j.process.ExitReason.shutdown());
    }
}
