package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store against a real server of its own: a server restarted on another node finds its state, a
 * stale incarnation on another node is refused, and many servers share flushes.
 */
class PostgresStoreTest extends PostgresTests {

    @Test
    void aServerRestartedOnAnotherNodeFindsItsState() {
        try (Node first = Node.start("first");
                SqlStore store = postgres().store()) {
            var ledger = GenServer.start(first, Durable.server("moving", store, Ledger.SCHEMA, new Ledger()));
            ledger.call(Ledger.append(1));
            ledger.call(Ledger.append(2));
        }
        try (Node second = Node.start("second");
                SqlStore store = postgres().store()) {
            var ledger = GenServer.start(second, Durable.server("moving", store, Ledger.SCHEMA, new Ledger()));
            assertThat(ledger.call(new Ledger.Entries())).containsExactly(1, 2);
        }
    }

    @Test
    void theStaleIncarnationOnTheOtherNodeIsRefused() {
        try (Node left = Node.start("left");
                Node right = Node.start("right");
                SqlStore leftStore = postgres().store();
                SqlStore rightStore = postgres().store()) {
            var old = GenServer.start(left, Durable.server("split", leftStore, Ledger.SCHEMA, new Ledger()));
            old.call(Ledger.append(1));
            var taken = GenServer.start(right, Durable.server("split", rightStore, Ledger.SCHEMA, new Ledger()));
            taken.call(Ledger.append(2));
            assertThatThrownBy(() -> old.call(Ledger.append(3))).isInstanceOf(ServerExitedException.class);
            ExitReason reason = left.await(old.pid(), Duration.ofSeconds(10)).orElseThrow();
            assertThat(((ExitReason.Crash) reason).cause())
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessage("the write to 'split' by incarnation 1 at version 2 was refused:"
                            + " the store holds incarnation 2 at version 3");
            assertThat(taken.call(new Ledger.Entries())).containsExactly(1, 2);
        }
    }

    @Test
    void eventsReplayAndManyServersShareFlushes() throws Exception {
        int servers = 64;
        int writesEach = 10;
        try (Node node = Node.start("many");
                SqlStore store = postgres().store();
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<GenServerRef<Tally.Request<?>, Tally.Bump>> tallies = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                tallies.add(GenServer.start(
                        node,
                        Durable.eventSourced(
                                "pg" + i, store, Tally.STATES, Tally.EVENTS, new EventLog(4, 2), new Tally())));
            }
            long flushesBefore = store.flushes();
            List<CompletableFuture<Long>> lasts = Tally.addAtOnce(tallies, writesEach, 2, callers);
            for (var last : lasts) {
                assertThat(last.get(60, TimeUnit.SECONDS)).isEqualTo(2L * writesEach);
            }
            assertThat(store.flushes() - flushesBefore).isPositive().isLessThan(servers * writesEach / 2);
            tallies.getFirst().stop();
            var again = GenServer.start(
                    node,
                    Durable.eventSourced("pg0", store, Tally.STATES, Tally.EVENTS, new EventLog(4, 2), new Tally()));
            assertThat(again.call(new Tally.Total())).isEqualTo(2L * writesEach);
        }
    }

    @Test
    void aWriteThatOnlyRemovesCastsIsFencedAcrossConnections() {
        try (SqlStore store = postgres().store()) {
            CastsHandledWrites.areFencedLikeEveryWrite(store);
        }
    }

    @Test
    void anEventSourcedServerHandlesDurableCastsWithAndWithoutEvents() {
        try (Node node = Node.start("pg-casts");
                SqlStore store = postgres().store()) {
            Journal journal = new Journal();
            var ref = EventSourcedCastTest.start(node, store, journal);
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("one", true));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("seen", false));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("two", true));
            Eventually.until(() -> EventSourcedCastTest.pending(store).isEmpty(), "the three casts were handled");
            assertThat(journal.handled).containsExactly("one", "seen", "two");
            ref.stop();
            assertThat(EventSourcedCastTest.start(node, store, new Journal()).call(new Journal.Lines()))
                    .containsExactly("one", "two");
        }
    }
}
