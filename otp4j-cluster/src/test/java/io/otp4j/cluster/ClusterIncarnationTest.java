package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A node that leaves and joins again under the same name is a new incarnation: a pid of its earlier life names a
 * process that is gone for good. A monitor or link to it gets {@code noproc}, and what is sent to it reaches
 * nobody, not even the process of the new life that got the same number.
 */
class ClusterIncarnationTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void aPidOfAnEarlierLifeIsDeadAndNeverReachesTheProcessThatGotItsNumber() {
        Cluster a = members.join("life-a");
        TestProbe nodes = TestProbe.spawn(a.node());
        a.monitorNodes(nodes.pid());
        Cluster first = members.join("life-r");
        Members.connected(a, first);
        assertThat(nodes.expectMessage(NodeUp.class, BOUND)).isEqualTo(new NodeUp("life-r"));
        TestProbe old = TestProbe.spawn(first.node());
        Pid oldPid = seenFrom(a.node(), old.pid());
        first.close();
        first.node().close();
        assertThat(nodes.expectMessage(NodeDown.class, BOUND)).isEqualTo(new NodeDown("life-r"));

        Cluster again = members.rejoin("life-r");
        Members.connected(a, again);
        assertThat(nodes.expectMessage(NodeUp.class, BOUND)).isEqualTo(new NodeUp("life-r"));
        // The new life numbers its processes from the start again: one of them gets the old pid's number.
        List<TestProbe> newcomers = new ArrayList<>();
        for (int i = 0; i < 64 && newcomers.stream().noneMatch(p -> p.pid().id() == oldPid.id()); i++) {
            newcomers.add(TestProbe.spawn(again.node()));
        }
        TestProbe twin = newcomers.stream()
                .filter(p -> p.pid().id() == oldPid.id())
                .findFirst()
                .orElseThrow(() -> new AssertionError("no process of the new life has number " + oldPid.id()));
        Pid twinPid = seenFrom(a.node(), twin.pid());
        assertThat(twinPid).isNotEqualTo(oldPid);

        TestProbe here = TestProbe.spawn(a.node());
        here.send(oldPid, "to the earlier life");
        here.send(twinPid, "to the new life");
        // One sender's messages to one node arrive in order: had the first reached the twin, it would come first.
        assertThat(twin.expectMessage(String.class, BOUND)).isEqualTo("to the new life");
        here.watch(oldPid);
        here.expectDown(oldPid, ExitReason.noproc(), BOUND);
        here.trapExits(true);
        here.link(oldPid);
        here.expectExit(oldPid, ExitReason.noproc(), BOUND);
        assertThat(newcomers).allSatisfy(p -> {
            assertThat(p.isAlive()).isTrue();
            assertThat(p.node().info(p.pid()).orElseThrow().links()).isEmpty();
            assertThat(p.node().info(p.pid()).orElseThrow().monitoredBy()).isEmpty();
        });
        twin.expectNoMessage(Duration.ofMillis(100));
    }
}
