package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import io.otp4j.testing.NullArguments;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import org.jgroups.Address;
import org.jgroups.EmptyMessage;
import org.jgroups.JChannel;
import org.jgroups.protocols.pbcast.GMS;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Joining: members see each other by node name; a node without the secret, or with another, is refused. */
class ClusterJoinTest {

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void nodesThatJoinSeeEachOtherByName() {
        Cluster a = members.join("join-a");
        Cluster b = members.join("join-b");
        Cluster c = members.join("join-c");
        Members.connected(a, b, c);
        assertThat(a.nodes()).containsExactly("join-b", "join-c");
        assertThat(c.nodes()).containsExactly("join-a", "join-b");
    }

    @Test
    void closingLeavesTheCluster() {
        Cluster a = members.join("leave-a");
        Cluster b = members.join("leave-b");
        Members.connected(a, b);
        b.close();
        Eventually.until(() -> a.nodes().isEmpty(), "a sees b gone");
        assertThat(b.nodes()).isEmpty();
        b.close(); // idempotent
    }

    @Test
    void aStaleJoinRequestOfANodeThatLeftDoesNotBringItBack() {
        Cluster a = members.join("stale-a");
        Cluster b = members.join("stale-b");
        Members.connected(a, b);
        TestProbe watcher = TestProbe.spawn(a.node());
        a.monitorNodes(watcher.pid());
        Address gone = b.route().channel().getAddress();
        b.close();
        Eventually.until(() -> a.nodes().isEmpty(), "a sees b gone");
        JChannel channel = a.route().channel();
        long before = channel.getView().getViewId().getId();

        // b's join request repeated after its join timeout, handled only now that b has left.
        GMS gms = channel.getProtocolStack().findProtocol(GMS.class);
        gms.up(new EmptyMessage(channel.getAddress())
                .setSrc(gone)
                .putHeader(gms.getId(), new GMS.GmsHeader(GMS.GmsHeader.JOIN_REQ, gone)));

        Eventually.until(() -> channel.getView().getViewId().getId() > before, "a has handled the request");
        assertThat(channel.getView().getMembers())
                .as("the view after the request")
                .doesNotContain(gone);
        assertThat(a.nodes()).isEmpty();
        watcher.expectMessage(new NodeDown("stale-b"), Duration.ofSeconds(10));
        watcher.expectNoMessage(Duration.ofMillis(100));
    }

    @Test
    void closingTheNodeLeavesItsClusterToo() {
        Cluster a = members.join("node-close-a");
        Cluster b = members.join("node-close-b");
        Members.connected(a, b);
        io.otp4j.testkit.TestProbe watcher = io.otp4j.testkit.TestProbe.spawn(a.node());
        a.monitorNodes(watcher.pid());

        b.node().close();

        watcher.expectMessage(new NodeDown("node-close-b"), java.time.Duration.ofSeconds(10));
        assertThat(a.nodes()).isEmpty();
        assertThat(b.nodes()).as("the closed node's membership is over").isEmpty();
    }

    @Test
    void aNodeWithAnotherSecretIsRefusedAndToldWhy() {
        Cluster a = members.join("auth-a");
        try (Node intruder = Node.start("auth-intruder")) {
            ClusterConfig wrong = members.config().withSecret("not-the-secret");
            assertThatThrownBy(() -> Cluster.join(intruder, wrong))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("auth-intruder was refused by cluster " + members.clusterName)
                    .hasMessageContaining("authentication failed")
                    .hasMessageContaining("secret");
        }
        assertThat(a.nodes()).isEmpty();
    }

    @Test
    void aSecondNodeOfTheSameNameIsRefusedAndTheFirstStays() {
        Cluster a = members.join("dup-a");
        Cluster first = members.join("dup-b");
        Members.connected(a, first);
        TestProbe watcher = TestProbe.spawn(a.node());
        a.monitorNodes(watcher.pid());
        TestProbe self = TestProbe.spawn(first.node());
        first.monitorNodes(self.pid());
        try (Node twin = Node.start("dup-b")) {
            assertThatThrownBy(() -> Cluster.join(twin, members.config()))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("a member of that name is already in it");
        }
        assertThat(a.nodes()).containsExactly("dup-b");
        assertThat(first.nodes()).containsExactly("dup-a");
        watcher.expectNoMessage(Duration.ofMillis(200));
        self.expectNoMessage(Duration.ofMillis(200));
        TestProbe there = TestProbe.spawn(first.node());
        a.node().send(Members.seenFrom(a.node(), there.pid()), "to the first");
        assertThat(there.expectMessage(String.class, Duration.ofSeconds(10))).isEqualTo("to the first");
    }

    @Test
    void aNodeWithoutASecretIsRefusedBeforeItConnects() {
        members.join("nosecret-a");
        try (Node node = Node.start("nosecret-b")) {
            assertThatThrownBy(() -> Cluster.join(node, members.config().withSecret("")))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("without a secret")
                    .hasMessageContaining("withSecret");
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void theConfigurationChecksItsArgumentsAndHidesTheSecret() {
        assertThat(NullArguments.check().with(Class.class, String.class).builders(ClusterConfig.of("c")))
                .isNotEmpty();
        ClusterConfig config = ClusterConfig.of("c").withSecret("hunter2").withInitialMembers(List.of("h:1"));
        assertThat(config.toString()).doesNotContain("hunter2").contains("***");
        assertThatThrownBy(() -> config.withInitialMembers(List.of("nohost")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nohost");
        assertThatThrownBy(() -> config.withPort(70_000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Cluster.join(null, config)).hasMessage("node");
        try (Node node = Node.start("nulls")) {
            assertThatThrownBy(() -> Cluster.join(node, null)).hasMessage("config");
        }
    }
}
