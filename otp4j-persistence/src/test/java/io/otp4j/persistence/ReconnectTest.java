package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A PostgreSQL store whose connections are lost, as when the database server restarts or a proxy drops them, opens
 * them again: a write or read that lost its connection before anything came of it runs again on the new one, and
 * one whose outcome cannot be known fails with an error that says so. The sessions are ended from another
 * connection with {@code pg_terminate_backend}, on the test class's own server.
 */
class ReconnectTest extends PostgresTests {

    private static GenServer<Long, Tally.Request<?>, Tally.Bump> tally(String identity, SqlStore store) {
        return Durable.eventSourced(identity, store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally());
    }

    private Connection admin(String database) throws SQLException {
        return DriverManager.getConnection(postgres().url().replace("/postgres", "/" + database), "postgres", "");
    }

    /** Ends every session of {@code database} but the admin's own, and waits until they are gone. */
    private static void endSessions(Connection admin, String database) throws SQLException {
        try (Statement end = admin.createStatement()) {
            end.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                    + "' AND pid <> pg_backend_pid()");
        }
        Eventually.until(() -> sessions(admin, database) == 0, "the ended sessions are gone");
    }

    /** {@return the sessions of {@code database}, the admin's own not counted} */
    private static int sessions(Connection admin, String database) {
        try (Statement count = admin.createStatement();
                ResultSet row = count.executeQuery("SELECT count(*) FROM pg_stat_activity WHERE datname = '" + database
                        + "' AND pid <> pg_backend_pid()")) {
            row.next();
            return row.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Starts the counter {@code identity} again. Its claim may itself lose its connection while committing, and so
     * fail the start: it is tried a few times.
     */
    private static GenServerRef<Tally.Request<?>, Tally.Bump> restart(Node node, String identity, SqlStore store) {
        for (int attempt = 1; ; attempt++) {
            try {
                return GenServer.start(node, tally(identity, store));
            } catch (StartException e) {
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    /** Starts {@code server} again: its total is {@code total}, and it takes a write. */
    private static void restartsAt(
            Node node, GenServer<Long, Tally.Request<?>, Tally.Bump> server, long total, String why) {
        var restarted = GenServer.start(node, server);
        assertThat(restarted.call(new Tally.Total())).as(why).isEqualTo(total);
        assertThat(restarted.call(new Tally.Add(3))).isEqualTo(total + 3);
    }

    /** {@return a store whose connections go through {@code proxy}} */
    private SqlStore through(CuttingProxy proxy) {
        return SqlStore.postgresql(
                postgres().url().replace(":" + postgres().port() + "/", ":" + proxy.port() + "/"), "postgres", "");
    }

    private static Throwable crashOf(Node node, GenServerRef<?, ?> server) {
        ExitReason reason = node.await(server.pid(), Duration.ofSeconds(10)).orElseThrow();
        assertThat(reason).isInstanceOf(ExitReason.Crash.class);
        return ((ExitReason.Crash) reason).cause();
    }

    @Test
    void aWriteAndAReadWhoseConnectionsWereEndedRunOnNewOnes() throws Exception {
        try (Node node = Node.start("reconnect");
                SqlStore store = postgres().store();
                Connection admin = admin("postgres")) {
            var counter = GenServer.start(node, tally("again", store));
            assertThat(counter.call(new Tally.Add(1, 2))).isEqualTo(3L);
            endSessions(admin, "postgres");

            assertThat(counter.call(new Tally.Add(4))).as("the write ran again").isEqualTo(7L);
            assertThat(sessions(admin, "postgres")).as("a new write connection").isEqualTo(1);

            counter.stop();
            endSessions(admin, "postgres");
            var restarted = GenServer.start(node, tally("again", store));
            assertThat(restarted.call(new Tally.Total()))
                    .as("the claim and the replay ran on new connections")
                    .isEqualTo(7L);
            assertThat(sessions(admin, "postgres")).isEqualTo(2);
        }
    }

    /**
     * A write whose transaction is a lone insert commits as the statement ends. When its answer is lost, the store
     * reads on a new connection whether the insert committed, and acknowledges it once.
     */
    @Test
    void aLoneInsertWhoseAnswerWasLostIsFoundStoredAndAcknowledgedOnce() throws Exception {
        try (Node node = Node.start("answer-lost");
                CuttingProxy proxy = new CuttingProxy(postgres().port());
                SqlStore store = through(proxy)) {
            var counter = GenServer.start(node, tally("answer-lost", store));
            assertThat(counter.call(new Tally.Add(1))).isEqualTo(1L);
            assertThat(counter.call(new Tally.Add(2))).isEqualTo(3L);
            long flushes = store.flushes();

            proxy.cutNextAnswer();
            assertThat(counter.call(new Tally.Add(4))).as("found stored").isEqualTo(7L);
            assertThat(proxy.cuts()).as("the answer was dropped").isEqualTo(1);
            assertThat(store.flushes()).as("one commit").isEqualTo(flushes + 1);

            counter.stop();
            restartsAt(node, tally("answer-lost", store), 7, "the lost answer's write, stored once");
        }
    }

    /**
     * A write of a snapshot alone is one guarded update, which commits as the statement ends. When its answer is
     * lost, the store reads the record row on a new connection: at the write's new version, by the writer's
     * incarnation, it committed. Running it again instead would have been refused as stale.
     */
    @Test
    void aLoneSnapshotWriteWhoseAnswerWasLostIsFoundStoredAndAcknowledgedOnce() throws Exception {
        try (Node node = Node.start("snapshot-lost");
                CuttingProxy proxy = new CuttingProxy(postgres().port());
                SqlStore store = through(proxy)) {
            var ledger = GenServer.start(node, Durable.server("snapshot-lost", store, Ledger.SCHEMA, new Ledger()));
            long alone = store.aloneCommits();
            assertThat(ledger.call(Ledger.append(1))).isEqualTo(1);
            assertThat(ledger.call(Ledger.append(2))).isEqualTo(2);
            assertThat(store.aloneCommits())
                    .as("each write one statement, committed as it ended")
                    .isEqualTo(alone + 2);
            long flushes = store.flushes();

            proxy.cutNextAnswer();
            assertThat(ledger.call(Ledger.append(3))).as("found stored").isEqualTo(3);
            assertThat(proxy.cuts()).as("the answer was dropped").isEqualTo(1);
            assertThat(store.flushes()).as("one commit").isEqualTo(flushes + 1);

            ledger.stop();
            var restarted = GenServer.start(node, Durable.server("snapshot-lost", store, Ledger.SCHEMA, new Ledger()));
            assertThat(restarted.call(new Ledger.Entries())).containsExactly(1, 2, 3);
            assertThat(restarted.call(Ledger.append(4)))
                    .as("the restarted server writes on")
                    .isEqualTo(4);
        }
    }

    @Test
    void writersUnderLoadLoseNoAcknowledgedUpdateAndStoreNoneTwiceAcrossEndedSessions() throws Exception {
        int servers = 16;
        int each = 150;
        try (Node node = Node.start("load");
                SqlStore store = postgres().store();
                Connection admin = admin("postgres")) {
            AtomicLong progress = new AtomicLong();
            long[] acknowledged = new long[servers];
            long[] unknown = new long[servers];
            List<Thread> writers = new ArrayList<>();
            for (int s = 0; s < servers; s++) {
                int server = s;
                writers.add(Thread.ofVirtual().start(() -> {
                    var counter = GenServer.start(node, tally("load-" + server, store));
                    for (int i = 0; i < each; i++) {
                        try {
                            counter.call(new Tally.Add(1));
                            acknowledged[server]++;
                        } catch (ServerExitedException crashed) {
                            unknown[server]++; // lost while committing: stored or not, never twice
                            counter = restart(node, "load-" + server, store);
                        }
                        progress.incrementAndGet();
                    }
                }));
            }
            for (long at : new long[] {servers * each / 4, servers * each / 2, servers * each * 3 / 4}) {
                Eventually.until(() -> progress.get() >= at, "the writers reached " + at + " calls");
                try (Statement end = admin.createStatement()) {
                    end.execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                            + " WHERE datname = 'postgres' AND pid <> pg_backend_pid()");
                }
            }
            for (Thread writer : writers) {
                assertThat(writer.join(Duration.ofSeconds(60))).isTrue();
            }
            for (int s = 0; s < servers; s++) {
                var counter = GenServer.start(node, tally("load-" + s, store));
                long total = counter.call(new Tally.Total());
                assertThat(acknowledged[s] + unknown[s]).isEqualTo(each);
                assertThat(total)
                        .as("server %d: every acknowledged add, and each unknown one at most once", s)
                        .isBetween(acknowledged[s], acknowledged[s] + unknown[s]);
            }
        }
    }

    @Test
    void whileTheDatabaseRefusesConnectionsAWriteFailsByNameAndTheNextOneOpensItsConnection() throws Exception {
        try (Connection setup = admin("postgres");
                Statement ddl = setup.createStatement()) {
            ddl.execute("CREATE DATABASE refusing");
        }
        try (Node node = Node.start("refused");
                SqlStore store =
                        SqlStore.postgresql(postgres().url().replace("/postgres", "/refusing"), "postgres", "");
                Connection admin = admin("postgres")) {
            var counter = GenServer.start(node, tally("refused", store));
            assertThat(counter.call(new Tally.Add(5))).isEqualTo(5L);
            try (Statement alter = admin.createStatement()) {
                alter.execute("ALTER DATABASE refusing ALLOW_CONNECTIONS false");
            }
            endSessions(admin, "refusing");

            assertThatThrownBy(() -> counter.call(new Tally.Add(6))).isInstanceOf(ServerExitedException.class);
            assertThat(crashOf(node, counter))
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("write connection ")
                    .hasMessageContaining(" of " + SqlStore.POSTGRESQL_WRITERS + " to the store " + store.name()
                            + " was lost and cannot be opened again")
                    .hasMessageContaining("refusing");

            try (Statement alter = admin.createStatement()) {
                alter.execute("ALTER DATABASE refusing ALLOW_CONNECTIONS true");
            }
            restartsAt(node, tally("refused", store), 5, "the refused write was not stored");
        }
    }

    @Test
    void aConnectionLostWhileCommittingFailsItsWritersWithWhatIsNotKnown() throws Exception {
        try (Node node = Node.start("doomed");
                SqlStore store = postgres().store();
                Connection admin = admin("postgres");
                Statement ddl = admin.createStatement()) {
            var counter = GenServer.start(node, tally("doomed", store));
            assertThat(counter.call(new Tally.Add(1))).isEqualTo(1L);
            // Ends the session that commits the second event of 'doomed', at its commit.
            ddl.execute("CREATE FUNCTION end_at_commit() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN"
                    + " IF NEW.identity = 'doomed' AND NEW.seq = 2 THEN PERFORM pg_terminate_backend(pg_backend_pid());"
                    + " END IF; RETURN NULL; END $$");
            ddl.execute("CREATE CONSTRAINT TRIGGER end_at_commit AFTER INSERT ON otp4j_events"
                    + " DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION end_at_commit()");
            try {
                assertThatThrownBy(() -> counter.call(new Tally.Add(2))).isInstanceOf(ServerExitedException.class);
                assertThat(crashOf(node, counter))
                        .isInstanceOf(StoreException.class)
                        .hasMessageContaining("the connection was lost while committing, so whether these writes are"
                                + " stored is not known until they are read again");
            } finally {
                ddl.execute("DROP TRIGGER end_at_commit ON otp4j_events");
                ddl.execute("DROP FUNCTION end_at_commit()");
            }
            restartsAt(node, tally("doomed", store), 1, "the session ended before its commit did");
        }
    }
}
