package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.Sys;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Event sourcing: events stored before the reply, replayed from the latest snapshot, old ones deleted. */
class EventSourcedTest {

    @TempDir
    Path dir;

    @Test
    void eventsReplayFromTheLatestSnapshotAndOldOnesAreDeleted() throws Exception {
        Path file = dir.resolve("events.db");
        try (Node node = Node.start("events");
                SqlStore store = SqlStore.sqlite(file)) {
            EventLog log = new EventLog(10, 5);
            var tally = GenServer.start(
                    node, Durable.eventSourced("tally", store, Tally.STATES, Tally.EVENTS, log, new Tally()));
            for (long i = 1; i <= 24; i++) {
                tally.call(new Tally.Add(i));
            }
            tally.cast(new Tally.Bump());
            node.send(tally.pid(), "dropped: stores nothing");
            node.send(tally.pid(), 1000L);
            long total = LongStream.rangeClosed(1, 24).sum() + 1 + 1000;
            assertThat(tally.call(new Tally.Total())).isEqualTo(total);
            assertThat(((DurableStatus) Sys.getState(tally)).version()).isEqualTo(26);
            // The snapshot at 20 keeps the 5 events before it: 16 to 26 remain.
            assertThat(Sqlite.eventSequences(file, "tally"))
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(16, 26).boxed().toList());
            assertThat(new String(Sqlite.snapshot(file, "tally"), java.nio.charset.StandardCharsets.UTF_8))
                    .isEqualTo(String.valueOf(LongStream.rangeClosed(1, 20).sum()));

            node.exit(tally.pid(), ExitReason.kill());
            Eventually.until(() -> !tally.isAlive(), "the tally was killed");
            var again = GenServer.start(
                    node, Durable.eventSourced("tally", store, Tally.STATES, Tally.EVENTS, log, new Tally()));
            assertThat(again.call(new Tally.Total())).isEqualTo(total);
        }
    }

    @Test
    void aDecisionsEventsAreStoredAllOrNone() throws Exception {
        Path file = dir.resolve("atomic.db");
        try (Node node = Node.start("atomic");
                SqlStore store = SqlStore.sqlite(file)) {
            var tally = GenServer.start(
                    node,
                    Durable.eventSourced(
                            "atomic", store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally()));
            assertThat(tally.call(new Tally.Add(1, 2))).isEqualTo(3L);
            // The third of four events fails to insert: the database aborts the whole write.
            Sqlite.execute(
                    file,
                    "CREATE TRIGGER fail_third BEFORE INSERT ON otp4j_events WHEN NEW.seq = 5"
                            + " BEGIN SELECT RAISE(ABORT, 'injected abort at event 5'); END");
            assertThatThrownBy(() -> tally.call(new Tally.Add(10, 20, 30, 40)))
                    .isInstanceOf(ServerExitedException.class);
            ExitReason reason = node.await(tally.pid(), Duration.ofSeconds(10)).orElseThrow();
            assertThat(((ExitReason.Crash) reason).cause())
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("injected abort at event 5");
            Sqlite.execute(file, "DROP TRIGGER fail_third");
            assertThat(Sqlite.eventSequences(file, "atomic")).containsExactly(1L, 2L);

            var again = GenServer.start(
                    node,
                    Durable.eventSourced(
                            "atomic", store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally()));
            assertThat(again.call(new Tally.Total())).isEqualTo(3L);
        }
    }

    @Test
    void missingEventsAreNamedOnStart() throws Exception {
        Path file = dir.resolve("gap.db");
        try (Node node = Node.start("gap");
                SqlStore store = SqlStore.sqlite(file)) {
            var tally = GenServer.start(
                    node,
                    Durable.eventSourced("gap", store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally()));
            tally.call(new Tally.Add(1, 2, 3));
            tally.stop();
            Sqlite.execute(file, "DELETE FROM otp4j_events WHERE seq = 2");
            assertThatThrownBy(() -> GenServer.start(
                            node,
                            Durable.eventSourced(
                                    "gap", store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally())))
                    .hasMessageContaining("the events of 'gap' jump from 1 to 3: events are missing");
        }
    }
}
