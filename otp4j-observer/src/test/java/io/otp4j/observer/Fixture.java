package io.otp4j.observer;

import io.otp4j.cache.Cache;
import io.otp4j.cache.CacheOptions;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.PersistedStatus;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.registry.Registry;
import io.otp4j.registry.RegistryOptions;
import io.otp4j.stage.GenStage;
import io.otp4j.stage.StageRef;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.table.SetTable;
import io.otp4j.table.Table;
import io.otp4j.table.TableOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node for the dashboard's tests: a supervisor {@code app} over a server {@code flooded} and a supervisor
 * {@code workers} of two servers. {@link #flood} makes {@code flooded} take a message that holds it until the
 * fixture closes, and queues many more behind it, so it has the longest mailbox of the node.
 */
final class Fixture implements AutoCloseable {

    /** Holds the flooded server on its first message; released on close (or after a bounded wait). */
    private final CountDownLatch release = new CountDownLatch(1);

    final Node node = Node.start("observed");
    final Supervisor app;
    final Registry<String, String> sessions = Registry.start(node, "sessions", RegistryOptions.unique());
    final Cache<String, Integer> cache = Cache.start(node, CacheOptions.defaults());
    final StageRef<?, ?> numbers = GenStage.fromIterable(node, List.of(1L, 2L, 3L));
    final Table<String, Integer> users;

    record Hold() {}

    record Work(int n) {}

    /** A server that counts its messages and holds on {@link Hold} until the fixture lets it go. */
    final class Counter implements GenServer<Integer, io.otp4j.genserver.Call<?>, Object> {
        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer state) throws InterruptedException {
            if (message instanceof Hold) {
                release.await(30, TimeUnit.SECONDS);
            }
            return Results.noReply(state + 1);
        }
    }

    /** What {@link Stored}'s formatStatus returns: a persisted status, as a durable server's. */
    record StoredStatus(String identity, String store, long incarnation, long version, Object state)
            implements PersistedStatus {}

    /**
     * A server that shows itself as persisted: the dashboard knows it only through {@link PersistedStatus}. Its
     * persisted version is the count of the messages it took.
     */
    static final class Stored implements GenServer<Integer, io.otp4j.genserver.Call<?>, Object> {
        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer state) {
            return Results.noReply(state + 1);
        }

        @Override
        public Object formatStatus(Integer state) {
            return new StoredStatus("orders", "sqlite:orders.db", 2, state, "count " + state);
        }
    }

    Fixture() {
        app = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(
                        ChildSpec.worker(
                                "flooded", Counter::new, StartOptions.defaults().withName("flooded")),
                        ChildSpec.supervisor(
                                "workers",
                                SupervisorFlags.oneForOne(),
                                List.of(
                                        ChildSpec.worker(
                                                "w1",
                                                Counter::new,
                                                StartOptions.defaults().withName("w1")),
                                        ChildSpec.worker("w2", Counter::new)))),
                StartOptions.defaults().withName("app"));
        CompletableFuture<Table<String, Integer>> made = new CompletableFuture<>();
        node.spawn(self -> {
            SetTable<String, Integer> table =
                    Table.set(self, TableOptions.defaults().withName("users"));
            table.insert("ada", 36);
            table.insert("alan", 41);
            sessions.register(self, "ada", "web");
            made.complete(table);
            self.receive();
        });
        try {
            users = made.get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("the table's owner did not start", e);
        }
        cache.put("greeting", 1);
        cache.get("greeting");
        cache.get("missing");
    }

    /** {@return an observer of the fixture's node that shows its registry, table, cache and stage} */
    Observer.Builder observer() {
        return Observer.builder(node)
                .registry("sessions", sessions)
                .table("users", users)
                .cache("greetings", cache)
                .stage("numbers", numbers);
    }

    /** {@return the pid of the server registered as {@code name}} */
    Pid whereis(String name) {
        return node.whereis(name).orElseThrow(() -> new AssertionError(name + " is not registered"));
    }

    /** Holds {@code flooded} and queues {@code count} messages behind the one it holds on. */
    void flood(int count) {
        GenServerRef<?, ?> flooded = GenServerRef.of(whereis("flooded")).orElseThrow();
        Pid pid = flooded.pid();
        node.send(pid, new Hold());
        for (int i = 0; i < count; i++) {
            node.send(pid, new Work(i));
        }
    }

    @Override
    public void close() {
        release.countDown();
        node.close(Duration.ofSeconds(5));
    }
}
