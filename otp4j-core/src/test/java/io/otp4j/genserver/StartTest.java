package io.otp4j.genserver;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.NameTakenException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.ProcessInfo;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * Starting a server: start, startLink and startMonitor wait for init; init's outcomes (ok, stop, throw,
 * ignore, too slow) and what each leaves behind; names at start.
 */
class StartTest {

    /** The options every start here begins from: a server on a thread of its own; pooled in {@link PooledStartTest}. */
    StartOptions options() {
        return StartOptions.defaults();
    }

    sealed interface Req<R> extends Call<R> {}

    record Ping() implements Req<String> {}

    record Crash() implements Req<String> {}

    /** A server whose init does what the test says. */
    static final class Server implements GenServer<String, Req<?>, Void> {
        static final ServerType<Req<?>, Void> TYPE = ServerType.of(Server.class);

        final Supplier<Init<String>> init;

        Server(Supplier<Init<String>> init) {
            this.init = init;
        }

        static Server ok() {
            return new Server(() -> Init.ok("ready"));
        }

        @Override
        public Init<String> init(ProcessContext self) {
            return init.get();
        }

        @Override
        public CallResult<String> handleCall(Req<?> request, From from, String state) {
            return switch (request) {
                case Ping ping -> reply(ping, "pong: " + state, state);
                case Crash crash -> throw new IllegalStateException("crash on request");
            };
        }
    }

    @Test
    void startReturnsOnlyOnceInitHasReturned() throws Exception {
        try (Node node = Node.start("start-waits");
                var starters = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch inInit = new CountDownLatch(1);
            CountDownLatch finishInit = new CountDownLatch(1);
            Server server = new Server(() -> {
                inInit.countDown();
                try {
                    finishInit.await();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
                return Init.ok("slow");
            });
            CompletableFuture<GenServerRef<Req<?>, Void>> started =
                    CompletableFuture.supplyAsync(() -> GenServer.start(node, server, options()), starters);

            Within.await(inInit);
            assertThat(started).as("start waits for init").isNotDone();
            finishInit.countDown();

            GenServerRef<Req<?>, Void> ref = Within.get(started);
            assertThat(ref.isAlive()).isTrue();
            assertThat(ref.call(new Ping())).isEqualTo("pong: slow");
        }
    }

    @Test
    void initAskingToStopFailsTheStartWithItsReasonAndLeavesNoProcess() {
        try (Node node = Node.start("start-stop")) {
            int before = node.processCount();
            ExitReason reason = ExitReason.custom("no config");
            assertThatThrownBy(() -> GenServer.start(node, new Server(() -> Init.stop(reason)), options()))
                    .isInstanceOfSatisfying(StartException.class, e -> {
                        assertThat(e.reason()).contains(reason);
                        assertThat(e.ignored()).isFalse();
                        assertThat(e).hasMessageContaining("no config");
                    });
            assertThat(node.processCount())
                    .as("processes right after the failed start")
                    .isEqualTo(before);
        }
    }

    @Test
    void aFailedStartFreesTheNameBeforeItReturns() {
        // What a supervisor restarting a child does: start again, under the same name, at once.
        try (Node node = Node.start("start-restart")) {
            StartOptions named = options().withName("worker");
            for (int attempt = 0; attempt < 50; attempt++) {
                assertThatThrownBy(
                                () -> GenServer.start(node, new Server(() -> Init.stop(ExitReason.shutdown())), named))
                        .isInstanceOf(StartException.class);
                assertThatThrownBy(() -> GenServer.start(
                                node,
                                new Server(() -> {
                                    throw new IllegalStateException("init broke");
                                }),
                                named))
                        .isInstanceOf(StartException.class);
                assertThatThrownBy(() -> GenServer.start(node, new Server(Init::ignore), named))
                        .isInstanceOf(StartException.class);
            }
            GenServerRef<Req<?>, Void> ref = GenServer.start(node, Server.ok(), named);
            assertThat(node.whereis("worker")).contains(ref.pid());
        }
    }

    @Test
    void initThrowingFailsTheStartWithTheCause() {
        try (Node node = Node.start("start-throw")) {
            int before = node.processCount();
            IllegalStateException failure = new IllegalStateException("cannot open the port");
            assertThatThrownBy(() -> GenServer.start(
                            node,
                            new Server(() -> {
                                throw failure;
                            }),
                            options()))
                    .isInstanceOfSatisfying(StartException.class, e -> {
                        assertThat(e.reason()).contains(ExitReason.crash(failure));
                        assertThat(e.getCause()).isSameAs(failure);
                    });
            assertThat(node.processCount()).isEqualTo(before);
        }
    }

    @Test
    void initAskingToBeIgnoredIsReportedAsIgnoredAndLeavesNoProcess() {
        try (Node node = Node.start("start-ignore")) {
            int before = node.processCount();
            assertThatThrownBy(() -> GenServer.start(node, new Server(Init::ignore), options()))
                    .isInstanceOfSatisfying(StartException.class, e -> {
                        assertThat(e.ignored()).isTrue();
                        assertThat(e.reason()).isEmpty();
                    });
            assertThat(node.processCount()).isEqualTo(before);
        }
    }

    @Test
    void initSlowerThanTheInitTimeoutFailsTheStartAndTheServerIsKilled() {
        try (Node node = Node.start("start-timeout")) {
            int before = node.processCount();
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Thread> initThread = new CompletableFuture<>();
            Server stuck = new Server(() -> {
                initThread.complete(Thread.currentThread());
                try {
                    // Bounded: if nothing ended the wait, the start would come back late, not hang the test.
                    never.await(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return Init.ok("too late");
            });
            Duration initTimeout = Duration.ofMillis(200);
            long start = System.nanoTime();

            assertThatThrownBy(() -> GenServer.start(node, stuck, options().withInitTimeout(initTimeout)))
                    .isInstanceOfSatisfying(StartException.class, e -> {
                        assertThat(e.ignored()).isFalse();
                        assertThat(e).hasMessageContaining("did not finish within " + initTimeout);
                    });

            Duration took = Within.since(start);
            assertThat(took).isGreaterThanOrEqualTo(initTimeout).isLessThan(Within.WAIT);
            Within.eventually("the slow server is gone", () -> node.processCount() == before);
            if (options().pooled()) {
                // A pooled server's init ran on the starter's thread, which the kill did not interrupt.
                assertThat(Within.get(initThread)).isSameAs(Thread.currentThread());
            } else {
                assertThat(Within.get(initThread).isAlive()).isFalse();
            }
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
        }
    }

    @Test
    void aNameGivenAtStartIsRegisteredBeforeStartReturns() {
        try (Node node = Node.start("start-name")) {
            GenServerRef<Req<?>, Void> ref =
                    GenServer.start(node, Server.ok(), options().withName("pinger"));
            assertThat(node.whereis("pinger")).contains(ref.pid());
            Optional<GenServerRef<Req<?>, Void>> found = GenServerRef.whereis(node, "pinger", Server.TYPE);
            assertThat(found).contains(ref);
            assertThat(found.orElseThrow().call(new Ping())).isEqualTo("pong: ready");
            assertThat(GenServerRef.whereis(node, "nobody", Server.TYPE)).isEmpty();
        }
    }

    @Test
    void aTakenNameFailsTheStartNamingTheHolderAndStartsNothing() {
        try (Node node = Node.start("start-taken")) {
            GenServerRef<Req<?>, Void> first =
                    GenServer.start(node, Server.ok(), options().withName("unique"));
            int before = node.processCount();
            CountDownLatch initRan = new CountDownLatch(1);
            Server second = new Server(() -> {
                initRan.countDown();
                return Init.ok("second");
            });

            assertThatThrownBy(() -> GenServer.start(node, second, options().withName("unique")))
                    .isInstanceOfSatisfying(NameTakenException.class, e -> {
                        assertThat(e.holder()).isEqualTo(first.pid());
                        assertThat(e.name()).isEqualTo("unique");
                    });
            assertThat(node.processCount()).isEqualTo(before);
            assertThat(initRan.getCount()).as("the second init never ran").isEqualTo(1);
            assertThat(node.whereis("unique")).contains(first.pid());
        }
    }

    @Test
    void startLinkLinksTheServerToTheCaller() {
        try (Node node = Node.start("start-link")) {
            record Seen(Pid server, ProcessInfo parent, Exit exit) {}
            Seen seen = Within.inProcess(node, self -> {
                self.trapExits(true);
                GenServerRef<Req<?>, Void> ref = GenServer.startLink(self, Server.ok(), options());
                ProcessInfo info = node.info(self.self()).orElseThrow();
                PendingCall<String> crash = ref.sendRequest(new Crash());
                Exit exit = self.receive(Exit.class, Within.WAIT).orElseThrow();
                assertThatThrownBy(() -> crash.await(Within.WAIT)).isInstanceOf(ServerExitedException.class);
                return new Seen(ref.pid(), info, exit);
            });
            assertThat(seen.parent().links()).contains(seen.server());
            assertThat(seen.exit().from()).isEqualTo(seen.server());
            assertThat(seen.exit().reason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class, c -> assertThat(c.cause()).hasMessage("crash on request"));
        }
    }

    @Test
    void aFailedStartLinkReportsByTheExceptionAloneNotByAnExit() {
        try (Node node = Node.start("start-link-fail")) {
            Optional<Object> leftover = Within.inProcess(node, self -> {
                self.trapExits(true);
                assertThatThrownBy(() -> GenServer.startLink(
                                self, new Server(() -> Init.stop(ExitReason.custom("no"))), options()))
                        .isInstanceOf(StartException.class);
                // The server is gone once startLink has thrown; an Exit, had one been sent, would be here.
                return self.receive(Exit.class, Duration.ZERO).map(Object.class::cast);
            });
            assertThat(leftover).isEmpty();
        }
    }

    @Test
    void startMonitorReturnsAMonitorWhoseDownComesWhenTheServerStops() {
        try (Node node = Node.start("start-monitor")) {
            record Seen(Started<Req<?>, Void> started, Down down) {}
            Seen seen = Within.inProcess(node, self -> {
                Started<Req<?>, Void> started = GenServer.startMonitor(self, Server.ok(), options());
                assertThat(started.ref().call(new Ping())).isEqualTo("pong: ready");
                started.ref().stop(ExitReason.shutdown("bye"), Within.WAIT);
                Down down = self.receive(Down.class, Within.WAIT).orElseThrow();
                return new Seen(started, down);
            });
            assertThat(seen.started().monitor()).isPresent();
            assertThat(seen.down().ref()).isEqualTo(seen.started().monitor().orElseThrow());
            assertThat(seen.down().pid()).isEqualTo(seen.started().ref().pid());
            assertThat(seen.down().reason()).isEqualTo(ExitReason.shutdown("bye"));
        }
    }

    @Test
    void startAloneHasNoMonitorAndIsNotLinked() {
        try (Node node = Node.start("start-plain")) {
            Started<Req<?>, Void> started = Starter.start(node, null, false, Server.ok(), options());
            assertThat(started.monitor()).isEmpty();
            assertThat(node.info(started.ref().pid()).orElseThrow().links()).isEmpty();
        }
    }
}
