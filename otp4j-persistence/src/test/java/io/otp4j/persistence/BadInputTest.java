package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input: a store that is unreachable, closed or full, a corrupt record, a state the codec cannot encode. Each
 * gets an error that names it, the server crashes with it as the reason, and what was stored stays as it was.
 */
class BadInputTest {

    @TempDir
    Path dir;

    private static Throwable crashOf(Node node, GenServerRef<?, ?> server) {
        ExitReason reason = node.await(server.pid(), Duration.ofSeconds(10)).orElseThrow();
        assertThat(reason).isInstanceOf(ExitReason.Crash.class);
        return ((ExitReason.Crash) reason).cause();
    }

    @Test
    void aStateTheCodecCannotEncodeCrashesTheServerAndStoresNothing() {
        try (Node node = Node.start("encode");
                SqlStore store = SqlStore.sqlite(dir.resolve("encode.db"))) {
            var ledger = GenServer.start(node, Durable.server("enc", store, Ledger.SCHEMA, new Ledger()));
            ledger.call(Ledger.append(1));
            assertThatThrownBy(() -> ledger.call(Ledger.append(-5))).isInstanceOf(ServerExitedException.class);
            assertThat(crashOf(node, ledger))
                    .isInstanceOf(EncodeException.class)
                    .hasMessageContaining("cannot encode the state of 'enc' at version 3")
                    .hasMessageContaining("the ledger cannot encode -5");
            var again = GenServer.start(node, Durable.server("enc", store, Ledger.SCHEMA, new Ledger()));
            assertThat(again.call(new Ledger.Entries())).containsExactly(1);
        }
    }

    /** Tally's events, except that a negative amount cannot be encoded. */
    private static final Schema<Tally.Added> NO_NEGATIVE_EVENTS = Schema.of(
            3,
            Codec.text(
                    added -> {
                        if (added.amount() < 0) {
                            throw new IllegalArgumentException("no negative amounts: " + added.amount());
                        }
                        return "add:" + added.amount() + ":units";
                    },
                    text -> new Tally.Added(Long.parseLong(text.split(":")[1]))));

    private static GenServer<Long, Tally.Request<?>, Tally.Bump> tally(String identity, SqlStore store) {
        return Durable.eventSourced(
                identity, store, Tally.STATES, NO_NEGATIVE_EVENTS, EventLog.defaults(), new Tally());
    }

    @Test
    void anEventTheCodecCannotEncodeIsNamedAndNoneOfItsWriteIsStored() {
        try (Node node = Node.start("event-encode");
                SqlStore store = SqlStore.sqlite(dir.resolve("event-encode.db"))) {
            var server = GenServer.start(node, tally("ev", store));
            assertThat(server.call(new Tally.Add(1))).isEqualTo(1L);
            assertThatThrownBy(() -> server.call(new Tally.Add(2, -3))).isInstanceOf(ServerExitedException.class);
            assertThat(crashOf(node, server))
                    .isInstanceOf(EncodeException.class)
                    .hasMessageContaining("cannot encode event 3 of 'ev'")
                    .hasMessageContaining("no negative amounts: -3");
            var again = GenServer.start(node, tally("ev", store));
            assertThat(again.call(new Tally.Total()))
                    .as("event 2 went with event 3's write")
                    .isEqualTo(1L);
        }
    }

    @Test
    void aCorruptEventFailsTheReplayByNameAndIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("corrupt-event.db");
        try (Node node = Node.start("corrupt-event");
                SqlStore store = SqlStore.sqlite(file)) {
            var server = GenServer.start(node, tally("ce", store));
            server.call(new Tally.Add(1, 2, 3));
            server.stop();
            Sqlite.execute(
                    file,
                    "UPDATE otp4j_events SET payload = X'6164643A783A756E697473' WHERE identity = 'ce'"
                            + " AND seq = 2"); // "add:x:units"
            assertThatThrownBy(() -> GenServer.start(node, tally("ce", store)))
                    .isInstanceOf(StartException.class)
                    .hasMessageContaining("event 2 of 'ce' cannot be decoded at schema version 3")
                    .hasMessageContaining("For input string: \"x\"");
            assertThat(Sqlite.eventSequences(file, "ce")).containsExactly(1L, 2L, 3L);
        }
    }

    @Test
    void aCorruptRecordFailsTheStartByNameAndIsLeftAsItIs() throws Exception {
        Path file = dir.resolve("corrupt.db");
        try (Node node = Node.start("corrupt");
                SqlStore store = SqlStore.sqlite(file)) {
            var ledger = GenServer.start(node, Durable.server("bad", store, Ledger.SCHEMA, new Ledger()));
            ledger.call(Ledger.append(1));
            ledger.stop();
            Sqlite.execute(file, "UPDATE otp4j_durable SET snapshot = X'312C78' WHERE identity = 'bad'"); // "1,x"
            assertThatThrownBy(() -> GenServer.start(node, Durable.server("bad", store, Ledger.SCHEMA, new Ledger())))
                    .isInstanceOf(StartException.class)
                    .hasMessageContaining("the stored state of 'bad'")
                    .hasMessageContaining("cannot be decoded at schema version 1")
                    .hasMessageContaining("For input string: \"x\"");
            assertThat(new String(Sqlite.snapshot(file, "bad"), StandardCharsets.UTF_8))
                    .isEqualTo("1,x");
        }
    }

    @Test
    void aFullStoreRefusesTheWriteAndKeepsWhatItHeld() {
        Path file = dir.resolve("full.db");
        List<Integer> stored;
        try (Node node = Node.start("full");
                SqlStore store = SqlStore.sqlite(file, 16)) {
            var ledger = GenServer.start(node, Durable.server("big", store, Ledger.SCHEMA, new Ledger()));
            int entry = 0;
            Throwable failure = null;
            for (int i = 0; i < 100_000 && failure == null; i++) {
                try {
                    ledger.call(Ledger.append(entry++));
                } catch (ServerExitedException e) {
                    failure = crashOf(node, ledger);
                }
            }
            assertThat(failure)
                    .isInstanceOf(StoreException.class)
                    .hasMessageContaining("the store sqlite:full.db failed to commit")
                    .hasMessageContaining("full");
            stored = java.util.stream.IntStream.range(0, entry - 1).boxed().toList();
        }
        try (Node node = Node.start("roomy");
                SqlStore store = SqlStore.sqlite(file)) {
            var ledger = GenServer.start(node, Durable.server("big", store, Ledger.SCHEMA, new Ledger()));
            assertThat(ledger.call(new Ledger.Entries())).isEqualTo(stored);
        }
    }

    @Test
    void aClosedStoreCrashesTheServerThatWrites() {
        try (Node node = Node.start("closed")) {
            SqlStore store = SqlStore.sqlite(dir.resolve("closed.db"));
            var ledger = GenServer.start(node, Durable.server("c", store, Ledger.SCHEMA, new Ledger()));
            store.close();
            assertThatThrownBy(() -> ledger.call(Ledger.append(1))).isInstanceOf(ServerExitedException.class);
            assertThat(crashOf(node, ledger))
                    .isInstanceOf(StoreException.class)
                    .hasMessage("the store sqlite:closed.db is closed");
        }
    }

    @Test
    void anUnreachableStoreIsNamed() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        }
        String url = "jdbc:postgresql://127.0.0.1:" + port + "/nothing";
        assertThatThrownBy(() -> SqlStore.postgresql(url, "nobody", "none"))
                .isInstanceOf(StoreException.class)
                .hasMessageStartingWith("cannot reach the PostgreSQL store " + url + ": ");
        Path missing = dir.resolve("no-such-folder").resolve("x.db");
        assertThatThrownBy(() -> SqlStore.sqlite(missing))
                .isInstanceOf(StoreException.class)
                .hasMessage("cannot open the SQLite store " + missing + ": its folder does not exist");
    }
}
