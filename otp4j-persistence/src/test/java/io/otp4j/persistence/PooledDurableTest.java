package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessInfo;
import io.otp4j.process.ProcessStatus;
import io.otp4j.testing.Eventually;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durable servers hand their writes to the store and await its answer as a message: a pooled one holds no thread
 * while its write commits, and still replies, and takes its next message, only once the write is durable.
 */
class PooledDurableTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final StartOptions POOLED = StartOptions.defaults().withPooled();

    @TempDir
    Path dir;

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void closeCallers() {
        callers.close();
    }

    @Test
    void aPooledServerWaitsWithoutAThreadWhileItsWriteIsInTheStore() throws Exception {
        int servers = 16;
        try (Node node = Node.start("pooled-held");
                FaultyStore store = new FaultyStore(SqlStore.sqlite(dir.resolve("held.db")))) {
            List<GenServerRef<Ledger.Request<?>, Ledger.Note>> ledgers = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                ledgers.add(
                        GenServer.start(node, Durable.server("held-" + i, store, Ledger.SCHEMA, new Ledger()), POOLED));
            }
            store.hold();
            List<CompletableFuture<Integer>> appended = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                var ledger = ledgers.get(i);
                int entry = i;
                appended.add(CompletableFuture.supplyAsync(() -> ledger.call(Ledger.append(entry)), callers));
            }
            Eventually.until(() -> store.heldWrites() == servers, "every write handed to the store");

            // Each server waits for its write's answer as a pooled server waits for a message: with no thread.
            for (var ledger : ledgers) {
                Eventually.until(
                        () -> node.info(ledger.pid())
                                .map(ProcessInfo::status)
                                .filter(status -> status == ProcessStatus.WAITING)
                                .isPresent(),
                        "a server waits without a thread while its write is held");
            }
            // A cast sent meanwhile waits its turn. Handled before the call's write is durable, it would write at the
            // version the call's write expects too, and one of the two would be refused.
            ledgers.getFirst().cast(new Ledger.Note(100));
            assertThat(appended).noneMatch(CompletableFuture::isDone);

            store.release();
            for (int i = 0; i < servers; i++) {
                assertThat(appended.get(i).get(WAIT.toSeconds(), TimeUnit.SECONDS))
                        .isEqualTo(i);
            }
            assertThat(ledgers.getFirst().call(new Ledger.Entries())).containsExactly(0, 100);
            for (var ledger : ledgers) {
                ledger.stop();
            }
            for (int i = 0; i < servers; i++) {
                var restarted = GenServer.start(node, Durable.server("held-" + i, store, Ledger.SCHEMA, new Ledger()));
                assertThat(restarted.call(new Ledger.Entries()))
                        .as("server %d after a restart", i)
                        .isEqualTo(i == 0 ? List.of(0, 100) : List.of(i));
                restarted.stop();
            }
        }
    }

    @Test
    void pooledEventSourcedServersKeepEveryAcknowledgedUpdateAcrossARestart() throws Exception {
        int servers = 200;
        int writesEach = 20;
        Path file = dir.resolve("pooled.db");
        try (Node node = Node.start("pooled-tallies");
                SqlStore store = SqlStore.sqlite(file)) {
            List<GenServerRef<Tally.Request<?>, Tally.Bump>> tallies = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                tallies.add(GenServer.start(node, tally("tally-" + i, store), POOLED));
            }
            List<CompletableFuture<Long>> lasts = Tally.addAtOnce(tallies, writesEach, 2, callers);
            for (var last : lasts) {
                assertThat(last.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(2L * writesEach);
            }
            assertThat(store.flushes()).as("flushes shared by pooled servers").isLessThan(servers * writesEach / 2);
        }
        try (Node node = Node.start("pooled-tallies-again");
                SqlStore store = SqlStore.sqlite(file)) {
            for (int i = 0; i < servers; i++) {
                var tally = GenServer.start(node, tally("tally-" + i, store), POOLED);
                assertThat(tally.call(new Tally.Total())).as("tally %d", i).isEqualTo(2L * writesEach);
            }
        }
    }

    @Test
    void aStoreThatOnlyWritesOnTheCallersThreadServesDurableServers() throws Exception {
        try (Node node = Node.start("plain-store");
                SqlStore sqlite = SqlStore.sqlite(dir.resolve("plain.db"))) {
            // It implements only what a store must: its writes are handed over by the SPI's default, which writes and
            // then tells the answer on the server's own thread.
            DurableStore plain = new DelegatingStore(sqlite);
            List<StartOptions> both = List.of(StartOptions.defaults(), POOLED);
            for (int i = 0; i < both.size(); i++) {
                StartOptions options = both.get(i);
                var tally = GenServer.start(node, tally("plain-" + i, plain), options);
                assertThat(tally.call(new Tally.Add(3))).isEqualTo(3L);
                assertThat(tally.call(new Tally.Add(4))).isEqualTo(7L);
                tally.stop();
                var again = GenServer.start(node, tally("plain-" + i, plain), options);
                assertThat(again.call(new Tally.Total())).isEqualTo(7L);
                again.stop();
            }
        }
    }

    private static io.otp4j.genserver.GenServer<Long, Tally.Request<?>, Tally.Bump> tally(
            String identity, DurableStore store) {
        return Durable.eventSourced(identity, store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally());
    }
}
