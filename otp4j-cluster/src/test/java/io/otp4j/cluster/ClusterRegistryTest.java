package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.ClusterRegistry.Keys;
import io.otp4j.cluster.ClusterRegistryEvent.Registered;
import io.otp4j.cluster.ClusterRegistryEvent.Unregistered;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ClusterRegistry} over three nodes of one JVM: its API, removal on exit and node-down, via names. */
class ClusterRegistryTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    private final Members members = new Members();
    private final Cluster a = members.join("reg-a");
    private final Cluster b = members.join("reg-b");
    private final Cluster c = members.join("reg-c");

    ClusterRegistryTest() {
        Members.connected(a, b, c);
    }

    @AfterEach
    void close() {
        members.close();
    }

    private static List<ClusterRegistry<String, String>> start(Keys keys, Cluster... clusters) {
        List<ClusterRegistry<String, String>> registries = new ArrayList<>();
        for (Cluster cluster : clusters) {
            registries.add(ClusterRegistry.start(cluster, "names", keys));
        }
        return registries;
    }

    @Test
    void entriesThatDoNotFitInOneFrameReachANodeThatStartsLaterInParts() {
        try (Members small = new Members()) {
            java.util.function.UnaryOperator<ClusterConfig> smallFrames =
                    config -> config.withMaxFrameBytes(8_192).withBatchBytes(4_096);
            Cluster d = small.join("reg-d", smallFrames);
            Cluster e = small.join("reg-e", smallFrames);
            Members.connected(d, e);
            ClusterRegistry<String, String> onD = ClusterRegistry.start(d, "names", Keys.UNIQUE);
            int names = 300; // some 30 kB of entries: several frames' worth
            List<Pid> holders = new ArrayList<>();
            for (int i = 0; i < names; i++) {
                holders.add(Registrants.registered(onD, "name-" + i, "value-" + i));
            }

            ClusterRegistry<String, String> onE = ClusterRegistry.start(e, "names", Keys.UNIQUE);

            Eventually.until(() -> onE.count() == names, "e has every entry of d");
            for (int i = 0; i < names; i += 37) {
                assertThat(onE.whereis("name-" + i)).contains(seenFrom(e.node(), holders.get(i)));
            }
            assertThat(d.node().isAlive(onD.pid()))
                    .as("d's registry server did not crash")
                    .isTrue();
        }
    }

    @Test
    void aUniqueKeyIsSeenOnEveryNodeAndATakenOneNamesItsHolder() {
        List<ClusterRegistry<String, String>> r = start(Keys.UNIQUE, a, b, c);
        Pid p = Registrants.registered(r.get(0), "cart", "ada");

        assertThat(r.get(0).whereis("cart")).contains(p);
        Eventually.until(() -> r.get(2).whereis("cart").isPresent(), "c sees the entry");
        assertThat(r.get(2).whereis("cart")).contains(seenFrom(c.node(), p));
        assertThat(r.get(2).lookup("cart"))
                .singleElement()
                .satisfies(e -> assertThat(e.value()).isEqualTo("ada"))
                .satisfies(e -> assertThat(e.node()).isEqualTo("reg-a"));

        Eventually.until(() -> r.get(1).whereis("cart").isPresent(), "b sees the entry");
        assertThatThrownBy(() -> Registrants.registered(r.get(1), "cart", "bob"))
                .isInstanceOf(KeyTakenException.class)
                .hasMessageContaining("cart")
                .hasMessageContaining("reg-a")
                .satisfies(e -> assertThat(((KeyTakenException) e).holder()).isEqualTo(seenFrom(b.node(), p)));
    }

    @Test
    void duplicateKeysListEveryEntryForLookupDispatchSelectCountAndKeys() {
        List<ClusterRegistry<String, String>> r = start(Keys.DUPLICATE, a, b, c);
        Pid p = Registrants.registered(r.get(0), "topic", "p1");
        Pid q = Registrants.registered(r.get(1), "topic", "q1");
        Pid q2 = Registrants.registered(r.get(1), "other", "q2");
        ClusterRegistry<String, String> onC = r.get(2);

        Eventually.until(() -> onC.count() == 3, "c sees three entries");
        assertThat(onC.lookup("topic"))
                .extracting(ClusterEntry::pid)
                .containsExactlyInAnyOrder(seenFrom(c.node(), p), seenFrom(c.node(), q));
        List<Pid> dispatched = new ArrayList<>();
        onC.dispatch("topic", entries -> entries.forEach(e -> dispatched.add(e.pid())));
        assertThat(dispatched).hasSize(2);
        onC.dispatch("nobody", entries -> dispatched.add(p));
        assertThat(dispatched).as("no dispatch without entries").hasSize(2);
        assertThat(onC.select(e -> e.value().startsWith("q")))
                .extracting(ClusterEntry::value)
                .containsExactlyInAnyOrder("q1", "q2");
        assertThat(onC.keys(seenFrom(c.node(), q2))).containsExactly("other");
        assertThat(r.get(0).keys(p)).containsExactly("topic");
    }

    @Test
    void entriesGoWhenTheirProcessExitsUnregistersOrItsNodeLeaves() {
        List<ClusterRegistry<String, String>> r = start(Keys.UNIQUE, a, b, c);
        Pid p = Registrants.registered(r.get(0), "gone-by-exit", "x");
        Pid q = Registrants.registered(r.get(2), "gone-with-node", "y");
        Eventually.until(() -> r.get(1).count() == 2, "b sees both");

        a.node().exit(p, ExitReason.kill());
        Eventually.until(() -> r.get(1).whereis("gone-by-exit").isEmpty(), "the exit removed p's entry on b");
        c.close();
        Eventually.until(() -> r.get(1).whereis("gone-with-node").isEmpty(), "c's entry went with c");
        assertThat(r.get(1).count()).isZero();
        assertThat(r.get(1).keys(seenFrom(b.node(), q))).isEmpty();

        TestProbe probe = TestProbe.spawn(a.node());
        Pid s = a.node().spawn(self -> {
            r.get(0).register(self, "again", "1");
            self.send(probe.pid(), r.get(0).unregister(self, "again"));
            self.send(probe.pid(), r.get(0).unregister(self, "again"));
            self.receive();
        });
        assertThat(probe.expectMessage(Integer.class, BOUND)).isEqualTo(1);
        assertThat(probe.expectMessage(Integer.class, BOUND)).isZero();
        assertThat(r.get(0).keys(s)).isEmpty();
    }

    @Test
    void listenersReceiveTheRegistrationsAndUnregistrationsOfEveryNode() {
        TestProbe listener = TestProbe.spawn(c.node());
        ClusterRegistry.start(a, "names", Keys.UNIQUE);
        ClusterRegistry<String, String> onB = ClusterRegistry.start(b, "names", Keys.UNIQUE);
        ClusterRegistry<String, String> onC = ClusterRegistry.start(
                c,
                "names",
                Keys.UNIQUE,
                ClusterRegistryOptions.<String, String>defaults().withListener(listener.pid()));
        Eventually.until(() -> onB.isRunning() && onC.isRunning(), "the registries run");
        Pid p = Registrants.registered(onB, "k", "v");
        Pid seen = seenFrom(c.node(), p);

        assertThat(listener.expectMessage(Registered.class, BOUND)).isEqualTo(new Registered("names", "k", seen, "v"));
        b.node().exit(p, ExitReason.kill());
        assertThat(listener.expectMessage(Unregistered.class, BOUND)).isEqualTo(new Unregistered("names", "k", seen));
    }

    @Test
    void aViaNameStartsAServerOnOneNodeThatOthersCallAndCastByKey() {
        List<ClusterRegistry<String, String>> r = start(Keys.UNIQUE, a, b, c);
        GenServerRef<RemoteCallTest.Counter.Req<?>, RemoteCallTest.Counter.Add> started = GenServer.start(
                a.node(),
                new RemoteCallTest.Counter(),
                StartOptions.defaults().withName(r.get(0).via("counter", "a")));
        // c too: a start on c that has not yet heard of the counter would register there, a conflict to resolve
        // later, not a refusal.
        Eventually.until(
                () -> r.get(1).whereis("counter").isPresent()
                        && r.get(2).whereis("counter").isPresent(),
                "b and c see the counter");

        GenServerRef<RemoteCallTest.Counter.Req<?>, RemoteCallTest.Counter.Add> fromB =
                GenServerRef.via(r.get(1).via("counter", "b"), RemoteCallTest.COUNTER);
        fromB.cast(new RemoteCallTest.Counter.Add(5));
        assertThat(fromB.call(new RemoteCallTest.Counter.Echo("hi"))).isEqualTo("hi@5");
        assertThat(fromB.pid()).isEqualTo(seenFrom(b.node(), started.pid()));

        assertThatThrownBy(() -> GenServer.start(
                        c.node(),
                        new RemoteCallTest.Counter(),
                        StartOptions.defaults().withName(r.get(2).via("counter", "c"))))
                .hasMessageContaining("counter");
    }

    @Test
    void aResolverThatUnregistersKeepsTheLoserRunningAndTellsItTheListenersAndTheOtherNodes() {
        TestProbe listener = TestProbe.spawn(b.node());
        ConflictResolver<String, String> latest =
                (key, entries) -> Resolution.unregister(entries.get(entries.size() - 1));
        ClusterRegistryOptions<String, String> options =
                ClusterRegistryOptions.<String, String>defaults().withResolver(latest);
        ClusterRegistry<String, String> onA = ClusterRegistry.start(a, "names", Keys.UNIQUE, options);
        ClusterRegistry.start(b, "names", Keys.UNIQUE, options.withListener(listener.pid()));
        ClusterRegistry<String, String> onC = ClusterRegistry.start(c, "names", Keys.UNIQUE, options);
        // c is cut off until after both have registered, well within failure detection: c's registration reaches
        // a and b late, over the same view, and the conflict is decided then.
        Partition.split(List.of(a, b), List.of(c));
        TestProbe told = TestProbe.spawn(a.node());
        Pid loser = a.node().spawn(self -> {
            onA.register(self, "leader", "a");
            self.send(told.pid(), "registered");
            self.send(told.pid(), self.receive()); // what it is told, passed on
            self.receive();
        });
        told.expectMessage("registered", BOUND);
        Pid winner = Registrants.registered(onC, "leader", "c");
        Partition.heal(List.of(a, b, c));

        ConflictLost lost = told.expectMessage(ConflictLost.class, BOUND);
        assertThat(lost).isEqualTo(new ConflictLost("names", "leader", loser, seenFrom(a.node(), winner)));
        assertThat(a.node().isAlive(loser)).as("an unregistered loser goes on").isTrue();
        Eventually.until(
                () -> onA.lookup("leader").size() == 1 && onC.lookup("leader").size() == 1,
                "one entry left on a and c");
        assertThat(onA.whereis("leader")).contains(seenFrom(a.node(), winner));
        assertThat(onA.keys(loser)).isEmpty();
        List<Object> events = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            events.add(listener.expectMessage(BOUND));
        }
        Pid loserOnB = seenFrom(b.node(), loser);
        Pid winnerOnB = seenFrom(b.node(), winner);
        assertThat(events)
                .containsExactlyInAnyOrder(
                        new Registered("names", "leader", loserOnB, "a"),
                        new Registered("names", "leader", winnerOnB, "c"),
                        new ClusterRegistryEvent.Conflict(
                                "names", "leader", winnerOnB, loserOnB, Resolution.Action.UNREGISTER),
                        new Unregistered("names", "leader", loserOnB));
    }

    @Test
    void whenTheCoordinatorLeavesBeforeDecidingTheNextOneDecidesAndUntilThenEveryNodeAnswersAlike() {
        List<ClusterRegistry<String, String>> r = start(Keys.UNIQUE, a, b, c);
        for (ClusterRegistry<String, String> registry : r) {
            Registrants.registered(
                    registry, "marker-" + registry.cluster().node().name(), "m");
        }
        Eventually.until(() -> r.stream().allMatch(x -> x.count() == 3), "every registry has met the others");
        assertThat(b.route().viewOrder()).first().isEqualTo("reg-a");
        // a, the coordinator, hears nothing more (well within failure detection); b and c register apart, then meet.
        Partition.deaf(List.of(a), List.of(b, c));
        Partition.split(List.of(b), List.of(c));
        Pid onB = Registrants.registered(r.get(1), "k", "b");
        Pid onC = Registrants.registered(r.get(2), "k", "c");
        Partition.heal(List.of(b, c));
        Eventually.until(
                () -> r.get(1).lookup("k").size() == 2 && r.get(2).lookup("k").size() == 2,
                "b and c both see the conflict");
        assertThat(r.get(1).whereis("k").orElseThrow().toString())
                .as("undecided, b and c answer with the same entry")
                .isEqualTo(r.get(2).whereis("k").orElseThrow().toString());

        a.close(); // leaves before it could decide: b, first of the next view, decides

        Eventually.until(
                () -> r.get(1).lookup("k").size() == 1 && r.get(2).lookup("k").size() == 1,
                "the next coordinator decided");
        Pid kept = r.get(1).whereis("k").orElseThrow();
        boolean bWon = kept.equals(onB);
        Pid loser = bWon ? onC : onB;
        Cluster losersNode = bWon ? c : b;
        assertThat(losersNode.node().await(loser, BOUND))
                .contains(ExitReason.shutdown(
                        new ConflictLost("names", "k", loser, seenFrom(losersNode.node(), bWon ? onB : onC))));
        assertThat(r.get(2).whereis("k")).contains(seenFrom(c.node(), kept));
    }

    @Test
    void badInputIsRefusedWithAMessageNamingIt() {
        ClusterRegistry<String, String> onA = ClusterRegistry.start(a, "names", Keys.DUPLICATE);
        ClusterRegistry<Object, Object> loose = ClusterRegistry.start(a, "loose", Keys.UNIQUE);

        assertThatThrownBy(() -> ClusterRegistry.start(a, " ", Keys.UNIQUE))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> onA.via("k", "v"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("duplicate keys");
        TestProbe probe = TestProbe.spawn(b.node());
        b.node().spawn(self -> {
            try {
                onA.register(self, "k", "v");
            } catch (IllegalArgumentException e) {
                self.send(probe.pid(), String.valueOf(e.getMessage()));
            }
        });
        assertThat(probe.expectMessage(String.class, BOUND))
                .contains("runs on node reg-b")
                .contains("reg-a");
        TestProbe other = TestProbe.spawn(a.node());
        a.node().spawn(self -> {
            try {
                loose.register(self, new StringBuilder("not a value that crosses"), "v");
            } catch (NotEncodableException e) {
                self.send(other.pid(), String.valueOf(e.getMessage()));
            }
        });
        assertThat(other.expectMessage(String.class, BOUND)).contains("java.lang.StringBuilder");
        assertThat(loose.count()).isZero();
        loose.putMeta("owner", "ops");
        assertThat(loose.meta("owner")).isEqualTo(Optional.of("ops"));
        loose.close();
        assertThatThrownBy(() -> loose.lookup("k"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not running");
    }
}
