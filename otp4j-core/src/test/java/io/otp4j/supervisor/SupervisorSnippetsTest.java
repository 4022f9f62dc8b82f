package io.otp4j.supervisor;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import io.otp4j.testing.LogCapture;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The code of the class comments of {@link Supervisor}, {@link ChildSpec}, {@link ChildStart}, {@link
 * SupervisorFlags} and {@link DynamicSupervisor}, run as written: each {@code @start region} is what a {@code
 * {@snippet}} there shows.
 */
class SupervisorSnippetsTest {

    sealed interface Request<R> extends Call<R> {}

    /** Asks a server what it was made as. */
    record Name() implements Request<String> {}

    /** A server that answers {@link Name} with the name it was made with. */
    static class Named implements GenServer<String, Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Named.class);

        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok(name);
        }

        @Override
        public CallResult<String> handleCall(Request<?> request, From from, String state) {
            return switch (request) {
                case Name question -> reply(question, state, state);
            };
        }
    }

    static final class CacheServer extends Named {
        CacheServer() {
            super("cache");
        }
    }

    static final class ApiServer extends Named {
        ApiServer() {
            super("api");
        }
    }

    static final class Session extends Named {
        Session(String user) {
            super("session of " + user);
        }
    }

    /** What the processes started by {@link #run} and {@link #work} received. */
    private final LinkedBlockingQueue<Object> done = new LinkedBlockingQueue<>();

    /** The job of {@link ChildSpec}'s example: takes one piece of work, does it, and exits normally. */
    private void run(ProcessContext self) {
        done.add(self.receive());
    }

    /** The worker of {@link ChildStart}'s example: the same. */
    private void work(ProcessContext self) {
        done.add(self.receive());
    }

    private static Optional<ChildInfo> child(Supervisor sup, String id) {
        return sup.whichChildren().stream().filter(c -> c.id().equals(id)).findFirst();
    }

    private static Pid pidOf(Supervisor sup, String id) {
        return child(sup, id).flatMap(ChildInfo::pid).orElseThrow();
    }

    /** Waits until child {@code id} runs again, in another process than {@code before}. */
    private static void awaitRestart(Supervisor sup, String id, Pid before) {
        Eventually.until(
                () -> child(sup, id)
                        .flatMap(ChildInfo::pid)
                        .filter(p -> !p.equals(before))
                        .isPresent(),
                "child " + id + " started again");
    }

    private static String nameOf(Pid pid) {
        return GenServerRef.of(pid, Named.TYPE).orElseThrow().call(new Name());
    }

    private static void stopAll(Node node, Runnable stop) {
        stop.run();
        Eventually.until(() -> node.processCount() == 0, "every process of the tree gone");
    }

    @Test
    void supervisor() {
        try (Node node = Node.start("supervisor-snippet")) {
            // @start region="supervisor"
            Supervisor sup = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker("cache", CacheServer::new), ChildSpec.worker("api", ApiServer::new)));
            // @end
            assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("cache", "api");
            assertThat(nameOf(pidOf(sup, "cache"))).isEqualTo("cache");
            assertThat(nameOf(pidOf(sup, "api"))).isEqualTo("api");
            stopAll(node, sup::stop);
        }
    }

    @Test
    void childSpecs() throws InterruptedException {
        try (Node node = Node.start("child-spec-snippet")) {
            ChildSpec pool = ChildSpec.worker("pool", () -> new Named("pool"));
            ChildSpec writer = ChildSpec.worker("writer", () -> new Named("writer"));
            // @start region="child-specs"
            ChildSpec cache = ChildSpec.worker("cache", () -> new CacheServer()); // a GenServer
            ChildSpec job = ChildSpec.of("job", sup -> StartResult.ok(sup.spawnLink(self -> run(self))))
                    .withRestart(Restart.TRANSIENT)
                    .withShutdown(Shutdown.brutalKill());
            ChildSpec subtree = ChildSpec.supervisor("db", SupervisorFlags.oneForAll(), List.of(pool, writer));
            // @end
            assertThat(cache.restart()).isEqualTo(Restart.PERMANENT);
            assertThat(cache.shutdown()).isEqualTo(Shutdown.timeout(Duration.ofSeconds(5)));
            assertThat(job.restart()).isEqualTo(Restart.TRANSIENT);
            assertThat(job.shutdown()).isEqualTo(Shutdown.brutalKill());
            assertThat(subtree.type()).isEqualTo(ChildType.SUPERVISOR);
            assertThat(subtree.shutdown()).isEqualTo(Shutdown.infinity());

            Supervisor app = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(cache, job, subtree));
            assertThat(nameOf(pidOf(app, "cache"))).isEqualTo("cache");
            Supervisor db = Supervisor.of(pidOf(app, "db")).orElseThrow();
            assertThat(db.whichChildren()).extracting(ChildInfo::id).containsExactly("pool", "writer");

            // The job does its work and exits normally: a transient child is not restarted.
            node.send(pidOf(app, "job"), "the work");
            assertThat(done.poll(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("the work");
            Eventually.until(
                    () -> child(app, "job").orElseThrow().status() == ChildStatus.NOT_RUNNING,
                    "the job done, and not restarted");
            assertThat(child(app, "job").orElseThrow().pid()).isEmpty();
            stopAll(node, app::stop);
        }
    }

    @Test
    void childStart() throws InterruptedException {
        try (Node node = Node.start("child-start-snippet");
                LogCapture log = LogCapture.of("io.otp4j.supervisor")) {
            // @start region="child-start"
            ChildStart start = supervisor -> StartResult.ok(supervisor.spawnLink(self -> work(self)));
            // @end
            Supervisor sup =
                    Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(ChildSpec.of("worker", start)));
            Pid first = pidOf(sup, "worker");
            node.send(first, "one");
            assertThat(done.poll(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("one");
            // A permanent child that exits is started again, by the same ChildStart.
            awaitRestart(sup, "worker", first);
            assertThat(log.about("io.otp4j.supervisor", "child terminated")).hasSize(1);
            node.send(pidOf(sup, "worker"), "two");
            assertThat(done.poll(Eventually.LIMIT.toSeconds(), TimeUnit.SECONDS))
                    .isEqualTo("two");
            stopAll(node, sup::stop);
        }
    }

    @Test
    void flags() {
        try (Node node = Node.start("flags-snippet");
                LogCapture log = LogCapture.of("io.otp4j.supervisor")) {
            // @start region="flags"
            SupervisorFlags flags = SupervisorFlags.oneForOne()
                    .withIntensity(5, Duration.ofSeconds(10))
                    .withBackoff(Backoff.exponential(Duration.ofMillis(100), Duration.ofSeconds(10)));
            // @end
            assertThat(flags.strategy()).isEqualTo(Strategy.ONE_FOR_ONE);
            assertThat(flags.intensity()).isEqualTo(5);
            assertThat(flags.period()).isEqualTo(Duration.ofSeconds(10));
            Backoff backoff = flags.backoff().orElseThrow();
            assertThat(backoff.min()).isEqualTo(Duration.ofMillis(100));
            assertThat(backoff.max()).isEqualTo(Duration.ofSeconds(10));

            // A child killed under these flags comes back after its back-off.
            Supervisor sup = Supervisor.start(node, flags, List.of(ChildSpec.worker("cache", CacheServer::new)));
            Pid first = pidOf(sup, "cache");
            node.exit(first, ExitReason.kill());
            awaitRestart(sup, "cache", first); // after its back-off
            assertThat(nameOf(pidOf(sup, "cache"))).isEqualTo("cache");
            assertThat(log.about("io.otp4j.supervisor", "child terminated")).hasSize(1);
            stopAll(node, sup::stop);
        }
    }

    @Test
    void dynamicSupervisor() {
        try (Node node = Node.start("dynamic-snippet")) {
            String user = "ada";
            // @start region="dynamic"
            DynamicSupervisor sessions = DynamicSupervisor.start(node, SupervisorFlags.oneForOne(), 10_000);
            StartResult started = sessions.startChild(ChildSpec.worker("session", () -> new Session(user)));
            // @end
            assertThat(started).isInstanceOf(StartResult.Ok.class);
            assertThat(nameOf(((StartResult.Ok) started).pid())).isEqualTo("session of ada");
            assertThat(sessions.countChildren().active()).isEqualTo(1);
            stopAll(node, sessions::stop);
        }
    }
}
