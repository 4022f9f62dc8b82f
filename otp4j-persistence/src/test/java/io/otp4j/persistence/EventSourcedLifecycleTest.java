package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.Sys;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An event-sourced server's continue and terminate, with a generic server's meaning: a continue runs before the
 * next message and its events are stored before that message is taken; terminate sees the state as last stored.
 */
class EventSourcedLifecycleTest {

    @TempDir
    Path dir;

    @Test
    void aContinueRunsBeforeTheNextMessageAndItsEventsAreStoredFirst() throws Exception {
        Path file = dir.resolve("continue.db");
        try (Node node = Node.start("continue");
                SqlStore store = SqlStore.sqlite(file)) {
            var journal = EventSourcedCastTest.start(node, store, new Journal());
            // The reply is computed before the continue runs: one line.
            assertThat(journal.call(new Journal.WriteThenContinue("first", "continued")))
                    .isEqualTo(1);
            // The next message comes after the continue, whose event is stored by then.
            assertThat(journal.call(new Journal.Lines())).containsExactly("first", "continued");
            assertThat(Sqlite.eventSequences(file, "journal")).containsExactly(1L, 2L);
            assertThat(((DurableStatus) Sys.getState(journal)).version()).isEqualTo(2);

            node.exit(journal.pid(), ExitReason.kill());
            assertThat(node.await(journal.pid(), Duration.ofSeconds(10))).isPresent();
            assertThat(EventSourcedCastTest.start(node, store, new Journal()).call(new Journal.Lines()))
                    .containsExactly("first", "continued");
        }
    }

    @Test
    void aDecisionThatStopsStoresItsEventsRepliesThenTerminatesWithThem() {
        try (Node node = Node.start("stop");
                SqlStore store = SqlStore.sqlite(dir.resolve("stop.db"))) {
            Journal first = new Journal();
            var journal = EventSourcedCastTest.start(node, store, first);
            journal.call(new Journal.Write("a"));
            assertThat(journal.call(new Journal.WriteThenStop("b"))).isEqualTo(2);
            assertThat(node.await(journal.pid(), Duration.ofSeconds(10))).contains(ExitReason.normal());
            assertThat(first.terminated).containsExactly(ExitReason.normal(), List.of("a", "b"));
            assertThat(EventSourcedCastTest.start(node, store, new Journal()).call(new Journal.Lines()))
                    .containsExactly("a", "b");
        }
    }

    @Test
    void terminateAfterAFailedWriteSeesTheStateWithoutItsEvents() {
        try (Node node = Node.start("failed");
                FaultyStore store = new FaultyStore(SqlStore.sqlite(dir.resolve("failed.db")))) {
            Journal first = new Journal();
            var journal = EventSourcedCastTest.start(node, store, first);
            journal.call(new Journal.Write("kept"));
            store.failNextWrite(FaultyStore.Fault.BEFORE_COMMIT);
            assertThatThrownBy(() -> journal.call(new Journal.WriteThenContinue("lost", "never")))
                    .isInstanceOf(ServerExitedException.class);
            ExitReason reason =
                    node.await(journal.pid(), Duration.ofSeconds(10)).orElseThrow();
            assertThat(((ExitReason.Crash) reason).cause()).isInstanceOf(FaultyStore.InjectedFault.class);
            assertThat(first.terminated).containsExactly(reason, List.of("kept"));
            assertThat(EventSourcedCastTest.start(node, store, new Journal()).call(new Journal.Lines()))
                    .containsExactly("kept");
        }
    }

    @Test
    void aDecisionEitherContinuesOrStops() {
        Decision<List<String>, String> continuing =
                Decision.<List<String>, String>persist("x").thenContinue("more");
        assertThatThrownBy(() -> continuing.thenStop(ExitReason.normal()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("a decision that continues (more) cannot also stop");
        Decision<List<String>, String> stopping =
                Decision.<List<String>, String>none().thenStop(ExitReason.normal());
        assertThatThrownBy(() -> stopping.thenContinue("more"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("a decision that stops (");
    }
}
