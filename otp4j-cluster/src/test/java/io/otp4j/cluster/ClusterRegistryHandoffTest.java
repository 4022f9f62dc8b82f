package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.ClusterRegistry.Keys;
import io.otp4j.cluster.ClusterRegistryEvent.Conflict;
import io.otp4j.cluster.ClusterRegistryEvent.HandOver;
import io.otp4j.cluster.RegistryProtocol.Resolve;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A conflict's loser handing its state to the winner ({@link Resolution#handOff}), over two nodes of one JVM split
 * with JGroups' DISCARD ({@link Partition}) on a stack with short failure detection and merge timings: each side
 * registers the same key while apart, and the resolver hands the loser's state to the winner on node a.
 */
class ClusterRegistryHandoffTest {

    /** As the split test's: 1 s of silence makes a suspicion; merges are looked for every 0.1 to 0.3 s. */
    /**
     * Quick merges, but the default silence before a member is suspected: a hand-over's messages sent while a
     * connection flaps are lost with it (ADR 28), and a loaded machine makes a 1 s silence flap.
     */
    private static final Stack.Timings TIMINGS =
            new Stack.Timings(Stack.SILENCE_MS, Stack.HEARTBEAT_MS, 100, 300, 1_500, 100);

    private static final Duration BOUND = Duration.ofSeconds(30);
    private static final String KEY = "tally";

    private final Members members = new Members();
    private final Cluster a = members.join("ho-a", TIMINGS);
    private final Cluster b = members.join("ho-b", TIMINGS);
    private final TestProbe listener;
    private final ClusterRegistry<String, String> onA;
    private final ClusterRegistry<String, String> onB;

    ClusterRegistryHandoffTest() {
        Members.connected(a, b);
        listener = TestProbe.spawn(a.node());
        String winnersNode = a.node().name();
        ConflictResolver<String, String> toA = (key, entries) -> Resolution.handOff(entries.stream()
                .filter(entry -> entry.node().equals(winnersNode))
                .findFirst()
                .orElseThrow());
        ClusterRegistryOptions<String, String> options =
                ClusterRegistryOptions.<String, String>defaults().withResolver(toA);
        onA = ClusterRegistry.start(a, "tallies", Keys.UNIQUE, options.withListener(listener.pid()));
        onB = ClusterRegistry.start(b, "tallies", Keys.UNIQUE, options);
    }

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void theWinnerTakesOverTheLosersCountAndTheLoserExitsNamingIt() {
        GenServerRef<Tally.Req<?>, ?> winner = splitWithWinnerAt(3);
        GenServerRef<Tally.Req<?>, ?> loser = GenServer.start(b.node(), new Tally(onB, KEY));
        loser.call(new Tally.Add(4));
        ClusterEntry<String, String> losersEntry = onB.lookup(KEY).get(0);
        heal();

        Conflict conflict = nextConflict();
        assertThat(conflict)
                .isEqualTo(new Conflict(
                        "tallies",
                        KEY,
                        winner.pid(),
                        seenFrom(a.node(), loser.pid()),
                        Resolution.Action.HAND_OFF,
                        HandOver.SENT));
        assertStoppedNamingTheWinner(loser.pid(), winner.pid());
        Eventually.until(() -> winner.call(new Tally.Get()) == 7, "the winner's count includes the loser's");
        Eventually.until(() -> onB.lookup(KEY).size() == 1 && onA.lookup(KEY).size() == 1, "one entry each");
        assertThat(onB.whereis(KEY)).contains(seenFrom(b.node(), winner.pid()));

        // The same decision again (a coordinator that decides anew after a membership change): nothing more.
        ClusterEntry<String, String> winnersEntry = onB.lookup(KEY).get(0);
        b.node()
                .send(
                        b.node().whereis("otp4j.registry.tallies").orElseThrow(),
                        new Resolve(
                                "tallies",
                                seenFrom(
                                        b.node(),
                                        onA.cluster()
                                                .node()
                                                .whereis("otp4j.registry.tallies")
                                                .orElseThrow()),
                                winnersEntry,
                                losersEntry,
                                Resolution.Action.HAND_OFF,
                                ExitReason.shutdown("again")));
        Registrants.registered(onB, "after", "b"); // b's registry has handled the decision again by now
        for (int i = 0; i < 10; i++) {
            Object event = listener.expectMessage(BOUND);
            assertThat(event).as("no second conflict").isNotInstanceOf(Conflict.class);
            if (event instanceof ClusterRegistryEvent.Registered registered
                    && registered.key().equals("after")) {
                break;
            }
        }
        listener.expectNoMessage(Duration.ofMillis(200));
        assertThat(winner.call(new Tally.Get())).isEqualTo(7);
    }

    @Test
    void aLoserThatIsNoHandoffServerIsStoppedAndTheWinnerKeepsItsCount() {
        GenServerRef<Tally.Req<?>, ?> winner = splitWithWinnerAt(5);
        Pid loser = Registrants.registered(onB, KEY, "b");
        heal();

        Conflict conflict = nextConflict();
        assertThat(conflict.handOver()).isEqualTo(HandOver.NO_STATE);
        assertThat(conflict.loser()).isEqualTo(seenFrom(a.node(), loser));
        assertStoppedNamingTheWinner(loser, winner.pid());
        Eventually.until(() -> onA.lookup(KEY).size() == 1, "the loser's entry is gone on a");
        assertThat(winner.call(new Tally.Get())).isEqualTo(5);
    }

    @Test
    void aStateThatCannotCrossIsLeftBehindAndTheLoserIsStoppedAnyway() {
        GenServerRef<Tally.Req<?>, ?> winner = splitWithWinnerAt(1);
        GenServerRef<Tally.Req<?>, ?> loser =
                GenServer.start(b.node(), new Tally(onB, KEY, count -> new AtomicInteger((Integer) count)));
        loser.call(new Tally.Add(9));
        heal();

        Conflict conflict = nextConflict();
        assertThat(conflict.handOver()).isEqualTo(HandOver.NOT_ENCODABLE);
        assertStoppedNamingTheWinner(loser.pid(), winner.pid());
        assertThat(winner.call(new Tally.Get())).isEqualTo(1);
    }

    /** {@return the next conflict the listener is told of}, after the registrations it is told of first */
    private Conflict nextConflict() {
        for (int i = 0; i < 10; i++) {
            if (listener.expectMessage(BOUND) instanceof Conflict conflict) {
                return conflict;
            }
        }
        throw new AssertionError("no conflict among the listener's first 10 events");
    }

    /** Asserts that {@code loser}, of node b, exited with {@code {shutdown, ConflictLost}} naming {@code winner}. */
    private void assertStoppedNamingTheWinner(Pid loser, Pid winner) {
        assertThat(b.node().await(loser, BOUND))
                .contains(ExitReason.shutdown(new ConflictLost("tallies", KEY, loser, seenFrom(b.node(), winner))));
    }

    /**
     * Splits a from b and waits until each sees the other gone, so that both can register the key. {@return the
     * winner-to-be: a tally of node a that registered the key and counted to {@code count}}
     */
    private GenServerRef<Tally.Req<?>, ?> splitWithWinnerAt(int count) {
        Partition.split(List.of(a), List.of(b));
        Eventually.until(() -> a.nodes().isEmpty() && b.nodes().isEmpty(), "the views split");
        GenServerRef<Tally.Req<?>, ?> winner = GenServer.start(a.node(), new Tally(onA, KEY));
        winner.call(new Tally.Add(count));
        return winner;
    }

    private void heal() {
        Partition.heal(List.of(a, b));
        Members.connected(a, b);
    }
}
