package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.Eventually;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL store with several write connections, on a real server: each has a committer of its own, and an
 * identity's claims, writes and durable casts all go to the same one, so that they commit in the order they were
 * made while other identities commit beside them.
 */
class WriteConnectionsTest extends PostgresTests {

    private static final Duration BOUND = Duration.ofSeconds(30);

    private SqlStore store(int writers) {
        return SqlStore.postgresql(postgres().url(), "postgres", "", writers);
    }

    /** {@return the sessions of the database, {@code admin}'s own not counted} */
    private static int sessions(Connection admin) {
        try (Statement count = admin.createStatement();
                ResultSet row =
                        count.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database()"
                                + " AND pid <> pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** {@return the names of the live committer threads of the store named {@code name}} */
    private static Set<String> committerThreads(SqlStore store) {
        String prefix = "otp4j-committer-" + store.name();
        return Thread.getAllStackTraces().keySet().stream()
                .map(Thread::getName)
                .filter(name -> name.startsWith(prefix) && !name.contains("-watch-"))
                .collect(Collectors.toSet());
    }

    private static void joinAll(List<Thread> threads) throws InterruptedException {
        for (Thread thread : threads) {
            assertThat(thread.join(BOUND)).as("%s ended in time", thread).isTrue();
        }
    }

    @Test
    void aCountOfWriteConnectionsOutOfRangeIsRefusedNamingTheRange() {
        String url = postgres().url();
        assertThatThrownBy(() -> SqlStore.postgresql(url, "postgres", "", 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PostgreSQL store has 1 to 16 write connections, was 0");
        assertThatThrownBy(() -> SqlStore.postgresql(url, "postgres", "", SqlStore.MAX_WRITERS + 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a PostgreSQL store has 1 to 16 write connections, was 17");
    }

    @Test
    void theStoreHoldsItsWriteConnectionsAndOneForReplaysAndClosesThemAll() throws Exception {
        try (Connection admin = DriverManager.getConnection(postgres().url(), "postgres", "")) {
            // The class's server is its own: once the sessions of earlier tests' stores have ended, only this
            // store's are counted.
            Eventually.until(() -> sessions(admin) == 0, "the sessions of earlier tests have ended");
            int before = 0;
            try (SqlStore store = store(3)) {
                assertThat(sessions(admin))
                        .as("three write connections and a read one")
                        .isEqualTo(before + 4);
                assertThat(committerThreads(store))
                        .containsExactlyInAnyOrder(
                                "otp4j-committer-" + store.name() + "-1",
                                "otp4j-committer-" + store.name() + "-2",
                                "otp4j-committer-" + store.name() + "-3");
            }
            Eventually.until(() -> sessions(admin) == before, "the store's sessions are closed");
            try (SqlStore one = store(1)) {
                assertThat(committerThreads(one)).containsExactly("otp4j-committer-" + one.name());
                assertThat(sessions(admin)).isEqualTo(before + 2);
            }
        }
    }

    /**
     * Writers of many identities at once, each writing its events one after another: every identity's events are
     * all there, in the order written, and the writes went through every connection.
     */
    @Test
    void manyIdentitiesSpreadOverTheConnectionsEachKeepItsEventsInOrder() throws Exception {
        int identities = 48;
        int each = 25;
        try (SqlStore store = store(4)) {
            long flushesBefore = store.flushes();
            long[] byConnectionBefore = store.flushesByConnection();
            List<Thread> writers = new ArrayList<>();
            Set<Throwable> failures = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < identities; i++) {
                String identity = "spread-" + i;
                writers.add(Thread.ofVirtual().start(() -> {
                    try {
                        long incarnation = store.claim(identity).incarnation();
                        for (int n = 0; n < each; n++) {
                            byte[] event = (identity + ":" + (n + 1)).getBytes(StandardCharsets.UTF_8);
                            store.write(DurableWrite.events(identity, incarnation, n, List.of(event), 1));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            joinAll(writers);
            assertThat(failures).isEmpty();
            for (int i = 0; i < identities; i++) {
                String identity = "spread-" + i;
                List<String> seen = new ArrayList<>();
                store.replay(
                        identity,
                        0,
                        e -> seen.add(e.sequence() + "=" + new String(e.payload(), StandardCharsets.UTF_8)));
                List<String> expected = LongStream.rangeClosed(1, each)
                        .mapToObj(n -> n + "=" + identity + ":" + n)
                        .toList();
                assertThat(seen).as(identity).isEqualTo(expected);
            }
            assertThat(store.writes()).isEqualTo((long) identities * each);
            assertThat(store.flushes() - flushesBefore)
                    .as("writes that came together shared flushes")
                    .isPositive()
                    .isLessThan((long) identities * (each + 1));
            long[] byConnection = store.flushesByConnection();
            for (int i = 0; i < byConnection.length; i++) {
                assertThat(byConnection[i] - byConnectionBefore[i])
                        .as("transactions committed on write connection %d", i + 1)
                        .isPositive();
            }
        }
    }

    /**
     * Durable casts to one identity from many callers at once: its queue numbers them one after another, which it
     * can only do when they all go through one connection, as they would not if an identity's work were spread.
     */
    @Test
    void castsToOneIdentityFromManyCallersAreNumberedOneAfterAnother() throws Exception {
        int callers = 32;
        int each = 10;
        try (SqlStore store = store(4)) {
            Set<Long> numbers = ConcurrentHashMap.newKeySet();
            Set<Throwable> failures = ConcurrentHashMap.newKeySet();
            List<Thread> threads = new ArrayList<>();
            for (int c = 0; c < callers; c++) {
                int caller = c;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        for (int n = 0; n < each; n++) {
                            byte[] cast = ("cast " + caller + "." + n).getBytes(StandardCharsets.UTF_8);
                            numbers.add(store.enqueueCast("inbox", cast, 1));
                            // Beside them, casts to other identities, on the other connections.
                            store.enqueueCast("other-" + caller, cast, 1);
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            joinAll(threads);
            assertThat(failures).isEmpty();
            assertThat(numbers)
                    .containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(1, (long) callers * each)
                            .boxed()
                            .toList());
            List<Long> queued = new ArrayList<>();
            store.pendingCasts("inbox", 0, e -> queued.add(e.sequence()));
            assertThat(queued)
                    .isEqualTo(LongStream.rangeClosed(1, (long) callers * each)
                            .boxed()
                            .toList());
        }
    }

    /**
     * A claim through one store fences a write by the incarnation it replaced, whichever connection each store's
     * identity goes through: the stale write is refused naming both incarnations, and nothing of it is stored.
     */
    @Test
    void aStaleIncarnationsWriteIsRefusedAcrossStoresWithSeveralConnections() {
        try (SqlStore first = store(3);
                SqlStore second = store(2)) {
            for (int i = 0; i < 6; i++) {
                String identity = "fenced-" + i;
                long older = first.claim(identity).incarnation();
                first.write(DurableWrite.events(identity, older, 0, List.of(new byte[] {1}), 1));
                first.write(DurableWrite.events(identity, older, 1, List.of(new byte[] {2}), 1));
                long newer = second.claim(identity).incarnation();
                assertThatThrownBy(
                                () -> first.write(DurableWrite.events(identity, older, 2, List.of(new byte[] {3}), 1)))
                        .isInstanceOf(StaleWriteException.class)
                        .hasMessageContaining("by incarnation " + older)
                        .hasMessageContaining("holds incarnation " + newer);
                second.write(DurableWrite.events(identity, newer, 2, List.of(new byte[] {4}), 1));
                List<Integer> payloads = new ArrayList<>();
                first.replay(identity, 0, e -> payloads.add((int) e.payload()[0]));
                assertThat(payloads).as(identity).containsExactly(1, 2, 4);
            }
        }
    }
}
