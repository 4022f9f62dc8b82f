package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Messages.Numbered;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Network partitions of three nodes of one JVM, made with JGroups' DISCARD ({@link Partition}): each side sees
 * the other down, with {@code noconnection} on every link and monitor across the split; after the heal (MERGE3
 * and a MergeView) each side sees the other up, and messages cross complete and in order again.
 */
class ClusterSplitTest {

    /** Failure detection: 3 s of silence, verified for up to 0.5 s, then a view; with room for a loaded machine. */
    private static final Duration DETECT = Duration.ofSeconds(15);
    /** MERGE3 finds the subgroups within about 3 s and GMS merges them; with room for a loaded machine. */
    private static final Duration HEAL = Duration.ofSeconds(30);

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int MESSAGES = 1_000;

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void bothSidesOfASplitSeeTheOtherDownThenUpAfterTheHealAndMessagesCrossInOrder() {
        Three t = three("split");
        // Across the coming split: a process of a monitors one of c and is linked to another; one of c monitors
        // one of a.
        TestProbe watchedOnC = TestProbe.spawn(t.c().node());
        TestProbe linkedOnC = TestProbe.spawn(t.c().node());
        linkedOnC.trapExits(true);
        TestProbe watchedOnA = TestProbe.spawn(t.a().node());
        TestProbe onA = TestProbe.spawn(t.a().node());
        onA.trapExits(true);
        TestProbe onC = TestProbe.spawn(t.c().node());
        Pid watchedFromA = seenFrom(t.a().node(), watchedOnC.pid());
        Pid linkedFromA = seenFrom(t.a().node(), linkedOnC.pid());
        Pid watchedFromC = seenFrom(t.c().node(), watchedOnA.pid());
        onA.watch(watchedFromA);
        onA.link(linkedFromA);
        onC.watch(watchedFromC);
        Eventually.until(
                () -> !t.c().node()
                                .info(watchedOnC.pid())
                                .orElseThrow()
                                .monitoredBy()
                                .isEmpty()
                        && !t.c().node()
                                .info(linkedOnC.pid())
                                .orElseThrow()
                                .links()
                                .isEmpty()
                        && !t.a().node()
                                .info(watchedOnA.pid())
                                .orElseThrow()
                                .monitoredBy()
                                .isEmpty(),
                "the monitors and the link are held across the nodes");

        long splitAt = System.nanoTime();
        Partition.split(List.of(t.a(), t.b()), List.of(t.c()));
        assertThat(t.nodesOfA().expectMessage(NodeDown.class, DETECT)).isEqualTo(new NodeDown("split-c"));
        assertThat(events(t.nodesOfC(), NodeDown.class, 2))
                .containsExactlyInAnyOrder(new NodeDown("split-a"), new NodeDown("split-b"));
        onA.expectDown(watchedFromA, ExitReason.noconnection(), DETECT);
        onA.expectExit(linkedFromA, ExitReason.noconnection(), DETECT);
        onC.expectDown(watchedFromC, ExitReason.noconnection(), DETECT);
        linkedOnC.expectExit(seenFrom(t.c().node(), onA.pid()), ExitReason.noconnection(), DETECT);
        Duration detected = since(splitAt);
        assertThat(t.a().nodes()).containsExactly("split-b");
        assertThat(t.c().nodes()).isEmpty();
        Eventually.until(() -> t.b().nodes().equals(Set.of("split-a")), "b sees c gone too");

        long healAt = System.nanoTime();
        Partition.heal(List.of(t.a(), t.b(), t.c()));
        assertThat(t.nodesOfA().expectMessage(NodeUp.class, HEAL)).isEqualTo(new NodeUp("split-c"));
        assertThat(events(t.nodesOfC(), NodeUp.class, 2))
                .containsExactlyInAnyOrder(new NodeUp("split-a"), new NodeUp("split-b"));
        Members.connected(t.a(), t.b(), t.c());
        Duration healed = since(healAt);
        System.out.printf(
                "ClusterSplitTest: split seen on both sides after %d ms, heal after %d ms%n",
                detected.toMillis(), healed.toMillis());
        assertThat(t.a().nodes()).containsExactly("split-b", "split-c");
        assertThat(t.c().nodes()).containsExactly("split-a", "split-b");

        messagesCrossBothWaysInOrder(t.a(), t.c());
        // No flapping: the heal is one NodeUp per member and nothing after it.
        t.nodesOfA().expectNoMessage(Duration.ofMillis(200));
        t.nodesOfC().expectNoMessage(Duration.ofMillis(200));
    }

    @Test
    void aMemberCutOffOneWaySeesTheOthersDownAndTheyItDownThenUpWhenTheyMerge() {
        Three t = three("deaf");
        TestProbe watchedOnC = TestProbe.spawn(t.c().node());
        TestProbe onA = TestProbe.spawn(t.a().node());
        Pid watchedFromA = seenFrom(t.a().node(), watchedOnC.pid());
        onA.watch(watchedFromA);
        Eventually.until(
                () -> !t.c().node()
                        .info(watchedOnC.pid())
                        .orElseThrow()
                        .monitoredBy()
                        .isEmpty(),
                "c holds the monitor");

        // c hears nobody, but a and b still hear c: c alone sees the others go.
        Partition.deaf(List.of(t.c()), List.of(t.a(), t.b()));
        assertThat(events(t.nodesOfC(), NodeDown.class, 2))
                .containsExactlyInAnyOrder(new NodeDown("deaf-a"), new NodeDown("deaf-b"));
        assertThat(t.a().nodes()).containsExactly("deaf-b", "deaf-c");
        Partition.heal(List.of(t.a(), t.b(), t.c()));
        // a and b were merged with c from another subgroup: c has seen them down, so they see c down, then up,
        // and the monitor across fires as it did on c's side.
        assertThat(t.nodesOfA().expectMessage(NodeDown.class, HEAL)).isEqualTo(new NodeDown("deaf-c"));
        onA.expectDown(watchedFromA, ExitReason.noconnection(), BOUND);
        assertThat(t.nodesOfA().expectMessage(NodeUp.class, BOUND)).isEqualTo(new NodeUp("deaf-c"));
        assertThat(events(t.nodesOfC(), NodeUp.class, 2))
                .containsExactlyInAnyOrder(new NodeUp("deaf-a"), new NodeUp("deaf-b"));
        Members.connected(t.a(), t.b(), t.c());
        messagesCrossBothWaysInOrder(t.a(), t.c());
    }

    /** Three members, and a watcher of the node events on the first and on the last. */
    private record Three(Cluster a, Cluster b, Cluster c, TestProbe nodesOfA, TestProbe nodesOfC) {}

    /** {@return three nodes {@code prefix-a}, {@code -b} and {@code -c}, joined and seeing each other} */
    private Three three(String prefix) {
        Cluster a = members.join(prefix + "-a");
        Cluster b = members.join(prefix + "-b");
        Cluster c = members.join(prefix + "-c");
        Members.connected(a, b, c);
        return new Three(a, b, c, watchNodes(a), watchNodes(c));
    }

    private static void messagesCrossBothWaysInOrder(Cluster one, Cluster other) {
        numberedMessagesArriveInOrder(one.node(), other.node());
        numberedMessagesArriveInOrder(other.node(), one.node());
    }

    private static TestProbe watchNodes(Cluster cluster) {
        TestProbe watcher = TestProbe.spawn(cluster.node());
        cluster.monitorNodes(watcher.pid());
        return watcher;
    }

    private static <T> Set<T> events(TestProbe watcher, Class<T> type, int count) {
        Set<T> events = new HashSet<>();
        for (int i = 0; i < count; i++) {
            events.add(watcher.expectMessage(type, DETECT.plus(HEAL)));
        }
        return events;
    }

    private static Duration since(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /** Sends {@value #MESSAGES} numbered messages from a process of {@code from} to one of {@code to}. */
    private static void numberedMessagesArriveInOrder(Node from, Node to) {
        TestProbe receiver = TestProbe.spawn(to);
        Pid target = seenFrom(from, receiver.pid());
        from.spawn(self -> {
            for (int n = 0; n < MESSAGES; n++) {
                self.send(target, new Numbered(0, n));
            }
        });
        for (int n = 0; n < MESSAGES; n++) {
            assertThat(receiver.expectMessage(Numbered.class, BOUND).n())
                    .as("message %d", n)
                    .isEqualTo(n);
        }
        receiver.expectNoMessage(Duration.ofMillis(100));
    }
}
