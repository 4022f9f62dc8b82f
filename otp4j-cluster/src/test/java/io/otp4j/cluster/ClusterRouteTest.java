package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.Messages.Hello;
import io.otp4j.cluster.Messages.Numbered;
import io.otp4j.elsewhere.Secret;
import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Processes of different nodes in one JVM, over JGroups' shared loopback: messages, links, monitors and exit
 * signals cross exactly as between local processes, and a node that leaves fires {@code noconnection}.
 */
class ClusterRouteTest extends TwoMembers {

    private static final Duration BOUND = Duration.ofSeconds(10);

    ClusterRouteTest() {
        super("route");
    }

    private Node nodeA() {
        return a.node();
    }

    private Node nodeB() {
        return b.node();
    }

    @Test
    void aMessageCrossesWithAPidInItThatAnswersBack() {
        TestProbe there = TestProbe.spawn(nodeB());
        TestProbe here = TestProbe.spawn(nodeA());
        Pid remote = seenFrom(nodeA(), there.pid());
        assertThat(here.send(remote, new Hello(here.pid(), "hi"))).isEqualTo(Delivery.ACCEPTED);
        Hello hello = there.expectMessage(Hello.class, BOUND);
        assertThat(hello.text()).isEqualTo("hi");
        assertThat(hello.from()).isEqualTo(seenFrom(nodeB(), here.pid()));
        there.send(hello.from(), "back");
        assertThat(here.expectMessage(String.class, BOUND)).isEqualTo("back");
        assertThat(a.stats().framesSent()).isPositive();
        assertThat(b.stats().framesReceived()).isPositive();
        assertThat(b.stats().badFrames()).isZero();
    }

    @Test
    void aMessageToANameOnAnotherNodeArrives() {
        TestProbe there = TestProbe.spawn(nodeB(), "inbox");
        assertThat(a.send("route-b", "inbox", "by name")).isEqualTo(Delivery.ACCEPTED);
        assertThat(there.expectMessage(String.class, BOUND)).isEqualTo("by name");
        assertThat(a.send("nowhere", "inbox", "lost")).isEqualTo(Delivery.NO_PROCESS);
    }

    @Test
    void messagesOfEachOfEightConcurrentSendersArriveInOrder() {
        int senders = 8;
        int each = 200;
        TestProbe there = TestProbe.spawn(nodeB());
        Pid remote = seenFrom(nodeA(), there.pid());
        for (int s = 0; s < senders; s++) {
            int sender = s;
            nodeA().spawn(self -> {
                for (int n = 0; n < each; n++) {
                    self.send(remote, new Numbered(sender, n));
                }
            });
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (int i = 0; i < senders * each; i++) {
            Numbered got = there.expectMessage(Numbered.class, BOUND);
            int expected = next.getOrDefault(got.sender(), 0);
            assertThat(got.n()).as("sender %d's message", got.sender()).isEqualTo(expected);
            next.put(got.sender(), expected + 1);
        }
        assertThat(next)
                .hasSize(senders)
                .allSatisfy((sender, count) -> assertThat(count).isEqualTo(each));
    }

    @Test
    void aMessageOfAClassNotAllowedFailsAtTheSender() {
        TestProbe there = TestProbe.spawn(nodeB());
        Pid remote = seenFrom(nodeA(), there.pid());
        assertThatThrownBy(() -> nodeA().send(remote, new Secret("x")))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("io.otp4j.elsewhere.Secret");
    }

    @Test
    void aMonitorAcrossNodesDeliversTheExitReason() {
        TestProbe there = TestProbe.spawn(nodeB());
        TestProbe here = TestProbe.spawn(nodeA());
        Pid remote = seenFrom(nodeA(), there.pid());
        MonitorRef ref = here.watch(remote);
        Eventually.until(
                () -> !nodeB().info(there.pid()).orElseThrow().monitoredBy().isEmpty(), "b holds the monitor");
        there.exit(ExitReason.custom("bye"));
        Down down = here.expectDown(remote, ExitReason.custom("bye"), BOUND);
        assertThat(down.ref()).isEqualTo(ref);
    }

    @Test
    void aMonitorOrLinkOfADeadRemoteProcessFiresNoproc() {
        TestProbe there = TestProbe.spawn(nodeB());
        Pid remote = seenFrom(nodeA(), there.pid());
        there.stop();
        // Its exit done, not only begun: a process that has begun to exit is no longer alive, but until it is dead a
        // monitor or link still reaches it and is answered with the reason it exits with (normal here).
        assertThat(nodeB().await(there.pid(), BOUND))
                .as("the remote process has ended")
                .isPresent();
        TestProbe here = TestProbe.spawn(nodeA());
        here.watch(remote);
        here.expectDown(remote, ExitReason.noproc(), BOUND);
        here.trapExits(true);
        here.link(remote);
        here.expectExit(remote, ExitReason.noproc(), BOUND);
    }

    @Test
    void aLinkAcrossNodesCarriesExitsBothWays() {
        TestProbe there = TestProbe.spawn(nodeB());
        TestProbe here = TestProbe.spawn(nodeA());
        here.trapExits(true);
        there.trapExits(true);
        Pid remote = seenFrom(nodeA(), there.pid());
        here.link(remote);
        Eventually.until(() -> !nodeB().info(there.pid()).orElseThrow().links().isEmpty(), "b holds the link");
        there.exit(ExitReason.custom("crashed"));
        here.expectExit(remote, ExitReason.custom("crashed"), BOUND);

        TestProbe other = TestProbe.spawn(nodeB());
        other.trapExits(true);
        TestProbe linked = TestProbe.spawn(nodeA());
        linked.link(seenFrom(nodeA(), other.pid()));
        Eventually.until(() -> !nodeB().info(other.pid()).orElseThrow().links().isEmpty(), "b holds the link");
        linked.exit(ExitReason.crash(new IllegalStateException("boom")));
        Exit exit = other.expectExit(seenFrom(nodeB(), linked.pid()), BOUND);
        assertThat(exit.reason())
                .isInstanceOfSatisfying(
                        ExitReason.Crash.class,
                        crash -> assertThat(crash.cause())
                                .isInstanceOf(RemoteCrashException.class)
                                .hasMessageContaining("boom"));
    }

    @Test
    void anExitSignalCrossesNodes() {
        TestProbe there = TestProbe.spawn(nodeB());
        there.trapExits(true);
        nodeA().exit(seenFrom(nodeA(), there.pid()), ExitReason.shutdown("stop"));
        Exit exit = there.expectExit(seenFrom(nodeB(), nodeA().pid()), BOUND);
        assertThat(exit.reason()).isEqualTo(ExitReason.shutdown("stop"));
        TestProbe victim = TestProbe.spawn(nodeB());
        nodeA().exit(seenFrom(nodeA(), victim.pid()), ExitReason.kill());
        Eventually.until(() -> !victim.isAlive(), "the remote process is killed");
    }

    @Test
    void aNodeThatLeavesFiresNodeDownAndNoconnectionOnTheOthers() {
        Cluster c = members.join("route-c");
        Members.connected(a, b, c);
        TestProbe watcher = TestProbe.spawn(nodeA());
        a.monitorNodes(watcher.pid());
        TestProbe once = TestProbe.spawn(nodeA());
        a.monitorNode(once.pid(), "route-c");
        TestProbe one = TestProbe.spawn(c.node());
        TestProbe two = TestProbe.spawn(c.node());
        TestProbe here = TestProbe.spawn(nodeA());
        here.trapExits(true);
        Pid remoteOne = seenFrom(nodeA(), one.pid());
        Pid remoteTwo = seenFrom(nodeA(), two.pid());
        here.watch(remoteOne);
        here.link(remoteTwo);
        Eventually.until(() -> !c.node().info(two.pid()).orElseThrow().links().isEmpty(), "c holds the link");

        long start = System.nanoTime();
        c.close();
        here.expectDown(remoteOne, ExitReason.noconnection(), BOUND);
        here.expectExit(remoteTwo, ExitReason.noconnection(), BOUND);
        assertThat(watcher.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("route-c"));
        assertThat(once.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("route-c"));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
        assertThat(a.nodes()).containsExactly("route-b");
        assertThat(nodeA().send(remoteOne, "lost")).isEqualTo(Delivery.NO_PROCESS);
        a.monitorNode(once.pid(), "route-c");
        assertThat(once.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("route-c"));
    }

    @Test
    void aNodeThatJoinsIsAnnouncedAndAPidOfItsEarlierLifeIsDead() {
        TestProbe watcher = TestProbe.spawn(nodeA());
        a.monitorNodes(watcher.pid());
        Cluster first = members.join("route-r");
        Members.connected(a, first);
        assertThat(watcher.expectMessage(NodeUp.class, BOUND)).isEqualTo(new NodeUp("route-r"));
        TestProbe old = TestProbe.spawn(first.node());
        Pid oldPid = seenFrom(nodeA(), old.pid());
        first.close();
        first.node().close();
        assertThat(watcher.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("route-r"));

        Cluster again = members.rejoin("route-r"); // the name may be refused for a moment after the leave
        Members.connected(a, again);
        assertThat(watcher.expectMessage(NodeUp.class, BOUND)).isEqualTo(new NodeUp("route-r"));
        // The new life has processes with the same numbers, but none of them is the old pid's.
        List<TestProbe> newcomers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            newcomers.add(TestProbe.spawn(again.node()));
        }
        TestProbe here = TestProbe.spawn(nodeA());
        here.watch(oldPid);
        here.expectDown(oldPid, ExitReason.noproc(), BOUND);
        assertThat(newcomers).allSatisfy(p -> assertThat(p.isAlive()).isTrue());
    }
}
