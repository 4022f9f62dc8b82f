package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Box.Block;
import io.otp4j.genserver.Box.Get;
import io.otp4j.genserver.Box.Msg;
import io.otp4j.genserver.Box.Req;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * Stopping a server, and when terminate runs: on stop, on its parent's or its node's exit signal when it traps
 * exits; not on kill; and a terminate that throws turns the exit into a crash.
 */
class StopTest {

    @Test
    void stopRunsTerminateWithTheReasonAndReturnsOnceTheServerIsGone() {
        try (Node node = Node.start("stop")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            ExitReason reason = ExitReason.shutdown("upgrade");

            server.stop(reason, Within.WAIT);

            assertThat(server.isAlive()).isFalse();
            assertThat(box.terminated).isCompletedWithValue(reason);
            assertThat(GenServerRef.of(server.pid(), Box.TYPE)).isEmpty();
        }
    }

    @Test
    void stopWithoutArgumentsStopsNormally() {
        try (Node node = Node.start("stop-normal")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            server.stop();
            assertThat(server.isAlive()).isFalse();
            assertThat(box.terminated).isCompletedWithValue(ExitReason.normal());
        }
    }

    @Test
    void stoppingAServerThatIsGoneFails() {
        try (Node node = Node.start("stop-dead")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            server.stop();
            assertThatThrownBy(() -> server.stop(ExitReason.normal(), Within.WAIT))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.server()).isEqualTo(server.pid()));
        }
    }

    @Test
    void stoppingAServerThatIsGoneFailsWithNoprocWhateverItExitedWith() {
        try (Node node = Node.start("stop-noproc")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            server.stop(ExitReason.shutdown("first"), Within.WAIT);
            // As gen_server:stop: the server was gone before this stop, so it fails with noproc, not with
            // the reason of the stop that ended it.
            assertThatThrownBy(() -> server.stop(ExitReason.shutdown("second"), Within.WAIT))
                    .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                        assertThat(e.server()).isEqualTo(server.pid());
                        assertThat(e.reason()).isEqualTo(ExitReason.noproc());
                    });
            assertThatThrownBy(() -> Sys.getState(server))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
        }
    }

    @Test
    void stopTimesOutIfTheServerDoesNotGetToIt() {
        try (Node node = Node.start("stop-busy")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<Integer> busy = server.sendRequest(new Block());
            Within.await(box.blocking);
            assertThatThrownBy(() -> server.stop(ExitReason.normal(), Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(server.isAlive()).isTrue();
            box.gate.countDown();
            assertThat(busy.await(Within.WAIT)).isZero();
        }
    }

    @Test
    void aTrappingServerRunsTerminateWhenItsParentExits() {
        try (Node node = Node.start("stop-parent")) {
            Box box = new Box(true);
            CompletableFuture<GenServerRef<Req<?>, Msg>> started = new CompletableFuture<>();
            CountDownLatch leave = new CountDownLatch(1);
            Within.spawn(node, self -> {
                started.complete(GenServer.startLink(self, box));
                leave.await();
                self.exit(ExitReason.shutdown("parent leaves"));
                return null;
            });
            GenServerRef<Req<?>, Msg> server = Within.get(started);
            CompletableFuture<Down> down = Within.watch(node, server.pid());

            leave.countDown();

            assertThat(Within.get(box.terminated)).isEqualTo(ExitReason.shutdown("parent leaves"));
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.shutdown("parent leaves"));
        }
    }

    @Test
    void aTrappingServerRunsTerminateWhenItsNodeCloses() {
        Box box = new Box(true);
        Node node = Node.start("stop-node");
        GenServer.start(node, box);
        long start = System.nanoTime();

        node.close(Duration.ofSeconds(30));

        assertThat(Within.since(start))
                .as("the server left on shutdown, not by a kill")
                .isLessThan(Within.WAIT);
        assertThat(box.terminated).isCompletedWithValue(ExitReason.shutdown());
        assertThat(node.processCount()).isZero();
    }

    @Test
    void aServerThatDoesNotTrapExitsEndsWithoutTerminateOnAnExitSignal() {
        try (Node node = Node.start("stop-untrapped")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            node.exit(server.pid(), ExitReason.shutdown());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(box.terminations.get()).isZero();
        }
    }

    @Test
    void terminateDoesNotRunOnKillEvenWhenTrapping() {
        try (Node node = Node.start("stop-kill")) {
            Box box = new Box(true);
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            node.exit(server.pid(), ExitReason.kill());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
            assertThat(box.terminations.get()).isZero();
        }
    }

    @Test
    void terminateDoesNotRunOnKillWhileACallbackIsBlocked() {
        // The kill unwinds the blocked callback with an interrupt; that is the kill, not a crash of the server.
        try (Node node = Node.start("stop-kill-busy")) {
            Box box = new Box(true);
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<Integer> busy = server.sendRequest(new Block());
            Within.await(box.blocking);
            CompletableFuture<Down> down = Within.watch(node, server.pid());

            node.exit(server.pid(), ExitReason.kill());

            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
            assertThat(box.terminations.get()).isZero();
            assertThatThrownBy(() -> busy.await(Within.WAIT))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.killed()));
        }
    }

    @Test
    void aTerminateThatThrowsTurnsTheExitIntoACrash() {
        try (Node node = Node.start("stop-terminate-throws")) {
            Box box = new Box();
            IllegalStateException failure = new IllegalStateException("cannot flush");
            box.terminateThrows = failure;
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            CompletableFuture<Down> down = Within.watch(node, server.pid());

            // As gen_server:stop/3: the server exited with another reason than asked, so stop fails with it.
            assertThatThrownBy(() -> server.stop(ExitReason.normal(), Within.WAIT))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.crash(failure)));

            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.crash(failure));
            assertThat(box.terminated).isCompletedWithValue(ExitReason.normal());
            // Gone by now: a later call reached no one, and says so (noproc), whatever the server exited with.
            assertThatThrownBy(() -> server.call(new Get()))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
        }
    }

    /** A server that tries to stop itself through its own reference when called. */
    private static final class SelfStopper implements GenServer<String, SelfStopper.Try, NoCast> {
        record Try() implements Call<String> {}

        final CompletableFuture<GenServerRef<Try, NoCast>> self = new CompletableFuture<>();

        @Override
        public Init<String> init(io.otp4j.process.ProcessContext context) {
            return Init.ok("running");
        }

        @Override
        public CallResult<String> handleCall(Try request, From from, String state) throws Exception {
            try {
                self.get().stop();
                return Results.reply(request, "stopped", state);
            } catch (IllegalStateException e) {
                return Results.reply(request, String.valueOf(e.getMessage()), state);
            }
        }
    }

    @Test
    void aServerCannotStopItselfThroughItsReference() {
        try (Node node = Node.start("stop-self")) {
            SelfStopper stopper = new SelfStopper();
            GenServerRef<SelfStopper.Try, NoCast> server = GenServer.start(node, stopper);
            stopper.self.complete(server);
            String answer = server.call(new SelfStopper.Try());
            assertThat(answer).contains("stop itself").contains("Results.stop");
            assertThat(server.isAlive()).isTrue();
        }
    }
}
