package io.otp4j.bench.scenario;

import io.otp4j.bench.BenchCounter;
import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.cluster.ClusterRegistry;
import io.otp4j.cluster.DistributedSupervisor;
import io.otp4j.cluster.ProcessGroups;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The otp4j peer of the remote workloads, the second JVM: a node that joins the driver's cluster over TCP on
 * 127.0.0.1 and serves the counter ({@link BenchCounter}, registered as {@value RemoteSide#COUNTER}) and the cast
 * sink ({@value RemoteSide#SINK}). Started by {@link OtpRemote}:
 *
 * <pre>
 * OtpPeer --name NODE --port PORT --initial HOST:PORT,HOST:PORT --cluster NAME [--role failover]
 *         (secret in OTP4J_BENCH_SECRET)
 * </pre>
 *
 * <p>The server peer also holds {@value RemoteScenarios#NAMES} names in the cluster registry {@value #REGISTRY}
 * ({@code held-0}, ...) and runs the process-group scope {@value OtpRemote#GROUPS_SCOPE}; a peer of role {@code
 * failover} instead runs the distributed supervisor of {@link FailoverChild}, to which the driver gives children.
 */
public final class OtpPeer {

    /** The environment variable that carries the cluster's secret to the peer (not its command line). */
    static final String SECRET_ENV = "OTP4J_BENCH_SECRET";

    /** The cluster registry both sides start. */
    static final String REGISTRY = "bench";

    private OtpPeer() {}

    public static void main(String[] args) throws Exception {
        String secret = System.getenv(SECRET_ENV);
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("no cluster secret in " + SECRET_ENV);
        }
        List<String> initial = Arrays.asList(Peer.option(args, "--initial").split(","));
        Node node = Node.start(Peer.option(args, "--name"));
        ClusterConfig config = config(Peer.option(args, "--cluster"), secret)
                .withPort(Integer.parseInt(Peer.option(args, "--port")))
                .withInitialMembers(initial);
        Cluster cluster = Cluster.join(node, config);
        if (Arrays.asList(args).contains("--role")
                && Peer.option(args, "--role").equals("failover")) {
            DistributedSupervisor.start(
                    cluster,
                    FailoverChild.SUPERVISOR,
                    Map.of(FailoverChild.KIND, FailoverChild.FACTORY),
                    FailoverChild.config());
        } else {
            BenchCounter.startNamed(node, RemoteSide.COUNTER);
            node.register(RemoteSide.SINK, node.spawn(OtpPeer::sink));
            ProcessGroups.start(cluster, OtpRemote.GROUPS_SCOPE);
            ClusterRegistry<String, String> registry =
                    ClusterRegistry.start(cluster, REGISTRY, ClusterRegistry.Keys.UNIQUE);
            for (int i = 0; i < RemoteScenarios.NAMES; i++) {
                String key = "held-" + i;
                node.spawn(self -> {
                    registry.register(self, key, "held");
                    self.receive(Object.class);
                });
            }
        }
        System.err.println("peer " + node.name() + " serves; members " + cluster.nodes());
        Peer.serveUntilStdinCloses();
    }

    /** {@return the configuration both sides join with: TCP on 127.0.0.1, the bench's messages allowed} */
    static ClusterConfig config(String clusterName, String secret) {
        return ClusterConfig.of(clusterName)
                .withBindAddress("127.0.0.1")
                .withSecret(secret)
                .withAllowedPackage(BenchCounter.class.getPackageName())
                .withAllowedPackage(SinkMessages.class.getPackageName());
    }

    /** The sink: counts ticks after an expect, answers pings. */
    static void sink(ProcessContext self) {
        int expected = -1;
        int got = 0;
        Pid replyTo = self.self();
        while (true) {
            switch (self.receive()) {
                case SinkMessages.Expect expect -> {
                    expected = expect.count();
                    got = 0;
                    replyTo = expect.replyTo();
                    if (expected == 0) {
                        self.send(replyTo, new SinkMessages.Got(0));
                    }
                }
                case SinkMessages.Tick tick -> {
                    got++;
                    if (got == expected) {
                        self.send(replyTo, new SinkMessages.Got(got));
                    }
                }
                case SinkMessages.Ping ping -> self.send(ping.replyTo(), new SinkMessages.Pong(self.self()));
                default -> {
                    // anything else is not the sink's
                }
            }
        }
    }
}
