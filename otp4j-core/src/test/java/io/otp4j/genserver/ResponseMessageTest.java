package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
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
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** Requests whose answer comes as a message: sendRequest with a process to reply to, and its responses. */
class ResponseMessageTest {

    @Test
    void theReplyComesToTheProcessAsAResponseCarryingItsId() {
        try (Node node = Node.start("response-reply")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            box.cast(new Add(5));
            Within.inProcess(node, self -> {
                RequestId<Integer> id = box.sendRequest(new Get(), self.self());
                assertThat(id.request()).isEqualTo(new Get());
                assertThat(id.replyTo()).isEqualTo(self.self());

                Response<Integer> response = id.responseIn(self.receive()).orElseThrow();
                assertThat(response).isInstanceOf(Response.Replied.class);
                assertThat(response.id()).isSameAs(id);
                assertThat(response.reply()).isEqualTo(5);
                return null;
            });
        }
    }

    @Test
    void aServerKeepsManyRequestsInFlightAndHandlesTheirResponsesInHandleInfoInOrder() {
        try (Node node = Node.start("response-asker")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            Asker asker = new Asker(box, 100);
            GenServer.start(node, asker).cast("go");
            // Each request follows a cast of 1, so the nth reply is n: in order, one each, none lost.
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= 100; i++) {
                expected.add(i);
            }
            assertThat(Within.get(asker.replies)).isEqualTo(expected);
        }
    }

    @Test
    void aServerThatExitsBeforeReplyingSendsAFailedResponseWithItsReason() {
        try (Node node = Node.start("response-crash")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            Within.inProcess(node, self -> {
                RequestId<Integer> id = box.sendRequest(new Crash("boom"), self.self());
                Response<Integer> response = id.responseIn(self.receive()).orElseThrow();
                assertThat(response).isInstanceOf(Response.Failed.class);
                assertThatThrownBy(response::reply)
                        .isInstanceOf(ServerExitedException.class)
                        .hasMessageContaining("boom");
                return null;
            });
        }
    }

    @Test
    void aServerAlreadyGoneAnswersNoprocAtOnce() {
        try (Node node = Node.start("response-noproc")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            box.stop();
            Within.inProcess(node, self -> {
                RequestId<Integer> id = box.sendRequest(new Get(), self.self());
                Response<Integer> response = id.responseIn(self.receive()).orElseThrow();
                Response.Failed<Integer> failed = (Response.Failed<Integer>) response;
                assertThat(failed.error()).isInstanceOf(ServerExitedException.class);
                assertThat(((ServerExitedException) failed.error()).reason()).isEqualTo(ExitReason.noproc());
                return null;
            });
        }
    }

    @Test
    void aCancelledRequestIsSkippedAndGetsNoResponse() {
        try (Node node = Node.start("response-cancel")) {
            Box state = new Box();
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, state);
            PendingCall<Integer> blocked = box.sendRequest(new Block());
            Within.await(state.blocking);
            Within.inProcess(node, self -> {
                RequestId<Integer> cancelled = box.sendRequest(new Get(), self.self());
                cancelled.cancel();
                RequestId<Integer> kept = box.sendRequest(new Get(), self.self());
                state.gate.countDown();

                Object first = self.receive();
                assertThat(kept.responseIn(first)).isPresent();
                assertThat(cancelled.responseIn(first)).isEmpty();
                // The server took the cancelled request before the kept one and skipped it: nothing else came.
                assertThat(self.receive(Duration.ZERO)).isEmpty();
                return null;
            });
            assertThat(blocked.await(Within.WAIT)).isZero();
            assertThat(state.handled).containsExactly(new Block(), new Get());
        }
    }

    @Test
    void aDeferredReplyFromAnotherThreadStillComesAsAResponse() {
        try (Node node = Node.start("response-deferred")) {
            Box state = new Box();
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, state);
            CompletableFuture<Object> received = Within.spawn(node, self -> {
                RequestId<String> id = box.sendRequest(new Hold("later"), self.self());
                return id.responseIn(self.receive()).orElseThrow().reply();
            });
            Held held = state.held();
            assertThat(held.from().isWaiting()).isTrue();
            assertThat(held.from().reply(held.request(), "answered")).isTrue();
            assertThat(Within.get(received)).isEqualTo("answered");
        }
    }

    @Test
    void aServerMaySendARequestToItself() {
        try (Node node = Node.start("response-self")) {
            SelfAsker asker = new SelfAsker();
            GenServerRef<Req<?>, Msg> ref = GenServer.start(node, asker);
            asker.ref.complete(ref);
            ref.cast(new Add(7));
            assertThat(Within.get(asker.answer)).isEqualTo(7);
        }
    }

    @Test
    void responseInTellsOneRequestsResponseFromOtherMessages() {
        try (Node node = Node.start("response-match")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            Within.inProcess(node, self -> {
                RequestId<Integer> first = box.sendRequest(new Get(), self.self());
                RequestId<Integer> second = box.sendRequest(new Get(), self.self());
                Object a = self.receive();
                Object b = self.receive();
                assertThat(first.responseIn(a)).isPresent();
                assertThat(second.responseIn(a)).isEmpty();
                assertThat(second.responseIn(b)).isPresent();
                assertThat(first.responseIn("a message of another kind")).isEmpty();
                return null;
            });
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void aResponseCannotGoToAProcessOfAnotherNode() {
        try (Node node = Node.start("response-here");
                Node other = Node.start("response-there")) {
            GenServerRef<Req<?>, Msg> box = GenServer.start(node, new Box());
            Pid elsewhere = other.spawn(self -> self.receive());
            assertThatThrownBy(() -> box.sendRequest(new Get(), elsewhere))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("response-here")
                    .hasMessageContaining("response-there");
            assertThatThrownBy(() -> box.sendRequest(null, elsewhere))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("request");
            assertThatThrownBy(() -> box.sendRequest(new Get(), null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("replyTo");
            other.exit(elsewhere, ExitReason.kill());
        }
    }

    /** Sends {@code count} requests to the box at once, each after a cast of 1, and collects the replies. */
    static final class Asker implements GenServer<List<Integer>, Req<?>, String> {
        private final GenServerRef<Req<?>, Msg> box;
        private final int count;
        private final CompletableFuture<List<Integer>> replies = new CompletableFuture<>();
        private final List<RequestId<Integer>> ids = new ArrayList<>();
        private @Nullable Pid self;

        Asker(GenServerRef<Req<?>, Msg> box, int count) {
            this.box = box;
            this.count = count;
        }

        @Override
        public Init<List<Integer>> init(ProcessContext context) {
            self = context.self();
            return Init.ok(new ArrayList<>());
        }

        @Override
        public Result<List<Integer>> handleCast(String request, List<Integer> got) {
            for (int i = 0; i < count; i++) {
                box.cast(new Add(1));
                ids.add(box.sendRequest(new Get(), Objects.requireNonNull(self)));
            }
            return noReply(got);
        }

        @Override
        public Result<List<Integer>> handleInfo(Object message, List<Integer> got) {
            Optional<Response<Integer>> response = ids.get(got.size()).responseIn(message);
            got.add(response.orElseThrow().reply()); // responses come in the order sent, from one server
            if (got.size() == count) {
                replies.complete(List.copyOf(got));
            }
            return noReply(got);
        }
    }

    /** A server that asks itself for its total when a cast adds to it, and reports the answer. */
    static final class SelfAsker implements GenServer<Integer, Req<?>, Msg> {
        final CompletableFuture<GenServerRef<Req<?>, Msg>> ref = new CompletableFuture<>();
        final CompletableFuture<Integer> answer = new CompletableFuture<>();
        private @Nullable Pid self;

        @Override
        public Init<Integer> init(ProcessContext context) {
            self = context.self();
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return Results.reply((Get) request, n, n);
        }

        @Override
        public Result<Integer> handleCast(Msg request, Integer n) {
            Within.get(ref)
                    .sendRequest(
                            new Get(), Objects.requireNonNull(self)); // answered after this cast, with the new total
            return noReply(n + ((Add) request).n());
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer n) {
            if (message instanceof Response<?> response) {
                answer.complete((Integer) response.reply());
            }
            return noReply(n);
        }
    }
}
