package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ProcessGroups} over three nodes of one JVM: joins, leaves, exits, lost nodes, late starters and heals. */
class ProcessGroupsTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Members members = new Members();
    private final Cluster a = members.join("pg-a");
    private final Cluster b = members.join("pg-b");
    private final Cluster c = members.join("pg-c");
    private final ProcessGroups pgA;
    private final ProcessGroups pgB;
    private final ProcessGroups pgC;

    ProcessGroupsTest() {
        Members.connected(a, b, c);
        pgA = ProcessGroups.start(a, "workers");
        pgB = ProcessGroups.start(b, "workers");
        pgC = ProcessGroups.start(c, "workers");
    }

    @AfterEach
    void close() {
        members.close();
    }

    private static Pid idle(Node node) {
        return node.spawn(self -> self.receive());
    }

    /** {@code pid} as {@code node} holds it */
    private static Pid at(Cluster node, Pid pid) {
        return Members.seenFrom(node.node(), pid);
    }

    /** As {@link Eventually#until}, saying what each node's scope sees if it fails. */
    private void until(java.util.function.BooleanSupplier condition, String what) {
        try {
            Eventually.until(condition, what);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; a sees " + pgA.members("g") + ", b " + pgB.members("g") + ", c "
                            + pgC.members("g") + "; nodes " + a.nodes() + " " + b.nodes() + " " + c.nodes(),
                    e);
        }
    }

    @Test
    void aScopeWhoseMembersDoNotFitInOneFrameIsSentInParts() {
        try (Members small = new Members()) {
            UnaryOperator<ClusterConfig> smallFrames =
                    config -> config.withMaxFrameBytes(4_096).withBatchBytes(2_048);
            Cluster d = small.join("pg-d", smallFrames);
            Cluster e = small.join("pg-e", smallFrames);
            Members.connected(d, e);
            ProcessGroups pgD = ProcessGroups.start(d, "many");
            Pid member = idle(d.node());
            int groups = 2_000; // about 100 kB of memberships: some 50 frames' worth
            for (int i = 0; i < groups; i++) {
                pgD.join("g" + i, member);
            }

            ProcessGroups pgE = ProcessGroups.start(e, "many"); // meets d's scope, which answers in parts
            Pid seen = at(e, member);

            Eventually.until(() -> pgE.groups().size() == groups, "e has every group of d");
            assertThat(pgE.members("g0")).containsExactly(seen);
            assertThat(pgE.members("g" + (groups - 1))).containsExactly(seen);
            assertThat(pgD.pid())
                    .as("d's scope server is still the one that started")
                    .isNotNull();
            assertThat(d.node().isAlive(pgD.pid())).isTrue();
        }
    }

    @Test
    void aJoinIsSeenOnEveryNodeAndAProcessJoinedTwiceIsListedTwice() {
        Pid p = idle(a.node());
        Pid q = idle(b.node());

        pgA.join("resize", p);
        pgA.join("resize", p);
        pgB.join("resize", q);

        assertThat(pgA.localMembers("resize")).containsExactly(p, p);
        Eventually.until(() -> pgC.members("resize").size() == 3, "c sees all three memberships");
        assertThat(pgC.members("resize")).containsExactlyInAnyOrder(at(c, p), at(c, p), at(c, q));
        assertThat(pgC.localMembers("resize")).isEmpty();
        assertThat(pgC.groups()).containsExactly("resize");

        assertThat(pgA.leave("resize", p)).isTrue();
        Eventually.until(() -> pgC.members("resize").size() == 2, "c sees one of p's memberships go");
        assertThat(pgC.members("resize")).containsExactlyInAnyOrder(at(c, p), at(c, q));
        assertThat(pgA.leave("resize", p)).isTrue();
        assertThat(pgA.leave("resize", p)).as("p is not a member any more").isFalse();
        Eventually.until(() -> pgB.members("resize").equals(List.of(q)), "b sees only q");
    }

    @Test
    void aProcessThatExitsLeavesEveryGroupOnEveryNode() {
        Pid p = idle(a.node());
        pgA.join("x", p);
        pgA.join("y", p);
        Eventually.until(() -> pgB.groups().containsAll(List.of("x", "y")), "b sees p in x and y");

        a.node().exit(p, ExitReason.kill());

        Eventually.until(() -> pgB.groups().isEmpty() && pgA.groups().isEmpty(), "p's groups are gone everywhere");
    }

    @Test
    void theMembersOfANodeThatLeavesOrOfAScopeThatStopsLeaveWithIt() {
        pgA.join("g", idle(a.node()));
        pgB.join("g", idle(b.node()));
        pgC.join("g", idle(c.node()));
        Eventually.until(() -> pgA.members("g").size() == 3, "a sees three members");

        c.close();
        Eventually.until(() -> pgA.members("g").size() == 2, "c's member went with its node");

        pgB.close();
        Eventually.until(() -> pgA.members("g").size() == 1, "b's member went with its scope");
        assertThat(pgA.members("g")).isEqualTo(pgA.localMembers("g"));
    }

    @Test
    void aScopeStartedLateLearnsTheMembersThereAre() {
        Pid p = idle(a.node());
        pgA.join("early", p);
        Cluster d = members.join("pg-d");
        Members.connected(a, d);

        ProcessGroups pgD = ProcessGroups.start(d, "workers");

        Eventually.until(() -> pgD.members("early").equals(List.of(at(d, p))), "d learnt of p");
    }

    @Test
    void aWatcherGetsAnEventForEachJoinAndLeaveOfAnyNode() {
        // Until a's scope has met c's, a join and leave at a reach c only as a's list (without p): no events.
        Pid marker = idle(a.node());
        pgA.join("ready", marker);
        Eventually.until(() -> pgC.members("ready").equals(List.of(at(c, marker))), "a's scope has met c's");
        TestProbe watcher = TestProbe.spawn(c.node());
        Map<String, List<Pid>> now = pgC.monitorScope(watcher.pid());
        assertThat(now).isEqualTo(Map.of("ready", List.of(at(c, marker))));
        Pid p = idle(a.node());

        pgA.join("g", p);
        pgA.leave("g", p);

        assertThat(watcher.expectMessage(GroupEvent.class, BOUND))
                .isEqualTo(new GroupEvent("workers", "g", GroupEvent.Kind.JOIN, List.of(at(c, p))));
        assertThat(watcher.expectMessage(GroupEvent.class, BOUND))
                .isEqualTo(new GroupEvent("workers", "g", GroupEvent.Kind.LEAVE, List.of(at(c, p))));
    }

    @Test
    void aProcessOfAnotherNodeJoinsOnlyThroughItsOwn() {
        Pid elsewhere = at(a, idle(b.node()));

        assertThatThrownBy(() -> pgA.join("g", elsewhere))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only processes of node pg-a")
                .hasMessageContaining(elsewhere.toString());
    }

    @Test
    void afterASplitHealsEachSideSeesTheOthersMembersAgain() {
        Pid p = idle(a.node());
        Pid r = idle(c.node());
        pgA.join("g", p);
        pgC.join("g", r);
        until(() -> pgA.members("g").size() == 2 && pgC.members("g").size() == 2, "both see both");

        Partition.split(List.of(a, b), List.of(c));
        until(
                () -> pgA.members("g").equals(List.of(p)) && pgC.members("g").equals(List.of(r)),
                "each side lost the other's member");
        Pid q = idle(b.node());
        pgB.join("g", q); // during the split

        Partition.heal(List.of(a, b, c));
        until(
                () -> pgC.members("g").size() == 3 && pgA.members("g").size() == 3,
                "after the heal both sides see all three");
        assertThat(pgC.members("g")).containsExactlyInAnyOrder(at(c, p), at(c, q), r);
    }
}
