package io.otp4j.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.ClusterRegistry.Keys;
import io.otp4j.cluster.Shop.Billing;
import io.otp4j.cluster.Shop.Invoice;
import io.otp4j.cluster.Shop.Kitchen;
import io.otp4j.cluster.Shop.Receipt;
import io.otp4j.cluster.Shop.Shard;
import io.otp4j.cluster.Shop.ShardId;
import io.otp4j.elsewhere.Money;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The code of the cluster's class docs, run between nodes of one JVM over JGroups' shared loopback. */
class ClusterDocSnippetsTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void aNodeJoinsSendsToANameAndCallsAServerOfAnotherNode() {
        String secret = Members.SECRET;
        String shop = members.clusterName;
        Cluster billingSide = members.join("billing");
        GenServer.start(
                billingSide.node(), new Billing(), StartOptions.defaults().withName("billing-server"));
        TestProbe invoices = TestProbe.spawn(billingSide.node());
        billingSide.node().register("invoices", invoices.pid());
        Node node = Node.start("front");
        Receipt sent;

        // @start region="join"
        ClusterConfig config = ClusterConfig.of(shop) // @replace regex="shop" replacement='"shop"'
                .withSecret(secret)
                .withAllowedPackage(
                        "io.otp4j.cluster") // @replace regex="io.otp4j.cluster" replacement="com.shop.messages"
                .withTransport(
                        ClusterConfig.Transport
                                .SHARED_LOOPBACK); // between hosts: withInitialMembers(List.of("10.0.0.1:7800"))
        try (Cluster cluster = Cluster.join(node, config)) {
            cluster.send("billing", "invoices", new Invoice("order-7")); // to a name on another node
            GenServerRef<Billing.Charge, NoCast> billing =
                    GenServerRef.named(node, "billing", "billing-server", Billing.TYPE);
            Receipt receipt = billing.call(new Billing.Charge("order-7", 250)); // a call, typed as locally
            // @end
            sent = receipt;
        } // leaves: the others see this node down
        try {
            assertThat(invoices.expectMessage(Invoice.class, WAIT)).isEqualTo(new Invoice("order-7"));
            assertThat(sent).isEqualTo(new Receipt("order-7", 250));
            Eventually.until(() -> !billingSide.nodes().contains("front"), "billing sees front leave");
        } finally {
            node.close();
        }
    }

    /** {@return the connected nodes {@code prefix-a} and {@code prefix-b}} */
    private List<Cluster> connectedPair(String prefix) {
        Cluster a = members.join(prefix + "-a");
        Cluster b = members.join(prefix + "-b");
        Members.connected(a, b);
        return List.of(a, b);
    }

    @Test
    void aCodecCarriesAClassTheWireFormatDoesNot() {
        String secret = Members.SECRET;
        // @start region="codec"
        ValueCodec<Money> money = ValueCodec.of(
                Money.class, m -> m.toString().getBytes(UTF_8), bytes -> Money.parse(new String(bytes, UTF_8)));
        ClusterConfig config = ClusterConfig.of("shop").withSecret(secret).withCodec(money);
        // @end
        ClusterConfig here =
                config.withClusterName(members.clusterName).withTransport(ClusterConfig.Transport.SHARED_LOOPBACK);
        Cluster x = members.join(Node.start("codec-x"), c -> here);
        Cluster y = members.join(Node.start("codec-y"), c -> here);
        Members.connected(x, y);
        TestProbe probe = TestProbe.spawn(y.node());
        y.node().register("till", probe.pid());

        x.send("codec-y", "till", new Money(250, "CHF"));

        assertThat(probe.expectMessage(Money.class, WAIT)).isEqualTo(new Money(250, "CHF"));
    }

    @Test
    void aGroupsMembersOfEveryNodeAreReadOnAny() {
        List<Cluster> pair = connectedPair("groups");
        Cluster cluster = pair.get(0);
        Cluster other = pair.get(1);
        ProcessGroups there = ProcessGroups.start(other, "workers");
        TestProbe local = TestProbe.spawn(cluster.node());
        TestProbe remote = TestProbe.spawn(other.node());
        there.join("resize", remote.pid());
        Pid resizer = local.pid();

        // @start region="groups"
        ProcessGroups workers = ProcessGroups.start(cluster, "workers"); // on each node
        workers.join("resize", resizer); // a process of this node
        List<Pid> everywhere = workers.members("resize"); // of every node, read here
        // @end

        assertThat(everywhere).contains(resizer);
        Eventually.until(() -> workers.members("resize").size() == 2, "the remote member is seen here");
        assertThat(workers.members("resize")).extracting(Pid::node).containsExactlyInAnyOrder("groups-a", "groups-b");
        Eventually.until(() -> there.members("resize").size() == 2, "the local member is seen there");
        workers.close();
        there.close();
    }

    @Test
    void aNameOfTheClusterRegistryIsFoundOnEveryNode() {
        List<Cluster> pair = connectedPair("rooms");
        Cluster cluster = pair.get(0);
        Cluster other = pair.get(1);
        Node node = cluster.node();
        ClusterRegistry<String, String> roomsThere = ClusterRegistry.start(other, "rooms", Keys.UNIQUE);
        QuorumHolder ada = QuorumHolder.spawn(node);

        // @start region="registry"
        ClusterRegistry<String, String> rooms = ClusterRegistry.start(cluster, "rooms", Keys.UNIQUE);
        ada.run(self -> {
            rooms.register(self, "lobby", "ada"); // from the registering process itself
            return true;
        });
        Optional<Pid> lobby = rooms.whereis("lobby"); // on any node: a local read
        GenServer.start(node, new Kitchen("bob"), StartOptions.defaults().withName(rooms.via("kitchen", "bob")));
        String soup = GenServerRef.via(rooms.via("kitchen", "bob"), Kitchen.TYPE)
                .call(new Kitchen.Order("soup")); // from any node
        // @end

        assertThat(lobby).contains(ada.pid());
        assertThat(soup).isEqualTo("soup by bob");
        Eventually.until(() -> roomsThere.whereis("lobby").isPresent(), "rooms-b sees the lobby");
        assertThat(roomsThere.whereis("lobby").orElseThrow().id())
                .isEqualTo(ada.pid().id());
        Eventually.until(() -> roomsThere.whereis("kitchen").isPresent(), "rooms-b sees the kitchen");
        assertThat(GenServerRef.via(roomsThere.via("kitchen", "bob"), Kitchen.TYPE)
                        .call(new Kitchen.Order("tea")))
                .isEqualTo("tea by bob");
        rooms.close();
        roomsThere.close();
    }

    @Test
    void aChildOfTheDistributedSupervisorRunsOnOneNodeAndIsCalledFromAny() {
        List<Cluster> pair = connectedPair("shards");
        Cluster cluster = pair.get(0);
        Cluster other = pair.get(1);
        Map<String, ChildFactory> kindsThere = Map.of("shard", argument -> new Shard((ShardId) argument));
        DistributedSupervisor shardsThere = DistributedSupervisor.start(other, "shards", kindsThere);

        // @start region="supervisor"
        Map<String, ChildFactory> kinds = Map.of("shard", argument -> new Shard((ShardId) argument));
        DistributedSupervisor shards = DistributedSupervisor.start(cluster, "shards", kinds); // on every node
        shards.startChild("shard-7", "shard", new ShardId(7)); // from any node: it runs on one
        GenServerRef<Shard.Request<?>, NoCast> ref = GenServerRef.via(shards.via("shard-7"), Shard.TYPE);
        // @end

        assertThat(ref.call(new Shard.Number())).isEqualTo(7);
        Eventually.until(() -> shardsThere.whereis("shard-7").isPresent(), "shards-b knows shard-7");
        assertThat(GenServerRef.via(shardsThere.via("shard-7"), Shard.TYPE).call(new Shard.Number()))
                .isEqualTo(7);
        String runsOn = shards.placement("shard-7");
        assertThat(runsOn).isIn("shards-a", "shards-b");
        assertThat(shards.whereis("shard-7").orElseThrow().node()).isEqualTo(runsOn);
        shards.close();
        shardsThere.close();
    }

    @Test
    void aQuorumNameIsCommittedByAMajorityAndReadOnAnyMember() {
        List<Cluster> three = List.of(members.join("n1"), members.join("n2"), members.join("n3"));
        Members.connected(three.toArray(Cluster[]::new));
        Cluster cluster = three.get(0);
        List<QuorumNames<String, String>> others = new ArrayList<>();

        // @start region="quorum-start"
        QuorumConfig config = QuorumConfig.of("leaders", List.of("n1", "n2", "n3"));
        QuorumNames<String, String> leaders = QuorumNames.start(cluster, config); // on each of n1, n2, n3
        // @end
        try {
            others.add(QuorumNames.start(three.get(1), config));
            others.add(QuorumNames.start(three.get(2), config));
            QuorumMembers.await(leaders::hasLeader, "n1 knows a leader", QuorumMembers.LONG);
            QuorumHolder holder = QuorumHolder.spawn(cluster.node());
            Object found = holder.run(self -> {
                // @start region="quorum-use"
                leaders.register(self, "billing", "since 10:02"); // committed by a majority, or NoQuorumException
                Optional<Pid> billing = leaders.whereis("billing"); // a local read, on any member
                // @end
                return billing;
            });

            assertThat(found).isEqualTo(Optional.of(holder.pid()));
            for (QuorumNames<String, String> other : others) {
                QuorumMembers.await(() -> other.whereis("billing").isPresent(), other + " has billing", WAIT);
                assertThat(other.lookup("billing").orElseThrow().value()).isEqualTo("since 10:02");
            }
        } finally {
            leaders.close();
            others.forEach(QuorumNames::close);
        }
    }
}
