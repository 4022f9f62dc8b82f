package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.Box.Add;
import io.otp4j.genserver.Box.Block;
import io.otp4j.genserver.Box.Crash;
import io.otp4j.genserver.Box.Get;
import io.otp4j.genserver.Box.Held;
import io.otp4j.genserver.Box.Hold;
import io.otp4j.genserver.Box.Msg;
import io.otp4j.genserver.Box.Req;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Casts, and asynchronous calls: sendRequest with await, check, cancel and awaitAll. */
class CastAndRequestTest {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void stopThreads() {
        threads.shutdownNow();
    }

    @Test
    void aCastReturnsAtOnceEvenWhileTheServerIsBusyAndALaterCallSeesIt() {
        try (Node node = Node.start("cast-order")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<Integer> busy = server.sendRequest(new Block());
            Within.await(box.blocking);

            for (int i = 1; i <= 100; i++) {
                server.cast(new Add(i)); // the server is blocked: these can only queue
            }
            PendingCall<Integer> after = server.sendRequest(new Get());
            box.gate.countDown();

            assertThat(busy.await(Within.WAIT)).isZero();
            assertThat(after.await(Within.WAIT)).isEqualTo(5050);
            assertThat(box.handled.subList(1, 101))
                    .extracting(m -> ((Add) m).n())
                    .isSorted()
                    .hasSize(100);
        }
    }

    @Test
    void aCastToAServerThatIsGoneIsDroppedSilently() {
        try (Node node = Node.start("cast-dead")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            server.stop();
            int before = node.processCount();
            server.cast(new Add(1)); // no exception
            assertThat(server.isAlive()).isFalse();
            assertThat(node.processCount()).isEqualTo(before);
        }
    }

    @Test
    void aPendingCallIsEmptyUntilTheReplyComesThenHoldsIt() {
        try (Node node = Node.start("request-check")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            PendingCall<String> pending = server.sendRequest(new Hold("a"));
            Held held = box.held();

            assertThat(pending.check()).isEmpty();
            assertThat(pending.request()).isEqualTo(new Hold("a"));
            assertThat(held.from().reply(held.request(), "answer")).isTrue();

            assertThat(pending.check()).contains("answer");
            assertThat(pending.await(Within.WAIT)).isEqualTo("answer");
        }
    }

    @Test
    void aCancelledRequestIsSkippedByTheServer() {
        try (Node node = Node.start("request-cancel")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            Sys.suspend(server);
            PendingCall<Integer> cancelled = server.sendRequest(new Crash("never handled"));
            cancelled.cancel();
            Sys.resume(server);

            int value = server.call(new Get());
            assertThat(value).isZero();
            assertThat(Sys.statistics(server).skippedCalls()).isEqualTo(1);
            assertThat(box.handled).containsExactly(new Get());
            assertThat(cancelled.check()).isEmpty();
        }
    }

    @Test
    void awaitingACancelledRequestTimesOutAtOnce() {
        try (Node node = Node.start("request-cancel-await")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            PendingCall<String> cancelled = server.sendRequest(new Hold("x"));
            cancelled.cancel();
            CompletableFuture<String> awaited =
                    CompletableFuture.supplyAsync(() -> cancelled.await(Duration.ofMillis(50)), threads);
            assertThatThrownBy(() -> Within.get(awaited)).isInstanceOf(CallTimeoutException.class);
        }
    }

    @Test
    void awaitReturnsTheReplyAndTimesOutWithoutOne() {
        try (Node node = Node.start("request-await")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Box());
            server.cast(new Add(3));
            PendingCall<Integer> get = server.sendRequest(new Get());
            assertThat(get.await(Within.WAIT)).isEqualTo(3);

            PendingCall<String> never = server.sendRequest(new Hold("never"));
            assertThatThrownBy(() -> never.await(Duration.ofMillis(50)))
                    .isInstanceOfSatisfying(
                            CallTimeoutException.class,
                            e -> assertThat(e.request()).isEqualTo(new Hold("never")));
        }
    }

    @Test
    void awaitAllReturnsTheRepliesInTheOrderOfTheCalls() {
        try (Node node = Node.start("request-all")) {
            Box box = new Box();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, box);
            List<PendingCall<String>> calls = List.of(
                    server.sendRequest(new Hold("1")),
                    server.sendRequest(new Hold("2")),
                    server.sendRequest(new Hold("3")));
            List<Held> held = List.of(box.held(), box.held(), box.held());

            // Answered last first: the list still comes back in the calls' order.
            for (Held h : held.reversed()) {
                h.from().reply(h.request(), "reply " + h.request().tag());
            }

            assertThat(PendingCall.awaitAll(calls, Within.WAIT)).containsExactly("reply 1", "reply 2", "reply 3");
        }
    }

    @Test
    void awaitAllFailsWhenOneServerFailsAndGivesUpTheRest() {
        try (Node node = Node.start("request-all-fail")) {
            Box healthy = new Box();
            GenServerRef<Req<?>, Msg> good = GenServer.start(node, healthy);
            GenServerRef<Req<?>, Msg> bad = GenServer.start(node, new Box());
            GenServerRef<Req<?>, Msg> slow = GenServer.start(node, new Box());
            good.cast(new Add(1));
            Sys.suspend(slow);

            List<PendingCall<Integer>> calls = List.of(
                    good.sendRequest(new Get()), bad.sendRequest(new Crash("failing")), slow.sendRequest(new Get()));

            assertThatThrownBy(() -> PendingCall.awaitAll(calls, Within.WAIT))
                    .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                        assertThat(e.server()).isEqualTo(bad.pid());
                        assertThat(e.reason()).isInstanceOf(ExitReason.Crash.class);
                    });
            Sys.resume(slow);
            slow.call(new Get());
            assertThat(Sys.statistics(slow).skippedCalls())
                    .as("the call still pending was given up")
                    .isEqualTo(1);
            assertThat(calls.get(0).check()).contains(1);
        }
    }
}
