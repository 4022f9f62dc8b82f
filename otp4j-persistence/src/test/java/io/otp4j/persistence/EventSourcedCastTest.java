package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Durable casts to an event-sourced server: a cast's events are stored in the write that removes it from the
 * queue, and a cast that decides no event is removed by a write that keeps the version. The server crashes at each
 * step of that write; after a restart no cast is lost and none is handled again once its write committed.
 */
class EventSourcedCastTest {

    @TempDir
    Path dir;

    @Test
    void castsAreHandledInOrderAndOnlyThoseWithEventsMoveTheVersion() {
        try (Node node = Node.start("es-casts");
                SqlStore store = SqlStore.sqlite(dir.resolve("casts.db"))) {
            Journal journal = new Journal();
            var ref = start(node, store, journal);
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("one", true));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("seen", false));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("two", true));
            Eventually.until(() -> pending(store).isEmpty(), "the three casts were handled");
            assertThat(ref.call(new Journal.Lines())).containsExactly("one", "two");
            assertThat(journal.handled).containsExactly("one", "seen", "two");
            assertThat(((DurableStatus) Sys.getState(ref)).version()).isEqualTo(2);
        }
    }

    @Test
    void aCastThatContinuesRunsItsContinueBeforeTheNextCast() {
        try (Node node = Node.start("es-continue");
                SqlStore store = SqlStore.sqlite(dir.resolve("continue.db"))) {
            Journal journal = new Journal();
            var ref = start(node, store, journal);
            Sys.suspend(ref);
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("one", true, true));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("two", true));
            Sys.resume(ref);
            Eventually.until(() -> pending(store).isEmpty(), "both casts were handled");
            assertThat(ref.call(new Journal.Lines())).containsExactly("one", "after one", "two");
            assertThat(journal.handled).containsExactly("one", "two");
            assertThat(((DurableStatus) Sys.getState(ref)).version()).isEqualTo(3);
        }
    }

    @ParameterizedTest(name = "crash {0}, the cast stores an event: {1}")
    @CsvSource({
        "BEFORE_COMMIT, true",
        "BEFORE_COMMIT, false",
        "DURING_COMMIT, true",
        "DURING_COMMIT, false",
        "BETWEEN_COMMIT_AND_REPLY, true",
        "BETWEEN_COMMIT_AND_REPLY, false"
    })
    void noCastIsLostAndNoneIsHandledAgainAfterItsCommit(CrashStepsTest.Step step, boolean stores) throws Exception {
        Path file = dir.resolve("crash.db");
        try (Node node = Node.start("es-crash");
                FaultyStore store = new FaultyStore(SqlStore.sqlite(file))) {
            Journal first = new Journal();
            var ref = start(node, store, first);
            assertThat(ref.call(new Journal.Write("acknowledged"))).isEqualTo(1);
            // Suspended, the server takes no message: both casts wait in the store, then it handles the first.
            Sys.suspend(ref);
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("crashing", stores));
            Durable.cast(store, "journal", Journal.NOTES, ref, new Journal.Note("next", true));
            switch (step) {
                case BEFORE_COMMIT -> store.failNextWrite(FaultyStore.Fault.BEFORE_COMMIT);
                case BETWEEN_COMMIT_AND_REPLY -> store.failNextWrite(FaultyStore.Fault.AFTER_COMMIT);
                case DURING_COMMIT ->
                    Sqlite.execute(
                            file,
                            "CREATE TRIGGER fail_during_commit BEFORE DELETE ON otp4j_casts"
                                    + " BEGIN SELECT RAISE(ABORT, 'injected abort during the commit'); END");
            }
            Sys.resume(ref);
            CrashStepsTest.expectInjectedCrash(node, ref.pid(), step, file);
            assertThat(first.handled).containsExactly("crashing");
            // terminate ran after the crash with the state as last acknowledged by the store: a write that threw
            // is not in it, even one the store committed before it failed.
            assertThat(first.terminated).element(1).isEqualTo(List.of("acknowledged"));
            boolean committed = step == CrashStepsTest.Step.BETWEEN_COMMIT_AND_REPLY;

            Journal second = new Journal();
            var restarted = start(node, store, second);
            Eventually.until(() -> pending(store).isEmpty(), "the next incarnation handled the queued casts");
            List<String> expected = new ArrayList<>(List.of("acknowledged"));
            if (stores) {
                expected.add("crashing");
            }
            expected.add("next");
            assertThat(restarted.call(new Journal.Lines())).isEqualTo(expected);
            assertThat(second.handled)
                    .as("a cast whose write committed is not handled again")
                    .containsExactlyElementsOf(committed ? List.of("next") : List.of("crashing", "next"));
            assertThat(((DurableStatus) Sys.getState(restarted)).version()).isEqualTo(expected.size());
            restarted.stop();
            assertThat(start(node, store, new Journal()).call(new Journal.Lines()))
                    .isEqualTo(expected);
        }
    }

    static GenServerRef<Journal.Request<?>, Journal.Note> start(Node node, DurableStore store, Journal journal) {
        return GenServer.start(
                node,
                Durable.eventSourced(
                        "journal", store, Journal.STATES, Journal.EVENTS, Journal.NOTES, EventLog.defaults(), journal));
    }

    static List<StoredEvent> pending(DurableStore store) {
        List<StoredEvent> left = new ArrayList<>();
        store.pendingCasts("journal", 0, left::add);
        return left;
    }
}
