package io.otp4j.bench.scenario;

import io.otp4j.bench.BenchCounter;
import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterRegistry;
import io.otp4j.cluster.DistributedSupervisor;
import io.otp4j.cluster.NodeDown;
import io.otp4j.cluster.ProcessGroups;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * The remote workloads on otp4j: this JVM's node {@code driver} joins a cluster over TCP on 127.0.0.1 (a fresh
 * secret and cluster name per run), and {@link OtpPeer}s in other JVMs join it. Calls go through {@link
 * GenServerRef#named(Node, String, String, io.otp4j.genserver.ServerType)} to the peer's counter; casts are sends
 * to the peer's sink by name ({@link Cluster#send}, Erlang's {@code {sink, Node} ! Msg}); node-down is watched
 * with {@link Cluster#monitorNodes} and a monitor on the sink.
 */
final class OtpRemote implements RemoteSide {

    private static final Duration BOUND = OtpContender.BATCH_BOUND;

    /** The process-group scope both sides start for {@code cluster_join}. */
    static final String GROUPS_SCOPE = "bench";

    private final String clusterName;
    private final String secret;
    private final int port;
    private final Node node = Node.start("driver");
    private final Cluster cluster;
    private final Peers peers;
    private @Nullable Peer server;
    private @Nullable ClusterRegistry<String, String> registry;

    OtpRemote() {
        byte[] random = new byte[16];
        new SecureRandom().nextBytes(random);
        secret = HexFormat.of().formatHex(random);
        clusterName = "otp4j-bench-" + secret.substring(0, 8);
        port = Peer.freePort();
        try {
            cluster = Cluster.join(
                    node,
                    OtpPeer.config(clusterName, secret)
                            .withPort(port)
                            .withInitialMembers(List.of("127.0.0.1:" + port)));
        } catch (RuntimeException e) {
            node.close();
            throw e;
        }
        peers = new Peers(
                OtpPeer.class,
                clusterName,
                Map.of(OtpPeer.SECRET_ENV, secret),
                peerPort -> "127.0.0.1:" + port + ",127.0.0.1:" + peerPort,
                name -> cluster.nodes().contains(name));
    }

    /** {@return the peer that serves the calls and casts, started at first need} */
    private String server() throws Exception {
        Peer peer = server;
        if (peer == null) {
            peer = peers.start();
            server = peer;
        }
        return peer.name();
    }

    @Override
    public Bench calls(int callers, int total) throws Exception {
        int each = OtpContender.share(total, callers);
        var counter = GenServerRef.named(node, server(), COUNTER, BenchCounter.TYPE);
        return OtpContender.clients(node, callers, client -> {
            for (int i = 0; i < each; i++) {
                counter.call(BenchCounter.INCREMENT);
            }
        });
    }

    @Override
    public Bench casts(int casts) throws Exception {
        String to = server();
        record Batch(CompletableFuture<Void> done) {}
        Pid client = node.spawn(self -> {
            while (true) {
                Batch batch = self.receive(Batch.class);
                try {
                    cluster.send(to, SINK, new SinkMessages.Expect(casts, self.self()));
                    for (int i = 0; i < casts; i++) {
                        cluster.send(to, SINK, SinkMessages.TICK);
                    }
                    int got = self.receive(SinkMessages.Got.class, BOUND)
                            .orElseThrow(() -> new IllegalStateException(
                                    "the sink did not get " + casts + " casts within " + BOUND))
                            .count();
                    if (got != casts) {
                        throw new IllegalStateException("the sink got " + got + " of " + casts + " casts");
                    }
                    batch.done().complete(null);
                } catch (RuntimeException e) {
                    batch.done().completeExceptionally(e);
                }
            }
        });
        return OtpContender.bench(
                () -> {
                    Batch batch = new Batch(new CompletableFuture<>());
                    long t0 = System.nanoTime();
                    node.send(client, batch);
                    batch.done().get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
                    return System.nanoTime() - t0;
                },
                () -> node.exit(client, ExitReason.kill()));
    }

    @Override
    public Bench register(int names) throws Exception {
        server(); // the peer's registry is the other member each name is sent to
        ClusterRegistry<String, String> registry = registry();
        List<Pid> holders = new ArrayList<>();
        int[] next = {0};
        Bench clients = OtpContender.clients(node, 1, client -> {
            int base = next[0];
            next[0] = base + names;
            CountDownLatch registered = new CountDownLatch(names);
            for (int i = base; i < base + names; i++) {
                String key = "name-" + i;
                // As :global's: each name for a process of its own, which registers itself (the registry's rule).
                holders.add(node.spawn(self -> {
                    registry.register(self, key, "bench");
                    registered.countDown();
                    self.receive(Object.class);
                }));
            }
            try {
                if (!registered.await(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                    throw new IllegalStateException(names + " names were not registered within " + BOUND);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
        return OtpContender.bench(clients::run, () -> {
            clients.close();
            holders.forEach(holder -> node.exit(holder, ExitReason.kill()));
        });
    }

    @Override
    public Bench lookup(int names) throws Exception {
        String peer = server();
        ClusterRegistry<String, String> registry = registry();
        String[] keys = new String[names];
        for (int i = 0; i < names; i++) {
            keys[i] = "held-" + i;
        }
        // Every key, not a count: the driver's own names (cluster_register) are in the same registry.
        if (!Peer.await(
                () -> java.util.Arrays.stream(keys)
                        .allMatch(k -> registry.whereis(k).isPresent()),
                BOUND)) {
            throw new IllegalStateException("the peer's " + names + " names did not reach the driver within " + BOUND);
        }
        return OtpContender.clients(node, 1, client -> {
            for (int round = 0; round < RemoteScenarios.LOOKUP_ROUNDS; round++) {
                lookupAll(registry, keys, peer);
            }
        });
    }

    /** Looks each of {@code keys} up, checking that a process of {@code peer} holds it. */
    private static void lookupAll(ClusterRegistry<String, String> registry, String[] keys, String peer) {
        for (String key : keys) {
            Pid holder = registry.whereis(key).orElseThrow(() -> new IllegalStateException(key + " has no holder"));
            if (!holder.node().equals(peer)) {
                throw new IllegalStateException(key + " is held on " + holder.node() + ", not " + peer);
            }
        }
    }

    /** {@return the driver's cluster registry, started at first need} */
    private ClusterRegistry<String, String> registry() {
        ClusterRegistry<String, String> r = registry;
        if (r == null) {
            r = ClusterRegistry.start(cluster, OtpPeer.REGISTRY, ClusterRegistry.Keys.UNIQUE);
            registry = r;
        }
        return r;
    }

    @Override
    public Bench failover(int children) throws Exception {
        DistributedSupervisor supervisor = DistributedSupervisor.start(
                cluster,
                FailoverChild.SUPERVISOR,
                Map.of(FailoverChild.KIND, FailoverChild.FACTORY),
                FailoverChild.config());
        int[] round = {0};
        return OtpContender.bench(() -> failoverOnce(supervisor, children, round[0]++), supervisor::close);
    }

    /**
     * A new peer runs {@code children} children of {@code supervisor}; it is killed; {@return the nanoseconds from
     * the kill until every one of them has started again on the driver}
     */
    private long failoverOnce(DistributedSupervisor supervisor, int children, int round) throws Exception {
        Peer peer = peers.start(List.of("--role", "failover"));
        String name = peer.name();
        try {
            if (!Peer.await(() -> supervisor.members().contains(name), BOUND)) {
                throw new IllegalStateException("the supervisor of " + name + " did not meet the driver's");
            }
            List<String> ids = new ArrayList<>(children);
            for (int i = 0; i < children; i++) {
                String id = "r" + round + "-" + i;
                ids.add(id);
                supervisor.startChild(id, FailoverChild.KIND, "");
            }
            boolean running = Peer.await(
                    () -> ids.stream()
                            .allMatch(id -> supervisor
                                    .whereis(id)
                                    .map(pid -> pid.node().equals(name))
                                    .orElse(false)),
                    BOUND);
            if (!running) {
                throw new IllegalStateException("the " + children + " children did not all run on " + name);
            }
            CountDownLatch restarted = new CountDownLatch(children);
            FailoverChild.started = restarted;
            long killed = peer.kill();
            if (!restarted.await(BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException(restarted.getCount() + " of " + children
                        + " children did not run again on the driver within " + BOUND);
            }
            long elapsed = System.nanoTime() - killed;
            FailoverChild.started = null;
            ids.forEach(supervisor::terminateChild);
            return elapsed;
        } finally {
            FailoverChild.started = null;
            peers.stop(peer);
        }
    }

    @Override
    public Bench join(int groups) throws Exception {
        server(); // the peer's scope is the other member the joins are sent to
        ProcessGroups scope = ProcessGroups.start(cluster, GROUPS_SCOPE);
        Pid member = node.spawn(self -> self.receive(Object.class));
        int[] next = {0};
        Bench clients = OtpContender.clients(node, 1, client -> {
            int base = next[0];
            next[0] = base + groups;
            for (int i = base; i < base + groups; i++) {
                scope.join("g" + i, member);
            }
        });
        return OtpContender.bench(clients::run, () -> {
            try (clients) {
                node.exit(member, ExitReason.kill());
            } finally {
                scope.close();
            }
        });
    }

    @Override
    public Bench nodeDown() {
        return OtpContender.bench(this::nodeDownOnce, () -> {});
    }

    /** What the watcher saw after the kill: when the node-down and the monitor's down arrived, and its reason. */
    private record Seen(long nodeDownAt, long downAt, ExitReason reason) {}

    private long nodeDownOnce() throws Exception {
        Peer peer = peers.start();
        String name = peer.name();
        CompletableFuture<Void> armed = new CompletableFuture<>();
        CompletableFuture<Seen> seen = new CompletableFuture<>();
        Pid watcher = node.spawn(self -> {
            cluster.monitorNodes(self.self());
            cluster.send(name, SINK, new SinkMessages.Ping(self.self()));
            Pid sink =
                    self.receive(SinkMessages.Pong.class, BOUND).orElseThrow().sink();
            MonitorRef ref = self.monitor(sink);
            armed.complete(null);
            long nodeDownAt = 0;
            long downAt = 0;
            ExitReason reason = ExitReason.normal();
            while (nodeDownAt == 0 || downAt == 0) {
                Object message = self.receive(
                                m -> m instanceof NodeDown(String n) && n.equals(name)
                                        || m instanceof Down down && down.ref().equals(ref),
                                BOUND)
                        .orElseThrow();
                if (message instanceof Down down) {
                    downAt = System.nanoTime();
                    reason = down.reason();
                } else {
                    nodeDownAt = System.nanoTime();
                }
            }
            cluster.demonitorNodes(self.self());
            seen.complete(new Seen(nodeDownAt, downAt, reason));
        });
        try {
            armed.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
            long killed = peer.kill();
            Seen after = seen.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
            if (!after.reason().equals(ExitReason.noconnection())) {
                throw new IllegalStateException(
                        "the monitor of " + name + "'s sink fired with " + after.reason() + ", not noconnection");
            }
            return Math.max(after.nodeDownAt(), after.downAt()) - killed;
        } finally {
            node.exit(watcher, ExitReason.kill());
            peers.stop(peer);
        }
    }

    @Override
    public void close() {
        peers.close();
        cluster.close();
        node.close();
    }
}
