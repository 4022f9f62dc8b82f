package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The distributed supervisor across JVMs ({@link SupervisedMember}s and this one) in one TCP cluster on 127.0.0.1:
 * the children of a JVM killed with {@code kill -9} run again on the survivors, each once, where placement puts
 * them now.
 */
class DistributedSupervisorKillTest {

    private static final Duration START = Duration.ofSeconds(60);
    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final Placement PLACEMENT = Placement.rendezvous();

    private final List<Process> children = new ArrayList<>();
    private final Counter.Book book = new Counter.Book();
    /** The supervisor's members as each child JVM last said it knows them. */
    private final Map<String, List<String>> members = new ConcurrentHashMap<>();

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
    void theChildrenOfAJvmKilledWithSigkillRunAgainOnceEachOnTheSurvivors() throws Exception {
        int[] ports = freePorts(3);
        String clusterName = "otp4j-dsup-kill-" + UUID.randomUUID();
        String initial = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        Started one = start(clusterName, "dkill-one", ports[0], initial);
        one.ready().get(START.toSeconds(), TimeUnit.SECONDS);
        Started two = start(clusterName, "dkill-two", ports[1], initial);
        ClusterConfig config = ClusterConfig.of(clusterName)
                .withSecret(Members.SECRET)
                .withPort(ports[2])
                .withInitialMembers(List.of(initial.split(",")));
        try (Node node = Node.start("dkill-test");
                Cluster cluster = Cluster.join(node, config)) {
            two.ready().get(START.toSeconds(), TimeUnit.SECONDS);
            DistributedSupervisor supervisor =
                    DistributedSupervisor.start(cluster, Supervised.NAME, Counter.kinds(book, "dkill-test"));
            List<String> three = List.of("dkill-one", "dkill-test", "dkill-two");
            // Each node places a child among the members it knows: until all three know each other, a child could start
            // on a node that does not know its owner yet, and move to it later.
            Eventually.until(
                    () -> supervisor.members().equals(three) && knows(one, three) && knows(two, three),
                    "the supervisor runs on the three nodes, as each of them sees it");
            List<String> ids = IntStream.range(0, 120).mapToObj(i -> "k-" + i).toList();
            ids.forEach(id -> supervisor.startChild(id, Counter.KIND, id));
            Eventually.until(
                    () -> ids.stream()
                            .allMatch(id -> book.startsOf(id).size() == 1
                                    && supervisor.whereis(id).isPresent()),
                    "every child started once and is found");
            List<String> victims = ids.stream()
                    .filter(id -> PLACEMENT.place(id, three).equals("dkill-one"))
                    .toList();
            assertThat(victims).isNotEmpty();
            assertThat(ids).allSatisfy(id -> assertThat(book.startsOf(id)).containsExactly(PLACEMENT.place(id, three)));

            one.process().destroyForcibly();

            List<String> two2 = List.of("dkill-test", "dkill-two");
            Eventually.until(() -> supervisor.members().equals(two2), "the supervisor runs on the two survivors");
            Eventually.until(
                    () -> victims.stream()
                            .allMatch(id -> book.startsOf(id).size() >= 2
                                    && supervisor
                                            .whereis(id)
                                            .filter(pid -> !pid.node().equals("dkill-one"))
                                            .isPresent()),
                    "every child of the killed JVM runs again");
            for (String id : ids) {
                List<String> expected = victims.contains(id)
                        ? List.of("dkill-one", PLACEMENT.place(id, two2))
                        : List.of(PLACEMENT.place(id, three));
                assertThat(book.startsOf(id)).as("starts of %s", id).isEqualTo(expected);
                assertThat(supervisor.whereis(id).orElseThrow().node()).isEqualTo(expected.getLast());
            }
        }
    }

    private record Started(String name, Process process, CompletableFuture<String> ready) {}

    /**
     * {@return whether the child JVM {@code member} last said its supervisor's members are {@code expected}}, and
     * asks it again, for a later look
     */
    private boolean knows(Started member, List<String> expected) {
        boolean known = expected.equals(members.get(member.name()));
        try {
            var ask = member.process().outputWriter(StandardCharsets.UTF_8);
            ask.write(SupervisedMember.ASK_MEMBERS);
            ask.newLine();
            ask.flush();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(member.name() + "'s JVM takes no question", e);
        }
        return known;
    }

    /** Starts {@link SupervisedMember} in a JVM of its own, with this JVM's java and this test's classes. */
    private Started start(String clusterName, String nodeName, int port, String initial) throws IOException {
        ProcessBuilder builder =
                ChildJvms.of(SupervisedMember.class, clusterName, nodeName, Integer.toString(port), initial);
        Process process = builder.start();
        children.add(process);
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name("output of " + nodeName).start(() -> relay(process, nodeName, ready));
        return new Started(nodeName, process, ready);
    }

    /** Records the child's starts of children in the book, and completes {@code ready} with its ready line. */
    private void relay(Process process, String nodeName, CompletableFuture<String> ready) {
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = out.readLine(); line != null; line = out.readLine()) {
                if (line.startsWith(SupervisedMember.MEMBERS + " " + nodeName)) {
                    List<String> words = List.of(line.split(" "));
                    members.put(nodeName, words.subList(2, words.size()));
                    continue;
                }
                String[] words = line.split(" ", 4);
                if (words.length == 3 && words[0].equals(SupervisedMember.START)) {
                    book.started(words[1], words[2]);
                    continue;
                }
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
}
