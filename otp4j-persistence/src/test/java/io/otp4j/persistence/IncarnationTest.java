package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One writer per identity: each start claims a new incarnation, and an older incarnation's write is refused. */
class IncarnationTest {

    @TempDir
    Path dir;

    @Test
    void aStaleIncarnationsWriteIsRefusedNamingBothVersions() {
        try (Node node = Node.start("incarnations");
                SqlStore store = SqlStore.sqlite(dir.resolve("one.db"))) {
            var older = GenServer.start(node, Durable.server("shared", store, Ledger.SCHEMA, new Ledger()));
            older.call(Ledger.append(1));
            var newer = GenServer.start(node, Durable.server("shared", store, Ledger.SCHEMA, new Ledger()));
            newer.call(Ledger.append(2));

            assertThatThrownBy(() -> older.call(Ledger.append(3))).isInstanceOf(ServerExitedException.class);
            ExitReason reason = node.await(older.pid(), Duration.ofSeconds(10)).orElseThrow();
            Throwable cause = ((ExitReason.Crash) reason).cause();
            assertThat(cause)
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessage("the write to 'shared' by incarnation 1 at version 2 was refused:"
                            + " the store holds incarnation 2 at version 3");
            StaleWriteException stale = (StaleWriteException) cause;
            assertThat(List.of(stale.writerIncarnation(), stale.writerVersion(), stale.storedIncarnation()))
                    .containsExactly(1L, 2L, 2L);

            assertThat(newer.call(new Ledger.Entries())).containsExactly(1, 2);
            newer.call(Ledger.append(4));
            newer.stop();
            var third = GenServer.start(node, Durable.server("shared", store, Ledger.SCHEMA, new Ledger()));
            assertThat(third.call(new Ledger.Entries())).containsExactly(1, 2, 4);
        }
    }

    @Test
    void aWriteFromAVersionTheStoreHasPassedIsRefusedEvenByTheCurrentIncarnation() {
        try (SqlStore store = SqlStore.sqlite(dir.resolve("two.db"))) {
            StoredRecord claimed = store.claim("racing");
            store.write(DurableWrite.state("racing", claimed.incarnation(), 0, new byte[] {1}, 1));
            assertThatThrownBy(() ->
                            store.write(DurableWrite.state("racing", claimed.incarnation(), 0, new byte[] {2}, 1)))
                    .isInstanceOf(StaleWriteException.class)
                    .hasMessageContaining("incarnation 1 at version 0")
                    .hasMessageContaining("holds incarnation 1 at version 1");
            assertThat(store.claim("racing").snapshot()).containsExactly(1);
        }
    }
}
