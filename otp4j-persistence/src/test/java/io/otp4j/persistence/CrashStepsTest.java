package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A server crashes at each step of a write: before the store commits, while it commits (the database aborts the
 * transaction), and after the commit but before the reply. After a restart every acknowledged entry is there, once,
 * and the unacknowledged one at most once: there only if its commit happened.
 */
class CrashStepsTest {

    enum Step {
        BEFORE_COMMIT,
        DURING_COMMIT,
        BETWEEN_COMMIT_AND_REPLY
    }

    @TempDir
    Path dir;

    @ParameterizedTest
    @EnumSource(Step.class)
    void noAcknowledgedEntryIsLostAndNoneAppearsTwice(Step step) throws Exception {
        Path file = dir.resolve("crash.db");
        try (Node node = Node.start("crash");
                FaultyStore store = new FaultyStore(SqlStore.sqlite(file))) {
            List<Integer> acknowledged = new ArrayList<>();
            for (int round = 0; round < 3; round++) {
                var ledger = GenServer.start(node, Durable.server("crashing", store, Ledger.SCHEMA, new Ledger()));
                for (int i = 0; i < 5; i++) {
                    int entry = round * 100 + i;
                    acknowledged.add(ledger.call(Ledger.append(entry)));
                }
                int unacknowledged = round * 100 + 99;
                arm(step, store, file, ledger);
                assertThatThrownBy(() -> ledger.call(Ledger.append(unacknowledged)))
                        .isInstanceOf(ServerExitedException.class);
                expectInjectedCrash(node, ledger.pid(), step, file);

                var restarted = GenServer.start(node, Durable.server("crashing", store, Ledger.SCHEMA, new Ledger()));
                List<Integer> entries = restarted.call(new Ledger.Entries());
                if (step == Step.BETWEEN_COMMIT_AND_REPLY) {
                    // Committed, never acknowledged: there once, and the client's view is the prefix before it.
                    acknowledged.add(unacknowledged);
                }
                assertThat(entries)
                        .as("after a crash %s in round %d", step, round)
                        .isEqualTo(acknowledged);
                restarted.stop();
            }
        }
    }

    /**
     * Waits for {@code pid} to crash with the fault {@code step} injected, and removes the fault: the trigger that
     * aborted the commit, for {@link Step#DURING_COMMIT}.
     */
    static void expectInjectedCrash(Node node, Pid pid, Step step, Path file) throws SQLException {
        ExitReason reason = node.await(pid, Duration.ofSeconds(10)).orElseThrow();
        assertThat(reason).isInstanceOf(ExitReason.Crash.class);
        Throwable cause = ((ExitReason.Crash) reason).cause();
        if (step == Step.DURING_COMMIT) {
            assertThat(cause).isInstanceOf(StoreException.class).hasMessageContaining("injected abort");
            Sqlite.execute(file, "DROP TRIGGER fail_during_commit");
        } else {
            assertThat(cause).isInstanceOf(FaultyStore.InjectedFault.class);
        }
    }

    private static void arm(Step step, FaultyStore store, Path file, GenServerRef<?, ?> ledger) throws Exception {
        switch (step) {
            case BEFORE_COMMIT -> store.failNextWrite(FaultyStore.Fault.BEFORE_COMMIT);
            case BETWEEN_COMMIT_AND_REPLY -> store.failNextWrite(FaultyStore.Fault.AFTER_COMMIT);
            case DURING_COMMIT -> {
                DurableStatus status = (DurableStatus) io.otp4j.genserver.Sys.getState(ledger);
                Sqlite.execute(
                        file,
                        "CREATE TRIGGER fail_during_commit BEFORE UPDATE OF version ON otp4j_durable"
                                + " WHEN NEW.version = " + (status.version() + 1)
                                + " BEGIN SELECT RAISE(ABORT, 'injected abort during the commit'); END");
            }
        }
    }
}
