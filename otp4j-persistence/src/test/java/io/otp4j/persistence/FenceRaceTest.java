package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.persistence.internal.SqlRecords;
import io.otp4j.persistence.internal.SqlWrites;
import io.otp4j.testkit.Eventually;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A write of events and a claim of its identity from another node, at the same instant, on a real PostgreSQL
 * server: a write of events leaves the record row as it is, so the share lock its guard takes on that row is all
 * that orders the two. Each test holds one side's transaction open, starts the other on a second connection, waits
 * until the server shows it waiting for the lock, and then commits the first.
 */
class FenceRaceTest extends PostgresTests {

    private static final Duration LIMIT = Duration.ofSeconds(20);

    @Test
    void aClaimWaitsForAWriteInFlightAndCarriesItsEventsOver() throws Exception {
        try (SqlStore store = postgres().store()) {
            store.claim("race-write");
        }
        try (Connection writer = open();
                Connection claimer = open();
                Connection watcher = open()) {
            List<@Nullable RuntimeException> refusals = SqlWrites.writeAll(
                    writer,
                    List.of(DurableWrite.events("race-write", 1, 0, List.of(new byte[] {1}, new byte[] {2}), 1)));
            assertThat(refusals).containsOnlyNulls();

            CompletableFuture<StoredRecord> claim = CompletableFuture.supplyAsync(() -> inTransaction(claimer, c -> {
                return SqlRecords.claim(c, "race-write");
            }));
            awaitLockWait(watcher, claim);
            writer.commit();

            StoredRecord record = claim.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(record.incarnation()).isEqualTo(2);
            assertThat(record.version())
                    .as("the claim sees the events committed before it")
                    .isEqualTo(2);
        }
        try (SqlStore store = postgres().store()) {
            StoredRecord again = store.claim("race-write");
            assertThat(again.version()).isEqualTo(2);
            List<Long> events = new ArrayList<>();
            store.replay("race-write", 0, event -> events.add(event.sequence()));
            assertThat(events).containsExactly(1L, 2L);
        }
    }

    @Test
    void aWriteOfTheOldIncarnationWaitsForAClaimInFlightAndIsRefused() throws Exception {
        try (SqlStore store = postgres().store()) {
            store.claim("race-claim");
        }
        try (Connection writer = open();
                Connection claimer = open();
                Connection watcher = open()) {
            StoredRecord claimed = SqlRecords.claim(claimer, "race-claim");
            assertThat(claimed.incarnation()).isEqualTo(2);

            CompletableFuture<List<@Nullable RuntimeException>> write =
                    CompletableFuture.supplyAsync(() -> inTransaction(
                            writer,
                            c -> SqlWrites.writeAll(
                                    c, List.of(DurableWrite.events("race-claim", 1, 0, List.of(new byte[] {7}), 1)))));
            awaitLockWait(watcher, write);
            claimer.commit();

            List<@Nullable RuntimeException> refusals = write.get(LIMIT.toSeconds(), TimeUnit.SECONDS);
            assertThat(refusals.get(0))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessage("the write to 'race-claim' by incarnation 1 at version 0 was refused:"
                            + " the store holds incarnation 2 at version 0");
        }
        try (SqlStore store = postgres().store()) {
            List<Long> events = new ArrayList<>();
            store.replay("race-claim", 0, event -> events.add(event.sequence()));
            assertThat(events).as("the stale incarnation stored nothing").isEmpty();
        }
    }

    /** Work in a transaction of its own on {@code connection}, committed. */
    @FunctionalInterface
    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static <T> T inTransaction(Connection connection, Work<T> work) {
        try {
            T result = work.run(connection);
            connection.commit();
            return result;
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until the server shows a session waiting for a lock, and checks that the waiting side has not ended. */
    static void awaitLockWait(Connection watcher, CompletableFuture<?> waiting) {
        Eventually.until(
                LIMIT,
                () -> waiting.isDone() || lockWaits(watcher) > 0,
                "a session of the test waiting for a row lock");
        assertThat(waiting)
                .as("the second side waits for the first side's commit")
                .isNotDone();
    }

    private static int lockWaits(Connection watcher) {
        try (Statement query = watcher.createStatement();
                ResultSet row = query.executeQuery("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE wait_event_type = 'Lock' AND datname = current_database()")) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private Connection open() throws SQLException {
        Connection connection = DriverManager.getConnection(postgres().url(), "postgres", "");
        connection.setAutoCommit(false);
        return connection;
    }
}
