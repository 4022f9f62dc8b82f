package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Messages.Hello;
import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Nodes in JVMs of their own ({@link ClusterMember}) and this JVM in one TCP cluster on 127.0.0.1: a JVM killed
 * with {@code kill -9} closes its sockets, and the others see its node down, with {@code noconnection} on the
 * monitors of its processes, within a second; the JVM that lives on stays reachable.
 */
class ClusterKillTest {

    /** What the failure detection is meant to do after a crash (ADR 25). */
    private static final Duration WITHIN = Duration.ofSeconds(1);

    /** A JVM's start, on a loaded machine. */
    private static final Duration START = Duration.ofSeconds(60);

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final List<Process> children = new ArrayList<>();

    @AfterEach
    void stopChildren() throws InterruptedException {
        for (Process child : children) {
            child.destroyForcibly();
            assertThat(child.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS))
                    .as("child JVM %d has stopped", child.pid())
                    .isTrue();
        }
    }

    @Test
    void aNodeKilledWithSigkillIsDownWithinASecondAndTheOtherStaysReachable() throws Exception {
        int[] ports = freePorts(3);
        String clusterName = "otp4j-kill-" + UUID.randomUUID();
        String initial = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        // The first child is the coordinator: killing it also makes the next member take over the views.
        Started one = start(clusterName, "kill-one", ports[0], initial);
        one.ready().get(START.toSeconds(), TimeUnit.SECONDS);
        Started two = start(clusterName, "kill-two", ports[1], initial);
        ClusterConfig config = ClusterConfig.of(clusterName)
                .withSecret(Members.SECRET)
                .withAllowedClass(Hello.class)
                .withPort(ports[2])
                .withInitialMembers(List.of(initial.split(",")));
        try (Node node = Node.start("kill-test");
                Cluster cluster = Cluster.join(node, config)) {
            two.ready().get(START.toSeconds(), TimeUnit.SECONDS);
            Eventually.until(
                    () -> cluster.nodes().containsAll(List.of("kill-one", "kill-two")), "this node sees both JVMs");
            TestProbe nodes = TestProbe.spawn(node);
            cluster.monitorNodes(nodes.pid());
            TestProbe probe = TestProbe.spawn(node);
            Pid echoOne = echo(cluster, probe, "kill-one");
            Pid echoTwo = echo(cluster, probe, "kill-two");
            probe.watch(echoOne);
            probe.watch(echoTwo);
            // A round trip after the monitors: the monitor frames were handled before the answer was sent.
            assertThat(echo(cluster, probe, "kill-one")).isEqualTo(echoOne);
            assertThat(echo(cluster, probe, "kill-two")).isEqualTo(echoTwo);

            long killedAt = System.nanoTime();
            one.process().destroyForcibly();
            assertThat(nodes.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("kill-one"));
            Duration nodeDown = since(killedAt);
            probe.expectDown(echoOne, ExitReason.noconnection(), BOUND);
            Duration down = since(killedAt);
            System.out.printf(
                    "ClusterKillTest: after kill -9 of pid %d, NodeDown in %d ms, Down noconnection in %d ms%n",
                    one.process().pid(), nodeDown.toMillis(), down.toMillis());
            assertThat(nodeDown).isLessThan(WITHIN);
            assertThat(down).isLessThan(WITHIN);

            assertThat(cluster.nodes()).containsExactly("kill-two");
            assertThat(echo(cluster, probe, "kill-two")).isEqualTo(echoTwo);
            assertThat(cluster.send("kill-one", ClusterMember.ECHO, new Hello(probe.pid(), "gone")))
                    .isEqualTo(Delivery.NO_PROCESS);
            probe.expectNoMessage(Duration.ofMillis(200)); // no Down for the process of the JVM that lives on
        }
    }

    /** {@return the pid of the echo process of {@code nodeName}}, from its answer to {@code probe} */
    private static Pid echo(Cluster cluster, TestProbe probe, String nodeName) {
        String text = "hello " + nodeName;
        assertThat(cluster.send(nodeName, ClusterMember.ECHO, new Hello(probe.pid(), text)))
                .isEqualTo(Delivery.ACCEPTED);
        Hello answer = probe.expectMessage(Hello.class, BOUND);
        assertThat(answer.text()).isEqualTo(text);
        assertThat(answer.from().node()).isEqualTo(nodeName);
        return answer.from();
    }

    private record Started(Process process, CompletableFuture<String> ready) {}

    /** Starts {@link ClusterMember} in a JVM of its own, with this JVM's java and this test's classes. */
    private Started start(String clusterName, String nodeName, int port, String initial) throws IOException {
        ProcessBuilder builder =
                ChildJvms.of(ClusterMember.class, clusterName, nodeName, Integer.toString(port), initial);
        Process process = builder.start();
        children.add(process);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("output of " + nodeName).start(() -> relay(process, nodeName, ready));
        return new Started(process, ready);
    }

    /** Echoes the child's output, and completes {@code ready} with its ready line (or fails it when it ends). */
    private static void relay(Process process, String nodeName, CompletableFuture<String> ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                System.out.println("[" + nodeName + " pid " + process.pid() + "] " + line);
                if (line.startsWith(ClusterMember.READY + " " + nodeName)) {
                    ready.complete(line);
                }
            }
        } catch (IOException e) {
            ready.completeExceptionally(e);
        }
        ready.completeExceptionally(new IllegalStateException(nodeName + "'s JVM ended before it was ready"));
    }

    /** {@return {@code count} distinct free ports of 127.0.0.1}, held open together while they are picked */
    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                sockets.add(socket);
                ports[i] = socket.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket socket : sockets) {
                socket.close();
            }
        }
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }
}
