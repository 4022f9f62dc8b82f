package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A state-snapshot server: loaded before init, stored before the reply, only when changed, shown by Sys. */
class DurableServerTest {

    @TempDir
    Path dir;

    @Test
    void theStateSurvivesAStopAndARestart() {
        try (Node node = Node.start("durable");
                SqlStore store = SqlStore.sqlite(dir.resolve("state.db"))) {
            GenServerRef<Ledger.Request<?>, Ledger.Note> ledger =
                    GenServer.start(node, Durable.server("ledger", store, Ledger.SCHEMA, new Ledger()));
            assertThat(ledger.call(Ledger.append(1))).isEqualTo(1);
            assertThat(ledger.call(Ledger.append(2))).isEqualTo(2);
            ledger.cast(new Ledger.Note(3));
            assertThat(ledger.call(new Ledger.Entries())).containsExactly(1, 2, 3);
            node.exit(ledger.pid(), io.otp4j.process.ExitReason.kill());
            Eventually.until(() -> !ledger.isAlive(), "the ledger was killed");

            GenServerRef<Ledger.Request<?>, Ledger.Note> again =
                    GenServer.start(node, Durable.server("ledger", store, Ledger.SCHEMA, new Ledger()));
            assertThat(again.call(new Ledger.Entries())).containsExactly(1, 2, 3);
        }
    }

    @Test
    void initSeesTheLoadedStateAndAChangeItMakesIsStored() {
        AtomicReference<List<Integer>> seen = new AtomicReference<>();
        class Seeding implements DurableGenServer<List<Integer>, Ledger.Request<?>, Ledger.Note> {
            private final Ledger ledger = new Ledger();

            @Override
            public List<Integer> initialState() {
                return List.of();
            }

            @Override
            public Init<List<Integer>> init(ProcessContext self, List<Integer> loaded) {
                seen.set(loaded);
                return Init.ok(loaded.isEmpty() ? List.of(100) : loaded);
            }

            @Override
            public io.otp4j.genserver.CallResult<List<Integer>> handleCall(
                    Ledger.Request<?> request, io.otp4j.genserver.From from, List<Integer> state) {
                return ledger.handleCall(request, from, state);
            }
        }
        try (Node node = Node.start("seeding");
                SqlStore store = SqlStore.sqlite(dir.resolve("state.db"))) {
            var first = GenServer.start(node, Durable.server("seeded", store, Ledger.SCHEMA, new Seeding()));
            assertThat(seen.get()).isEmpty();
            first.call(Ledger.append(7));
            first.stop();
            var second = GenServer.start(node, Durable.server("seeded", store, Ledger.SCHEMA, new Seeding()));
            assertThat(seen.get()).containsExactly(100, 7);
            assertThat(second.call(new Ledger.Entries())).containsExactly(100, 7);
        }
    }

    @Test
    void sysShowsThePersistedVersionWhichMovesOnlyWhenTheStateChanges() {
        try (Node node = Node.start("status");
                SqlStore store = SqlStore.sqlite(dir.resolve("state.db"))) {
            var ledger = GenServer.start(node, Durable.server("shown", store, Ledger.SCHEMA, new Ledger()));
            DurableStatus fresh = (DurableStatus) Sys.getState(ledger);
            assertThat(fresh.version()).isEqualTo(1); // the initial state, stored once
            assertThat(fresh.incarnation()).isEqualTo(1);
            ledger.call(Ledger.append(5));
            ledger.call(new Ledger.Entries()); // reads change nothing: no write
            ledger.call(new Ledger.Entries());
            DurableStatus after = (DurableStatus) Sys.getState(ledger);
            assertThat(after).isEqualTo(new DurableStatus("shown", store.name(), 1, 2, 1, List.of(5)));
            assertThat(store.writes()).isEqualTo(2);
        }
    }

    @Test
    void aSupervisorRestartsACrashedServerWithItsStoredState() {
        try (Node node = Node.start("supervised");
                SqlStore store = SqlStore.sqlite(dir.resolve("state.db"))) {
            Supervisor supervisor = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker(
                            "ledger", () -> Durable.server("supervised", store, Ledger.SCHEMA, new Ledger()))));
            var pid = supervisor.whichChildren().getFirst().pid().orElseThrow();
            var ledger = GenServerRef.of(pid, Ledger.TYPE).orElseThrow();
            ledger.call(Ledger.append(1));
            ledger.call(Ledger.append(2));
            node.exit(pid, io.otp4j.process.ExitReason.kill());
            Eventually.until(
                    () -> supervisor
                            .whichChildren()
                            .getFirst()
                            .pid()
                            .filter(p -> !p.equals(pid))
                            .isPresent(),
                    "the supervisor restarted the ledger");
            var restarted = GenServerRef.of(
                            supervisor.whichChildren().getFirst().pid().orElseThrow(), Ledger.TYPE)
                    .orElseThrow();
            assertThat(restarted.call(new Ledger.Entries())).containsExactly(1, 2);
            assertThat(((DurableStatus) Sys.getState(restarted)).incarnation()).isEqualTo(2);
            supervisor.stop();
        }
    }
}
